using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using LstmGen;
using Xunit;
using Xunit.Abstractions;

namespace LstmGen.Tests;

/// <summary>Shared access to Fixtures/onnx.</summary>
internal static class OnnxFixtures
{
    public const int Batch = 2; // every fixture's input holds two sequences

    public static string Path(string file) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "onnx", file);

    public static byte[] Bytes(string file) => File.ReadAllBytes(Path(file));

    /// <summary>A CSV of numbers, one row per line.</summary>
    public static double[][] Csv(string file) =>
        File.ReadLines(Path(file)).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();

    /// <summary>[step, feature] with the steps in reverse order.</summary>
    public static float[] ReverseSteps(float[] seq, int width)
    {
        int steps = seq.Length / width;
        var r = new float[seq.Length];
        for (int t = 0; t < steps; t++)
            Array.Copy(seq, t * width, r, (steps - 1 - t) * width, width);
        return r;
    }
}

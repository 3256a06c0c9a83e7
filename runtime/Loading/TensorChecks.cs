using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LstmGen.Loading;

/// <summary>
/// The checks every loader makes on tensor data, and the text its errors use for shapes and tensor lists, written
/// once so that every format reports them alike.
/// </summary>
internal static class TensorChecks
{
    /// <summary>Reads a tensor and rejects NaN/∞ unless the options allow them.</summary>
    public static float[] ReadChecked(ITensorSource source, string name, LstmLoadOptions options)
    {
        float[] data = source.ReadFloat32(name);
        if (!options.AllowNonFinite)
            CheckFinite(data, source.FileName, name);
        return data;
    }

    /// <summary>Throws if <paramref name="data"/> holds NaN or ±∞, naming the first such element.</summary>
    public static void CheckFinite(ReadOnlySpan<float> data, string? file, string tensor)
    {
        for (int k = 0; k < data.Length; k++)
            if (!float.IsFinite(data[k]))
                throw new LstmFormatException(file, tensor, $"element {k} is {data[k]}; non-finite weights are rejected (set LstmLoadOptions.AllowNonFinite to accept them)",
                    "finite values", data[k].ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>"[4, 3]": a shape, outermost dimension first.</summary>
    public static string Shape(IEnumerable<long> dims) => "[" + string.Join(", ", dims.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A container's tensor names for an error message: sorted, at most twelve, with the count when there are more.</summary>
    public static string DescribeNames(IEnumerable<string> names)
    {
        var list = names.OrderBy(n => n, StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "no tensors"
            : list.Count <= 12 ? "tensors " + string.Join(", ", list)
            : $"{list.Count} tensors: " + string.Join(", ", list.Take(12)) + ", ...";
    }
}

using System.Globalization;
using System.IO;
using System.Text.Json;

namespace LstmGen.Tool.Tests;

/// <summary>The fixture files of every format, and their reference inputs and outputs (computed by PyTorch or Keras).</summary>
internal static class Fixtures
{
    /// <summary>One file per format the tool reads (with the --modules the file needs), for the every-format tests.</summary>
    public static TheoryData<string, string> EveryFormat => new()
    {
        { "torch/lstm_stack2.safetensors", "" },
        { "torch/lstm_prefixed.npz", "" },
        { "onnx/torch_bidir2.onnx", "" },
        { "rtneural/models/lstm.json", "" },
        { "rtneural/models/lstm_torch.json", "" },
        { "keras2c/model.h5", "" },
        { "keras-gru/gru_model.h5", "" },
        { "keras-bidir/bidir_model.h5", "" },
        { "keras3/model.keras", "" },
        { "keras3/model.weights.h5", "lstm,lstm_1,dense" },
        { "torch/models/model_mixed.onnx", "" },
    };

    /// <summary>Rows of comma-separated numbers.</summary>
    public static double[][] Csv(string relative) =>
        File.ReadAllLines(ToolRun.Fixture(relative)).Where(l => l.Trim().Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    /// <summary>A number array of a JSON fixture.</summary>
    public static double[] JsonArray(string relative, string property)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(ToolRun.Fixture(relative)));
        return doc.RootElement.GetProperty(property).EnumerateArray().Select(e => e.GetDouble()).ToArray();
    }

    /// <summary>Fails unless every value is within <paramref name="tolerance"/>·max(1, |expected|).</summary>
    public static void AssertClose(double[] expected, float[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"{what}[{i}]: expected {expected[i]}, got {actual[i]}");
    }
}

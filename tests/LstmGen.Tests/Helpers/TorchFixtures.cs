namespace LstmGen.Tests;

/// <summary>The PyTorch nn.LSTM fixtures (Fixtures/torch, made by make_fixtures.py with torch 1.13).</summary>
internal static class TorchFixtures
{
    /// <summary>One model make_fixtures.py builds (its MODELS list); TorchFixtureTests checks the manifest against these.</summary>
    public sealed record Model(string Name, int Input, int Hidden, int Layers, bool Bidirectional, bool Bias, int Steps, string Prefix, string SafetensorsDType);

    public static readonly Model[] Models =
    [
        new("lstm_odd", 11, 29, 1, false, true, 7, "", "F32"),
        new("lstm_stack2", 4, 20, 2, false, true, 9, "", "F16"),
        new("lstm_stack3", 3, 8, 3, false, true, 6, "", "BF16"),
        new("lstm_prefixed", 6, 13, 1, false, true, 5, "encoder.lstm.", "F64"),
        new("lstm_nobias", 5, 9, 1, false, false, 8, "", "F32"),
        new("lstm_bidir", 6, 10, 2, true, true, 7, "", "F32"),
    ];

    public static Model Find(string name) => Models.Single(m => m.Name == name);

    /// <summary>One of the fixtures' CSVs of doubles, every row <paramref name="width"/> values, flattened.</summary>
    public static double[] ReadCsv(string file, int width)
    {
        var rows = Fixture.Csv("torch", file);
        Assert.All(rows, r => Assert.Equal(width, r.Length));
        return rows.SelectMany(r => r).ToArray();
    }
}

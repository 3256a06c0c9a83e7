using System.Collections.Generic;

namespace LstmGen.Tests;

// The layer the bad-file tests try to spoil: it must keep working with its old weights.
[LstmLayer(Input = 3, Units = 4, Steps = 5, ReturnSequences = true)] public partial class LdGuard3x4x5 { }

/// <summary>Builds loader test inputs in memory and checks that a failed load leaves a layer as it was.</summary>
internal static class LoaderTestKit
{
    public const int I = 3, U = 4;

    public static TestLstm Model(int seed = 1) => new(I, U, seed);

    /// <summary>state_dict-style named float32 tensors of an nn.LSTM(3, 4).</summary>
    public static List<(string Name, long[] Shape, float[] Data)> StateDict(TestLstm m, string prefix = "", string suffix = "_l0", bool bias = true)
    {
        var list = new List<(string, long[], float[])>
        {
            (prefix + "weight_ih" + suffix, new long[] { 4 * m.Units, m.Input }, m.WeightIh),
            (prefix + "weight_hh" + suffix, new long[] { 4 * m.Units, m.Units }, m.WeightHh),
        };
        if (bias)
        {
            list.Add((prefix + "bias_ih" + suffix, new long[] { 4 * m.Units }, m.BiasIh));
            list.Add((prefix + "bias_hh" + suffix, new long[] { 4 * m.Units }, m.BiasHh));
        }
        return list;
    }

    /// <summary>
    /// Loads good weights into a generated layer, runs <paramref name="badLoad"/> into it, expects an
    /// <see cref="LstmFormatException"/>, and checks the layer still computes exactly what it did before.
    /// </summary>
    public static LstmFormatException RejectedAndUnchanged(Func<LstmWeights> badLoad, ITestOutputHelper? log = null)
    {
        var layer = new LdGuard3x4x5();
        layer.LoadWeights(Model(99).Weights);
        var x = TestData.Inputs(LdGuard3x4x5.Steps * I, seed: 5, amplitude: 1f);
        var before = new float[LdGuard3x4x5.Steps * U];
        layer.Forward(x, before);
        var e = Assert.Throws<LstmFormatException>(() => layer.LoadWeights(badLoad()));
        var after = new float[before.Length];
        layer.Forward(x, after);
        Assert.Equal(before, after);
        Assert.False(string.IsNullOrEmpty(e.Problem));
        Assert.StartsWith(e.FileName ?? "", e.Message);
        log?.WriteLine(e.Message);
        return e;
    }
}

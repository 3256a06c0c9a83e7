using System;

namespace LstmGen.Tests;

/// <summary>Deterministic test data: PyTorch-shaped tensors and inputs.</summary>
public sealed class TestModel
{
    // Weights drawn from ±scale with scale = min(0.5, 4/√(I+U)): large enough to drive gates hard on
    // small layers, and of the magnitude trained layers have on big ones (where ±0.5 over thousands of
    // terms would only measure float32 summation error).
    public TestModel(int input, int units, int seed, float? weightScale = null)
    {
        Input = input;
        Units = units;
        var rng = new Random(seed);
        float scale = weightScale ?? Math.Min(0.5f, 4f / MathF.Sqrt(input + units));
        float[] Fill(int n) { var a = new float[n]; for (int k = 0; k < n; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * scale; return a; }
        WeightIh = Fill(4 * units * input);
        WeightHh = Fill(4 * units * units);
        BiasIh = Fill(4 * units);
        BiasHh = Fill(4 * units);
    }

    public int Input { get; }
    public int Units { get; }
    public float[] WeightIh { get; }
    public float[] WeightHh { get; }
    public float[] BiasIh { get; }
    public float[] BiasHh { get; }

    public LstmWeights Weights => LstmWeights.FromPyTorch(Input, Units, WeightIh, WeightHh, BiasIh, BiasHh);

    public ReferenceLstm Reference() => new(Input, Units, WeightIh, WeightHh, BiasIh, BiasHh);

    public static float[] Inputs(int count, int seed, float amplitude)
    {
        var rng = new Random(seed);
        var a = new float[count];
        for (int k = 0; k < count; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * amplitude;
        return a;
    }
}

namespace LstmGen.Tests;

/// <summary>One LSTM's deterministic test weights as PyTorch's tensors, its LstmWeights, and its float64 reference.</summary>
public sealed class TestLstm
{
    // Weights drawn from ±scale with scale = min(0.5, 4/√(I+U)): large enough to drive gates hard on
    // small layers, and of the magnitude trained layers have on big ones (where ±0.5 over thousands of
    // terms would only measure float32 summation error).
    public TestLstm(int input, int units, int seed)
    {
        Input = input;
        Units = units;
        var rng = new Random(seed);
        float scale = Math.Min(0.5f, 4f / MathF.Sqrt(input + units));
        WeightIh = TestData.Uniform(rng, 4 * units * input, scale);
        WeightHh = TestData.Uniform(rng, 4 * units * units, scale);
        BiasIh = TestData.Uniform(rng, 4 * units, scale);
        BiasHh = TestData.Uniform(rng, 4 * units, scale);
    }

    public int Input { get; }
    public int Units { get; }
    public float[] WeightIh { get; }
    public float[] WeightHh { get; }
    public float[] BiasIh { get; }
    public float[] BiasHh { get; }

    public LstmWeights Weights => LstmWeights.FromPyTorch(Input, Units, WeightIh, WeightHh, BiasIh, BiasHh);

    public ReferenceLstm Reference() => new(Input, Units, WeightIh, WeightHh, BiasIh, BiasHh);
}

namespace LstmGen.Tests;

/// <summary>
/// Random weights of the right kind and shape for every weighted layer of a <see cref="ModelArchitecture"/>, each tensor
/// drawn with <see cref="TestData.Uniform"/> in ±1/√Units: LSTM and GRU from PyTorch's two biases (an LSTM's summed
/// here), a reset_after=False GRU from Keras's one bias, Dense from PyTorch's [out, in].
/// </summary>
internal static class RandomModelWeights
{
    public static ModelWeights For(ModelArchitecture architecture, int seed)
    {
        var rng = new Random(seed);
        return new ModelWeights(architecture.Layers.Where(l => l.HasWeights).Select(l => Layer(l, rng)).ToArray());
    }

    private static LayerWeights Layer(ModelLayer l, Random rng)
    {
        int i = l.Input, u = l.Units;
        float[] Draw(int count) => TestData.Uniform(rng, count, 1f / MathF.Sqrt(u));
        LstmWeights Lstm() => LstmWeights.FromPyTorch(i, u, Draw(4 * u * i), Draw(4 * u * u), Draw(4 * u), Draw(4 * u));
        return l.Kind switch
        {
            LayerKind.Lstm => l.Bidirectional ? new BidirectionalWeights(Lstm(), Lstm()) : Lstm(),
            LayerKind.Gru when l.ResetAfter => GruWeights.FromPyTorch(i, u, Draw(3 * u * i), Draw(3 * u * u), Draw(3 * u), Draw(3 * u)),
            LayerKind.Gru => GruWeights.FromKeras(i, u, Draw(i * 3 * u), Draw(u * 3 * u), Draw(3 * u), resetAfter: false),
            _ => DenseWeights.FromPyTorch(i, u, Draw(u * i), Draw(u)),
        };
    }
}

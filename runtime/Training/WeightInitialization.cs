using System;

namespace LstmGen.Training;

/// <summary>Initial weights for training.</summary>
public static class WeightInitialization
{
    /// <summary>
    /// PyTorch's default initialisation (the <c>reset_parameters</c> of <c>nn.LSTM</c>, <c>nn.GRU</c> and <c>nn.Linear</c>):
    /// an LSTM's or GRU's every weight and bias uniform in [−1/√H, 1/√H] (H the units; per direction for a bidirectional
    /// LSTM), the LSTM's one summed bias being the sum of two such draws (b_ih + b_hh); a Dense layer's weight and bias
    /// uniform in [−1/√in, 1/√in] (Linear's Kaiming-uniform with a = √5 comes to that bound). A GRU with
    /// reset_after=False, which PyTorch lacks, gets the same bounds for its weights and its one bias.
    /// </summary>
    /// <remarks>
    /// The values come from this library's own seeded generator, not from torch's, so they differ from what torch draws
    /// for the same seed; the distributions are the same. The same seed gives bit-identical weights on every machine.
    /// </remarks>
    /// <param name="architecture">The model.</param>
    /// <param name="seed">Any value; the same seed, the same weights.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> is null.</exception>
    public static ModelWeights PyTorchDefault(ModelArchitecture architecture, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var workspace = new GradientWorkspace(architecture, capacity: 1);
        FillPyTorchDefault(architecture, seed, workspace.Parameters);
        return workspace.CreateWeights(workspace.Parameters);
    }

    /// <summary>Draws PyTorch's default initialisation into a flat parameter vector in the workspace layout
    /// (per layer: W_ih, W_hh, bias(es) per direction; Dense W, b), tensor by tensor in PyTorch's parameter order.</summary>
    internal static void FillPyTorchDefault(ModelArchitecture architecture, int seed, Span<float> parameters)
    {
        var random = new SeededRandom(seed);
        var rest = parameters;
        static Span<float> Next(ref Span<float> rest, int length)
        {
            var slice = rest.Slice(0, length);
            rest = rest.Slice(length);
            return slice;
        }
        foreach (var layer in architecture.Layers)
        {
            int i = layer.Input, h = layer.Units;
            switch (layer.Kind)
            {
                case LayerKind.Lstm:
                    float bound = 1 / MathF.Sqrt(h);
                    for (int d = 0; d < (layer.Bidirectional ? 2 : 1); d++)
                    {
                        Uniform(Next(ref rest, 4 * h * i), bound, ref random);
                        Uniform(Next(ref rest, 4 * h * h), bound, ref random);
                        var bias = Next(ref rest, 4 * h);
                        Uniform(bias, bound, ref random);             // b_ih
                        for (int k = 0; k < bias.Length; k++)
                            bias[k] += (random.NextSingle() * 2 - 1) * bound; // + b_hh
                    }
                    break;
                case LayerKind.Gru:
                    bound = 1 / MathF.Sqrt(h);
                    Uniform(Next(ref rest, 3 * h * i), bound, ref random);
                    Uniform(Next(ref rest, 3 * h * h), bound, ref random);
                    Uniform(Next(ref rest, 3 * h), bound, ref random);
                    var recurrentBias = Next(ref rest, 3 * h); // reset_after=False has no b_hh: it stays zero
                    if (layer.ResetAfter)
                        Uniform(recurrentBias, bound, ref random);
                    else
                        recurrentBias.Clear();
                    break;
                case LayerKind.Dense:
                    bound = 1 / MathF.Sqrt(i);
                    Uniform(Next(ref rest, h * i), bound, ref random);
                    Uniform(Next(ref rest, h), bound, ref random);
                    break;
            }
        }
        if (!rest.IsEmpty)
            throw new InvalidOperationException($"Initialisation left {rest.Length} of {parameters.Length} parameters unfilled.");
    }

    private static void Uniform(Span<float> values, float bound, ref SeededRandom random)
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = (random.NextSingle() * 2 - 1) * bound;
    }
}

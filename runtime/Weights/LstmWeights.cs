using System;

namespace LstmGen;

/// <summary>
/// The weights of one LSTM layer in LstmGen's canonical form: PyTorch's gate order
/// (i = input, f = forget, g = cell candidate, o = output), row-major matrices, and a single bias
/// vector that is the sum of the input-side and recurrent-side biases.
/// </summary>
/// <remarks>
/// <para>Shapes, with I = <see cref="Input"/> and U = <see cref="Units"/>:
/// <see cref="WeightIh"/> [4U, I], <see cref="WeightHh"/> [4U, U], <see cref="Bias"/> [4U];
/// row <c>g·U + u</c> belongs to gate g (0 = i, 1 = f, 2 = g, 3 = o) of unit u.</para>
/// <para>Instances are immutable. Factories copy their inputs, so the caller's buffers may be reused. One instance may
/// be shared by any number of threads and loaded into any number of layers (<c>LoadWeights</c> copies it into the
/// layer's own packed layout); the layers, which hold the streaming state, are one per thread (see
/// docs/reliability.md).</para>
/// </remarks>
public sealed partial class LstmWeights : LayerWeights
{
    private readonly float[] _weightIh;
    private readonly float[] _weightHh;
    private readonly float[] _bias;

    internal LstmWeights(int input, int units, float[] weightIh, float[] weightHh, float[] bias)
    {
        Input = input;
        Units = units;
        _weightIh = weightIh;
        _weightHh = weightHh;
        _bias = bias;
    }

    /// <summary>Features per time step (I).</summary>
    public int Input { get; }

    /// <summary>Hidden/cell state size (U, num_units).</summary>
    public int Units { get; }

    // For the packers (spans cannot be captured by their lambdas).
    internal float[] WeightIhArray => _weightIh;
    internal float[] WeightHhArray => _weightHh;
    internal float[] BiasArray => _bias;

    /// <summary>Input-to-hidden weights, [4U, I] row-major, gates i, f, g, o.</summary>
    public ReadOnlySpan<float> WeightIh => _weightIh;

    /// <summary>Hidden-to-hidden (recurrent) weights, [4U, U] row-major, gates i, f, g, o.</summary>
    public ReadOnlySpan<float> WeightHh => _weightHh;

    /// <summary>Combined bias, [4U], gates i, f, g, o (PyTorch's bias_ih + bias_hh).</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>The Keras parameter count 4·U·(I+U+1) (PyTorch stores one more bias vector of 4U).</summary>
    public override long ParameterCount => 4L * Units * (Input + Units + 1);

    /// <inheritdoc/>
    public override int InputSize => Input;

    /// <inheritdoc/>
    public override int OutputSize => Units;

    /// <inheritdoc/>
    public override string Kind => "LSTM";

    /// <summary>
    /// From PyTorch <c>nn.LSTM</c> tensors: <c>weight_ih_l{k}</c> [4U, I], <c>weight_hh_l{k}</c> [4U, U],
    /// <c>bias_ih_l{k}</c> [4U] and <c>bias_hh_l{k}</c> [4U], gates i, f, g, o. The two biases are summed.
    /// Pass empty bias spans for a layer built with <c>bias=False</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static LstmWeights FromPyTorch(int input, int units, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        CheckSizes(input, units);
        int g4 = 4 * units;
        WeightInputs.CheckLength(weightIh, (long)g4 * input, nameof(weightIh), $"[{g4}, {input}]");
        WeightInputs.CheckLength(weightHh, (long)g4 * units, nameof(weightHh), $"[{g4}, {units}]");
        WeightInputs.CheckOptionalLength(biasIh, g4, nameof(biasIh));
        WeightInputs.CheckOptionalLength(biasHh, g4, nameof(biasHh));

        var bias = new float[g4];
        for (int r = 0; r < g4; r++)
            bias[r] = (biasIh.IsEmpty ? 0f : biasIh[r]) + (biasHh.IsEmpty ? 0f : biasHh[r]);
        return new LstmWeights(input, units, weightIh.ToArray(), weightHh.ToArray(), bias);
    }

    /// <summary>
    /// From a Keras / tf.keras <c>LSTM</c> layer: <c>kernel</c> [I, 4U], <c>recurrent_kernel</c> [U, 4U] and
    /// <c>bias</c> [4U], gates i, f, c, o (Keras's c is PyTorch's g, so only the transposition differs).
    /// Pass an empty bias for <c>use_bias=False</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static LstmWeights FromKeras(int input, int units, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel,
        ReadOnlySpan<float> bias)
    {
        CheckSizes(input, units);
        int g4 = 4 * units;
        WeightInputs.CheckLength(kernel, (long)input * g4, nameof(kernel), $"[{input}, {g4}]");
        WeightInputs.CheckLength(recurrentKernel, (long)units * g4, nameof(recurrentKernel), $"[{units}, {g4}]");
        WeightInputs.CheckOptionalLength(bias, g4, nameof(bias));

        var wIh = WeightInputs.Transpose(kernel, input, g4);
        var wHh = WeightInputs.Transpose(recurrentKernel, units, g4);
        return new LstmWeights(input, units, wIh, wHh, bias.IsEmpty ? new float[g4] : bias.ToArray());
    }

    /// <summary>
    /// From an ONNX <c>LSTM</c> node's initializers for one direction: <c>W</c> [4U, I], <c>R</c> [4U, U] and
    /// <c>B</c> [8U] (input bias then recurrent bias, summed here), gates i, o, f, c, reordered here to i, f, g, o.
    /// Pass an empty <paramref name="b"/> when the node has no B input.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static LstmWeights FromOnnx(int input, int units, ReadOnlySpan<float> w, ReadOnlySpan<float> r, ReadOnlySpan<float> b)
    {
        CheckSizes(input, units);
        int g4 = 4 * units;
        WeightInputs.CheckLength(w, (long)g4 * input, nameof(w), $"[{g4}, {input}]");
        WeightInputs.CheckLength(r, (long)g4 * units, nameof(r), $"[{g4}, {units}]");
        WeightInputs.CheckOptionalLength(b, 2 * g4, nameof(b));

        // Canonical gate c (i, f, g, o) comes from ONNX gate OnnxGate[c] (ONNX order i, o, f, c).
        ReadOnlySpan<int> onnxGate = [0, 2, 3, 1];
        var wIh = new float[g4 * input];
        var wHh = new float[g4 * units];
        var bias = new float[g4];
        for (int gate = 0; gate < 4; gate++)
        {
            int src = onnxGate[gate] * units, dst = gate * units;
            w.Slice(src * input, units * input).CopyTo(wIh.AsSpan(dst * input));
            r.Slice(src * units, units * units).CopyTo(wHh.AsSpan(dst * units));
            if (!b.IsEmpty)
                for (int u = 0; u < units; u++)
                    bias[dst + u] = b[src + u] + b[g4 + src + u];
        }
        return new LstmWeights(input, units, wIh, wHh, bias);
    }

    /// <summary>
    /// Deterministic pseudo-random weights drawn uniformly from ±1/√U (PyTorch's default initialisation
    /// range) for demos, benchmarks and tests. The same arguments always give the same weights.
    /// </summary>
    public static LstmWeights CreateRandom(int input, int units, int seed)
    {
        CheckSizes(input, units);
        int g4 = 4 * units;
        var rng = new Random(seed);
        float scale = 1f / MathF.Sqrt(units);
        float[] Fill(long n)
        {
            var a = new float[n];
            for (long k = 0; k < n; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * scale;
            return a;
        }
        var wIh = Fill((long)g4 * input);
        var wHh = Fill((long)g4 * units);
        var bias = Fill(g4);
        return new LstmWeights(input, units, wIh, wHh, bias);
    }

    private static void CheckSizes(int input, int units)
    {
        WeightInputs.CheckSizes(input, units);
        if (4L * units * ((long)input + units + 1) > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(units), units,
                $"4·units·(input+units+1) = {4L * units * ((long)input + units + 1)} parameters exceeds {int.MaxValue}.");
    }
}

using System;

namespace LstmGen;

/// <summary>
/// The weights of one GRU layer in PyTorch's form (<c>nn.GRU</c>, gates r, z, n): <see cref="WeightIh"/> [3U, I],
/// <see cref="WeightHh"/> [3U, U], and the two biases kept apart, because with reset_after semantics (PyTorch,
/// Keras <c>reset_after=True</c>) the recurrent bias of n sits inside the reset gate's product:
/// n = tanh(W_in·x + b_in + r∘(W_hn·h + b_hn)), h' = (1 − z)∘n + z∘h.
/// With <see cref="ResetAfter"/> false (Keras <c>reset_after=False</c>) r multiplies h before the product and each gate
/// has one bias, held in <see cref="BiasIh"/> (<see cref="BiasHh"/> is zeros): n = tanh(W_in·x + W_hn·(r∘h) + b_in).
/// </summary>
public sealed class GruWeights : LayerWeights
{
    private readonly float[] _weightIh, _weightHh, _biasIh, _biasHh;

    private GruWeights(int input, int units, float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh, bool resetAfter = true)
    {
        Input = input;
        Units = units;
        ResetAfter = resetAfter;
        (_weightIh, _weightHh, _biasIh, _biasHh) = (weightIh, weightHh, biasIh, biasHh);
    }

    /// <summary>Features per time step (I).</summary>
    public int Input { get; }

    /// <summary>Hidden state size (U).</summary>
    public int Units { get; }

    /// <summary>
    /// True: r applied after the recurrent product (PyTorch, Keras <c>reset_after=True</c>). False: Keras
    /// <c>reset_after=False</c>, r applied to h before it. A model's <c>[Gru(ResetAfter = ...)]</c> must match.
    /// </summary>
    public bool ResetAfter { get; }

    /// <summary>[3U, I] row-major, gates r, z, n.</summary>
    public ReadOnlySpan<float> WeightIh => _weightIh;

    /// <summary>[3U, U] row-major, gates r, z, n.</summary>
    public ReadOnlySpan<float> WeightHh => _weightHh;

    /// <summary>[3U] input-side bias (zeros when the layer has none).</summary>
    public ReadOnlySpan<float> BiasIh => _biasIh;

    /// <summary>[3U] recurrent-side bias (zeros when the layer has none, and when <see cref="ResetAfter"/> is false).</summary>
    public ReadOnlySpan<float> BiasHh => _biasHh;

    internal float[] WeightIhArray => _weightIh;
    internal float[] WeightHhArray => _weightHh;
    internal float[] BiasIhArray => _biasIh;
    internal float[] BiasHhArray => _biasHh;

    /// <inheritdoc/>
    public override int InputSize => Input;

    /// <inheritdoc/>
    public override int OutputSize => Units;

    /// <summary>3·U·(I+U+2): PyTorch's and Keras's (reset_after=True) count, both biases included; 3·U·(I+U+1) with one bias.</summary>
    public override long ParameterCount => 3L * Units * (Input + Units + (ResetAfter ? 2 : 1));

    /// <inheritdoc/>
    public override string Kind => "GRU";

    /// <summary>"GRU I -> U", plus "(reset_after=False)" for that convention, so load errors show it.</summary>
    public override string ToString() => ResetAfter ? base.ToString() : base.ToString() + " (reset_after=False)";

    /// <summary>
    /// From PyTorch <c>nn.GRU</c>: <c>weight_ih_l{k}</c> [3U, I], <c>weight_hh_l{k}</c> [3U, U], <c>bias_ih_l{k}</c> and
    /// <c>bias_hh_l{k}</c> [3U] (both empty for <c>bias=False</c>), gates r, z, n.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static GruWeights FromPyTorch(int input, int units, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh,
        ReadOnlySpan<float> biasIh, ReadOnlySpan<float> biasHh)
    {
        CheckSizes(input, units);
        int g3 = 3 * units;
        WeightInputs.CheckLength(weightIh, (long)g3 * input, nameof(weightIh), $"[{g3}, {input}]");
        WeightInputs.CheckLength(weightHh, (long)g3 * units, nameof(weightHh), $"[{g3}, {units}]");
        if (!biasIh.IsEmpty) WeightInputs.CheckLength(biasIh, g3, nameof(biasIh), $"[{g3}] (or empty)");
        if (!biasHh.IsEmpty) WeightInputs.CheckLength(biasHh, g3, nameof(biasHh), $"[{g3}] (or empty)");
        return new GruWeights(input, units, weightIh.ToArray(), weightHh.ToArray(),
            biasIh.IsEmpty ? new float[g3] : biasIh.ToArray(), biasHh.IsEmpty ? new float[g3] : biasHh.ToArray());
    }

    /// <summary>
    /// From a Keras <c>GRU</c> with <c>reset_after=True</c> (the TF2 / Keras 3 default): <c>kernel</c> [I, 3U],
    /// <c>recurrent_kernel</c> [U, 3U], <c>bias</c> [2, 3U] (input row, then recurrent row; empty for use_bias=False),
    /// gate columns z, r, h, reordered here to PyTorch's r, z, n.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length (a [3U] bias is
    /// <c>reset_after=False</c>: use the overload with <c>resetAfter</c>).</exception>
    public static GruWeights FromKeras(int input, int units, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias) =>
        FromKeras(input, units, kernel, recurrentKernel, bias, resetAfter: true);

    /// <summary>
    /// From a Keras <c>GRU</c> with the given <c>reset_after</c>: <c>kernel</c> [I, 3U], <c>recurrent_kernel</c> [U, 3U], and
    /// <c>bias</c> [2, 3U] when <paramref name="resetAfter"/> is true, [3U] when false (empty for use_bias=False); gate
    /// columns z, r, h, reordered here to PyTorch's r, z, n.
    /// </summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static GruWeights FromKeras(int input, int units, ReadOnlySpan<float> kernel, ReadOnlySpan<float> recurrentKernel, ReadOnlySpan<float> bias,
        bool resetAfter)
    {
        CheckSizes(input, units);
        int g3 = 3 * units;
        WeightInputs.CheckLength(kernel, (long)input * g3, nameof(kernel), $"[{input}, {g3}]");
        WeightInputs.CheckLength(recurrentKernel, (long)units * g3, nameof(recurrentKernel), $"[{units}, {g3}]");
        if (resetAfter && !bias.IsEmpty && bias.Length != 2 * g3)
            throw new ArgumentException($"bias: expected shape [2, {g3}] = {2 * g3} floats (reset_after=True), got {bias.Length}" +
                (bias.Length == g3 ? " (a [3U] bias is reset_after=False: pass resetAfter: false)." : "."), nameof(bias));
        if (!resetAfter && !bias.IsEmpty && bias.Length != g3)
            throw new ArgumentException($"bias: expected shape [{g3}] = {g3} floats (reset_after=False), got {bias.Length}" +
                (bias.Length == 2 * g3 ? " (a [2, 3U] bias is reset_after=True: pass resetAfter: true)." : "."), nameof(bias));
        // Keras column block k (z, r, h) → PyTorch gate row block (r, z, n).
        ReadOnlySpan<int> torchGate = [1, 0, 2];
        var wIh = new float[g3 * input];
        var wHh = new float[g3 * units];
        float[] bIh = new float[g3], bHh = new float[g3];
        for (int k = 0; k < 3; k++)
            for (int u = 0; u < units; u++)
            {
                int row = torchGate[k] * units + u, column = k * units + u;
                for (int i = 0; i < input; i++) wIh[row * input + i] = kernel[i * g3 + column];
                for (int j = 0; j < units; j++) wHh[row * units + j] = recurrentKernel[j * g3 + column];
                if (!bias.IsEmpty)
                {
                    bIh[row] = bias[column];
                    if (resetAfter)
                        bHh[row] = bias[g3 + column];
                }
            }
        return new GruWeights(input, units, wIh, wHh, bIh, bHh, resetAfter);
    }

    private static void CheckSizes(int input, int units)
    {
        WeightInputs.CheckSizes(input, units);
        // Packed as four gate blocks, like an LSTM (see LstmLayout.PackGru).
        if (4L * units * ((long)input + units + 1) > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(units), units, "the packed layer would exceed 2³¹−1 floats.");
    }
}

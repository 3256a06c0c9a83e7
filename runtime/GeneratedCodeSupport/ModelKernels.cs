using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// The non-recurrent pieces of generated models: Dense layers and activations over a vector. Public only so
/// generated code can call it; the packed layout may change between versions (generator and runtime ship together).
/// </summary>
/// <remarks>
/// A Dense layer is packed transposed, [1 + Input rows, Units padded to <see cref="DenseWidth"/>]: row 0 is the
/// bias, row 1 + k holds W[:, k]. y is then a sum of broadcast x[k] times contiguous rows, the same FMA pattern
/// as the LSTM kernels, with no horizontal reductions. Padded outputs have zero weights and are never stored.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ModelKernels
{
    /// <summary>Outputs are padded to this many floats (the widest vector), so every path reads whole vectors.</summary>
    public const int DenseWidth = KernelSizing.DenseWidth;

    /// <summary>Units rounded up to <see cref="DenseWidth"/>.</summary>
    public static int DensePaddedUnits(int units) => KernelSizing.Pad(units, DenseWidth);

    /// <summary>Floats of a packed Dense layer.</summary>
    public static int DensePackedLength(int input, int units) => checked((1 + input) * DensePaddedUnits(units));

    /// <summary>Packs <paramref name="weights"/> (see the remarks of <see cref="ModelKernels"/>).</summary>
    public static float[] PackDense(DenseWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int input = weights.Input, units = weights.Units, padded = DensePaddedUnits(units);
        var packed = new float[DensePackedLength(input, units)];
        ReadOnlySpan<float> w = weights.Weight, b = weights.Bias;
        b.CopyTo(packed);
        for (int o = 0; o < units; o++)
            for (int k = 0; k < input; k++)
                packed[(1 + k) * padded + o] = w[o * input + k];
        LstmDenormals.FlushInPlace(packed); // no product reads a denormal weight
        return packed;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when the activations <paramref name="weights"/>' file records differ from
    /// the ones declared for layer <paramref name="layer"/> of <paramref name="model"/> (a generated model's or
    /// layer's <c>LoadWeights</c>, before anything is packed). <paramref name="recurrentActivation"/> is null for Dense.
    /// </summary>
    public static void CheckActivations(LayerWeights weights, string model, int layer, Activation activation, Activation? recurrentActivation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.CheckActivations($"weights.Layers[{layer}]: {model} layer {layer} ({weights.Kind}) is declared with", activation,
            recurrentActivation, nameof(weights));
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when <paramref name="weights"/>' file records activations other than the
    /// tanh cell and σ gates a generated <c>[LstmLayer]</c> class named <paramref name="layer"/> computes.
    /// </summary>
    public static void CheckLayerActivations(LstmWeights weights, string layer)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.CheckActivations($"weights: {layer} computes", Activation.Tanh, Activation.Sigmoid, nameof(weights));
    }

    /// <summary>y = act(W·x + b) for a layer packed by <see cref="PackDense"/>; x and y must not overlap.</summary>
    public static void Dense(float[] packed, int input, int units, ReadOnlySpan<float> x, Span<float> y, Activation activation)
    {
        if (x.Length != input)
            throw new ArgumentException($"x: expected {input} floats, got {x.Length}.", nameof(x));
        if (y.Length != units)
            throw new ArgumentException($"y: expected {units} floats, got {y.Length}.", nameof(y));
        if (packed.Length != DensePackedLength(input, units))
            throw new ArgumentException($"packed: expected {DensePackedLength(input, units)} floats, got {packed.Length}.", nameof(packed));
        // Softmax needs all outputs: the linear part first, then the normalisation below.
        var elementwise = activation == Activation.Softmax ? Activation.Linear : activation;
        x = LstmDenormals.Flushed(x, out float[]? flushed); // as the recurrent layers flush theirs
        if (Vector256.IsHardwareAccelerated)
            Dense<Ops256, Vector256<float>>(packed, input, units, x, y, elementwise);
        else if (Vector128.IsHardwareAccelerated)
            Dense<Ops128, Vector128<float>>(packed, input, units, x, y, elementwise);
        else
            Dense<OpsScalar, float>(packed, input, units, x, y, elementwise);
        LstmDenormals.Return(flushed);
        if (activation == Activation.Softmax)
            Softmax(y);
    }

    /// <summary>Applies an element-wise activation in place (Softmax normalises the whole span).</summary>
    public static void Activate(Span<float> values, Activation activation)
    {
        if (activation == Activation.Softmax)
        {
            Softmax(values);
            return;
        }
        if (Vector256.IsHardwareAccelerated)
            Activate<Ops256, Vector256<float>>(values, activation);
        else if (Vector128.IsHardwareAccelerated)
            Activate<Ops128, Vector128<float>>(values, activation);
        else
            Activate<OpsScalar, float>(values, activation);
    }

    /// <summary>
    /// Replaces <paramref name="buffer"/> with a zeroed one of <paramref name="length"/> floats when it is shorter: the
    /// scratch of a model without Steps meeting a longer sequence than before.
    /// </summary>
    public static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new float[length];
    }

    /// <summary>Copies a [steps, width] sequence with its steps in reverse order (for backward directions).</summary>
    public static void ReverseSteps(ReadOnlySpan<float> source, Span<float> destination, int steps, int width)
    {
        if (source.Length != steps * width || destination.Length != steps * width)
            throw new ArgumentException($"expected {steps}·{width} floats, got {source.Length} and {destination.Length}.");
        for (int t = 0; t < steps; t++)
            source.Slice((steps - 1 - t) * width, width).CopyTo(destination.Slice(t * width, width));
    }

    /// <summary>
    /// Concatenates a bidirectional layer's outputs per step: destination[t] = [forward[t] | backward[steps − 1 − t]],
    /// since the backward direction ran over the reversed sequence. With steps = 1 it joins the two final states.
    /// </summary>
    public static void ConcatDirections(ReadOnlySpan<float> forward, ReadOnlySpan<float> backwardReversed, Span<float> destination, int steps, int units)
    {
        if (forward.Length != steps * units || backwardReversed.Length != steps * units || destination.Length != 2 * steps * units)
            throw new ArgumentException($"expected {steps}·{units}, {steps}·{units} and {2 * steps * units} floats.");
        for (int t = 0; t < steps; t++)
        {
            forward.Slice(t * units, units).CopyTo(destination.Slice(2 * t * units, units));
            backwardReversed.Slice((steps - 1 - t) * units, units).CopyTo(destination.Slice((2 * t + 1) * units, units));
        }
    }

    /// <summary>e^(v_i − max v) / Σ_j e^(v_j − max v): subtracting the maximum keeps every exponent ≤ 0, so no overflow.</summary>
    public static void Softmax(Span<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values) max = MathF.Max(max, v);
        float sum = 0;
        for (int k = 0; k < values.Length; k++)
            sum += values[k] = MathF.Exp(values[k] - max);
        float scale = 1f / sum;
        for (int k = 0; k < values.Length; k++)
            values[k] *= scale;
    }

    private static void Dense<TOps, TVec>(float[] packed, int input, int units, ReadOnlySpan<float> x, Span<float> y, Activation activation)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        int width = TOps.Width, padded = DensePaddedUnits(units);
        ref float w = ref MemoryMarshal.GetArrayDataReference(packed);
        ref float xs = ref MemoryMarshal.GetReference(x);
        Span<float> tail = stackalloc float[DenseWidth];
        for (int col = 0; col < units; col += width)
        {
            var acc = TOps.Load(ref w, col);
            ref float row = ref Unsafe.Add(ref w, padded + col);
            for (int k = 0; k < input; k++)
            {
                acc = TOps.MultiplyAdd(TOps.Load(ref row, 0), TOps.Broadcast(Unsafe.Add(ref xs, k)), acc);
                row = ref Unsafe.Add(ref row, padded);
            }
            acc = Apply<TOps, TVec>(acc, activation);
            if (col + width <= units)
                TOps.Store(acc, ref MemoryMarshal.GetReference(y), col);
            else
            {
                // The last, partial vector: padded lanes are computed but never written to y.
                TOps.Store(acc, ref MemoryMarshal.GetReference(tail), 0);
                tail.Slice(0, units - col).CopyTo(y.Slice(col));
            }
        }
    }

    private static void Activate<TOps, TVec>(Span<float> values, Activation activation)
        where TOps : ISimdOps<TVec> where TVec : struct
    {
        int width = TOps.Width, k = 0;
        ref float v = ref MemoryMarshal.GetReference(values);
        for (; k + width <= values.Length; k += width)
            TOps.Store(Apply<TOps, TVec>(TOps.Load(ref v, k), activation), ref v, k);
        // The tail, one float at a time through the scalar forms.
        for (; k < values.Length; k++)
            values[k] = Apply<OpsScalar, float>(values[k], activation);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Apply<TOps, TVec>(TVec v, Activation activation) where TOps : ISimdOps<TVec> where TVec : struct =>
        activation switch
        {
            Activation.Linear => v,
            Activation.Relu => TOps.Relu(v),
            Activation.Tanh => TOps.Tanh(v),
            Activation.Sigmoid => TOps.Sigmoid(v),
            Activation.HardSigmoid => TOps.HardSigmoid(v),
            Activation.HardSigmoidKeras2 => TOps.HardSigmoidKeras2(v),
            _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "not an element-wise activation"),
        };
}

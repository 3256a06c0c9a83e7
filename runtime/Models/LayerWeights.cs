using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen;

/// <summary>One layer's weights in a <see cref="ModelWeights"/>: <see cref="LstmWeights"/> or <see cref="DenseWeights"/>.</summary>
public abstract class LayerWeights
{
    private protected LayerWeights() { }

    /// <summary>Features the layer reads per step.</summary>
    public abstract int InputSize { get; }

    /// <summary>Features the layer writes per step.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Trainable parameters (Keras's count).</summary>
    public abstract long ParameterCount { get; }

    /// <summary>"LSTM", "Dense", ...: for error messages.</summary>
    public abstract string Kind { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {InputSize} -> {OutputSize}";
}

/// <summary>
/// The weights of a fully connected layer y = W·x + b in PyTorch's layout: <see cref="Weight"/> [Units, Input]
/// row-major (<c>nn.Linear.weight</c>), <see cref="Bias"/> [Units]. Immutable; factories copy their inputs.
/// </summary>
public sealed class DenseWeights : LayerWeights
{
    private readonly float[] _weight;
    private readonly float[] _bias;

    private DenseWeights(int input, int units, float[] weight, float[] bias)
    {
        Input = input;
        Units = units;
        _weight = weight;
        _bias = bias;
    }

    /// <summary>Input features.</summary>
    public int Input { get; }

    /// <summary>Output features.</summary>
    public int Units { get; }

    /// <summary>[Units, Input] row-major.</summary>
    public ReadOnlySpan<float> Weight => _weight;

    /// <summary>[Units] (zeros for a layer without bias).</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <inheritdoc/>
    public override int InputSize => Input;

    /// <inheritdoc/>
    public override int OutputSize => Units;

    /// <summary>Units·(Input+1).</summary>
    public override long ParameterCount => (long)Units * (Input + 1);

    /// <inheritdoc/>
    public override string Kind => "Dense";

    /// <summary>From PyTorch <c>nn.Linear</c>: <c>weight</c> [out, in], <c>bias</c> [out] (empty for <c>bias=False</c>).</summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static DenseWeights FromPyTorch(int input, int units, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias)
    {
        Check(input, units, weight, bias, nameof(weight), $"[{units}, {input}]");
        return new DenseWeights(input, units, weight.ToArray(), bias.IsEmpty ? new float[units] : bias.ToArray());
    }

    /// <summary>From a Keras <c>Dense</c>: <c>kernel</c> [in, out] (transposed here), <c>bias</c> [out] (empty for <c>use_bias=False</c>).</summary>
    /// <exception cref="ArgumentException">A size is not positive or a tensor has the wrong length.</exception>
    public static DenseWeights FromKeras(int input, int units, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias)
    {
        Check(input, units, kernel, bias, nameof(kernel), $"[{input}, {units}]");
        var w = new float[units * input];
        for (int i = 0; i < input; i++)
            for (int o = 0; o < units; o++)
                w[o * input + i] = kernel[i * units + o];
        return new DenseWeights(input, units, w, bias.IsEmpty ? new float[units] : bias.ToArray());
    }

    private static void Check(int input, int units, ReadOnlySpan<float> matrix, ReadOnlySpan<float> bias, string name, string shape)
    {
        if (input < 1)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"input must be at least 1, got {input}.");
        if (units < 1)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"units must be at least 1, got {units}.");
        if ((long)input * units > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"input·units = {(long)input * units} exceeds {int.MaxValue}.");
        if (matrix.Length != (long)input * units)
            throw new ArgumentException($"{name}: expected shape {shape} = {(long)input * units} floats, got {matrix.Length}.", name);
        if (!bias.IsEmpty && bias.Length != units)
            throw new ArgumentException($"bias: expected shape [{units}] = {units} floats (or empty for no bias), got {bias.Length}.", nameof(bias));
    }
}

/// <summary>
/// A whole model's weights: one <see cref="LayerWeights"/> per weighted layer, in layer order (Dropout layers have
/// none and take no entry). A generated model's <c>LoadWeights</c> checks every layer's kind and shapes before it
/// copies anything, so a mismatch leaves the previous weights in place.
/// </summary>
public sealed partial class ModelWeights
{
    private readonly LayerWeights[] _layers;

    /// <summary>Wraps the layers, in order.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds null.</exception>
    public ModelWeights(params LayerWeights[] layers) : this((IEnumerable<LayerWeights>)layers) { }

    /// <inheritdoc cref="ModelWeights(LayerWeights[])"/>
    public ModelWeights(IEnumerable<LayerWeights> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0)
            throw new ArgumentException("layers: a model needs at least one layer's weights.", nameof(layers));
        for (int k = 0; k < _layers.Length; k++)
            if (_layers[k] is null)
                throw new ArgumentException($"layers: layer {k} is null.", nameof(layers));
    }

    /// <summary>The layers' weights, in order.</summary>
    public IReadOnlyList<LayerWeights> Layers => _layers;

    /// <summary>The sum of the layers' parameter counts.</summary>
    public long ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <inheritdoc/>
    public override string ToString() => string.Join(" → ", _layers.Select(l => l.ToString()));
}

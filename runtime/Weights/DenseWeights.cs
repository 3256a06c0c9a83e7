using System;

namespace LstmGen;

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

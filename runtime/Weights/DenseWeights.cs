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
        return new DenseWeights(input, units, WeightInputs.Transpose(kernel, input, units), bias.IsEmpty ? new float[units] : bias.ToArray());
    }

    private static void Check(int input, int units, ReadOnlySpan<float> matrix, ReadOnlySpan<float> bias, string name, string shape)
    {
        WeightInputs.CheckSizes(input, units);
        if ((long)input * units > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"input·units = {(long)input * units} exceeds {int.MaxValue}.");
        WeightInputs.CheckLength(matrix, (long)input * units, name, shape);
        WeightInputs.CheckOptionalLength(bias, units, nameof(bias));
    }
}

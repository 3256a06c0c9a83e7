using System;

namespace LstmGen;

/// <summary>
/// What the weight factories (<see cref="LstmWeights"/>, <see cref="GruWeights"/>, <see cref="DenseWeights"/>) share:
/// the argument checks, with one wording for their messages, and the transposition of Keras's [in, out] kernels.
/// </summary>
internal static class WeightInputs
{
    /// <summary>Both sizes at least 1; each layer type then checks its own parameter limit.</summary>
    public static void CheckSizes(int input, int units)
    {
        if (input < 1)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"input must be at least 1, got {input}.");
        if (units < 1)
            throw new ArgumentOutOfRangeException(nameof(units), units, $"units must be at least 1, got {units}.");
    }

    /// <summary>The tensor <paramref name="name"/> holds exactly the <paramref name="expected"/> floats of <paramref name="shape"/>.</summary>
    public static void CheckLength(ReadOnlySpan<float> tensor, long expected, string name, string shape)
    {
        if (tensor.Length != expected)
            throw new ArgumentException($"{name}: expected shape {shape} = {expected} floats, got {tensor.Length}.", name);
    }

    /// <summary>A bias that is either empty (the layer has none) or <paramref name="expected"/> floats long.</summary>
    public static void CheckOptionalLength(ReadOnlySpan<float> tensor, int expected, string name)
    {
        if (!tensor.IsEmpty && tensor.Length != expected)
            throw new ArgumentException($"{name}: expected shape [{expected}] = {expected} floats (or empty for no bias), got {tensor.Length}.", name);
    }

    /// <summary>A row-major [rows, cols] matrix as a new row-major [cols, rows] one.</summary>
    public static float[] Transpose(ReadOnlySpan<float> src, int rows, int cols)
    {
        var dst = new float[rows * cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                dst[c * rows + r] = src[r * cols + c];
        return dst;
    }
}

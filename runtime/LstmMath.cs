using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen;

/// <summary>
/// The activations used by LSTM kernels, for scalars and SIMD vectors. All overloads compute the
/// same functions from <c>exp</c> (the BCL's vectorised <c>Exp</c>, about 1 ulp), so every SIMD
/// path agrees with the scalar one to a few ulps; no input, however large, gives NaN or ∞.
/// </summary>
public static class LstmMath
{
    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>tanh(x) = 1 − 2 / (e^2x + 1); e^2x overflowing to ∞ gives exactly 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => 1f - 2f / (MathF.Exp(2f * x) + 1f);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) =>
        Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) =>
        Vector128<float>.One - Vector128.Create(2f) / (Vector128.Exp(x + x) + Vector128<float>.One);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) =>
        Vector256<float>.One - Vector256.Create(2f) / (Vector256.Exp(x + x) + Vector256<float>.One);
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen;

/// <summary>
/// The activations used by LSTM kernels, for scalars and SIMD vectors: σ(x) = 1 / (1 + e^-x) and
/// tanh(x) = 1 − 2 / (e^2x + 1), exact to a few float ulps (absolute error below 2e-7 everywhere;
/// the tests compare them with float64). No input, however large, gives NaN or ∞: the exponent's
/// argument is clamped to ±87, where σ and tanh are already 0, 1 or ±1 in float32.
/// </summary>
/// <remarks>
/// Vector512 overloads serve the generated kernels' widest path. The vector exp is float-only (range reduction by ln 2, a degree-6 polynomial, exponent bits for
/// 2^n), several times cheaper than widening to double, which matters most for small streaming
/// layers where activations dominate the time per step.
/// </remarks>
public static class LstmMath
{
    // e^x = 2^n · e^r with n = round(x·log2 e), r = x − n·ln 2 (ln 2 split in two so r is exact).
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2Hi = 0.693359375f;
    private const float Ln2Lo = -2.12194440e-4f;
    private const float ExpLimit = 87f; // keeps 2^n a normal float: n ∈ [-126, 126]
    // Taylor coefficients of e^r on |r| ≤ ln2/2: the r^7/5040 remainder is below 1.3e-7 relative.
    private const float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720;

    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>tanh(x) = 1 − 2 / (e^2x + 1); e^2x overflowing to ∞ gives exactly 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => 1f - 2f / (MathF.Exp(2f * x) + 1f);

    /// <summary>e^x for x clamped to ±87 (float-only; about 2 ulp).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Exp(Vector128<float> x)
    {
        x = Vector128.Min(Vector128.Max(x, Vector128.Create(-ExpLimit)), Vector128.Create(ExpLimit));
        var n = Vector128.Round(x * Vector128.Create(Log2E));
        var r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Hi), x);
        r = Vector128.MultiplyAddEstimate(n, Vector128.Create(-Ln2Lo), r);
        // Estrin's scheme: (1 + r) + r²·((C2 + C3·r) + r²·(C4 + C5·r + C6·r²)), four FMAs deep instead of six.
        var r2 = r * r;
        var high = Vector128.MultiplyAddEstimate(Vector128.Create(C6), r2, Vector128.MultiplyAddEstimate(Vector128.Create(C5), r, Vector128.Create(C4)));
        var mid = Vector128.MultiplyAddEstimate(high, r2, Vector128.MultiplyAddEstimate(Vector128.Create(C3), r, Vector128.Create(C2)));
        var p = Vector128.MultiplyAddEstimate(mid, r2, r + Vector128<float>.One);
        var scale = Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n) + Vector128.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <inheritdoc cref="Exp(Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-ExpLimit)), Vector256.Create(ExpLimit));
        var n = Vector256.Round(x * Vector256.Create(Log2E));
        var r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Hi), x);
        r = Vector256.MultiplyAddEstimate(n, Vector256.Create(-Ln2Lo), r);
        // Estrin's scheme: (1 + r) + r²·((C2 + C3·r) + r²·(C4 + C5·r + C6·r²)), four FMAs deep instead of six.
        var r2 = r * r;
        var high = Vector256.MultiplyAddEstimate(Vector256.Create(C6), r2, Vector256.MultiplyAddEstimate(Vector256.Create(C5), r, Vector256.Create(C4)));
        var mid = Vector256.MultiplyAddEstimate(high, r2, Vector256.MultiplyAddEstimate(Vector256.Create(C3), r, Vector256.Create(C2)));
        var p = Vector256.MultiplyAddEstimate(mid, r2, r + Vector256<float>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <inheritdoc cref="Exp(Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-ExpLimit)), Vector512.Create(ExpLimit));
        var n = Vector512.Round(x * Vector512.Create(Log2E));
        var r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Hi), x);
        r = Vector512.MultiplyAddEstimate(n, Vector512.Create(-Ln2Lo), r);
        // Estrin's scheme: (1 + r) + r²·((C2 + C3·r) + r²·(C4 + C5·r + C6·r²)), four FMAs deep instead of six.
        var r2 = r * r;
        var high = Vector512.MultiplyAddEstimate(Vector512.Create(C6), r2, Vector512.MultiplyAddEstimate(Vector512.Create(C5), r, Vector512.Create(C4)));
        var mid = Vector512.MultiplyAddEstimate(high, r2, Vector512.MultiplyAddEstimate(Vector512.Create(C3), r, Vector512.Create(C2)));
        var p = Vector512.MultiplyAddEstimate(mid, r2, r + Vector512<float>.One);
        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n) + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) =>
        Vector128<float>.One / (Vector128<float>.One + Exp(-x));

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) =>
        Vector128<float>.One - Vector128.Create(2f) / (Exp(x + x) + Vector128<float>.One);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) =>
        Vector256<float>.One - Vector256.Create(2f) / (Exp(x + x) + Vector256<float>.One);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) =>
        Vector512<float>.One - Vector512.Create(2f) / (Exp(x + x) + Vector512<float>.One);

    // ---- The other activations models use: ReLU (old Keras LSTMs' cell activation), hard sigmoids
    // (Keras ≤2.2's default recurrent activation, and PyTorch / Keras 3's), for scalars and vectors. ----

    /// <summary>max(x, 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Relu(float x) => MathF.Max(x, 0f);

    /// <inheritdoc cref="Relu(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Relu(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);

    /// <inheritdoc cref="Relu(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Relu(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);

    /// <inheritdoc cref="Relu(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Relu(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);

    /// <summary>PyTorch's <c>Hardsigmoid</c> and Keras 3's <c>hard_sigmoid</c>: clamp(x/6 + 1/2, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoid(float x) => Math.Clamp(x / 6f + 0.5f, 0f, 1f);

    /// <inheritdoc cref="HardSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoid(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(x / Vector128.Create(6f) + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <inheritdoc cref="HardSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoid(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(x / Vector256.Create(6f) + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <inheritdoc cref="HardSigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoid(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(x / Vector512.Create(6f) + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <summary>Keras 2's <c>hard_sigmoid</c> (the LSTM default up to Keras 2.2): clamp(0.2·x + 0.5, 0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HardSigmoidKeras2(float x) => Math.Clamp(0.2f * x + 0.5f, 0f, 1f);

    /// <inheritdoc cref="HardSigmoidKeras2(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> HardSigmoidKeras2(Vector128<float> x) =>
        Vector128.Min(Vector128.Max(Vector128.Create(0.2f) * x + Vector128.Create(0.5f), Vector128<float>.Zero), Vector128<float>.One);

    /// <inheritdoc cref="HardSigmoidKeras2(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> HardSigmoidKeras2(Vector256<float> x) =>
        Vector256.Min(Vector256.Max(Vector256.Create(0.2f) * x + Vector256.Create(0.5f), Vector256<float>.Zero), Vector256<float>.One);

    /// <inheritdoc cref="HardSigmoidKeras2(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> HardSigmoidKeras2(Vector512<float> x) =>
        Vector512.Min(Vector512.Max(Vector512.Create(0.2f) * x + Vector512.Create(0.5f), Vector512<float>.Zero), Vector512<float>.One);

    /// <summary>Identity, so generated code can name every activation the same way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Linear(float x) => x;

    /// <inheritdoc cref="Linear(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Linear(Vector128<float> x) => x;

    /// <inheritdoc cref="Linear(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Linear(Vector256<float> x) => x;

    /// <inheritdoc cref="Linear(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Linear(Vector512<float> x) => x;
}

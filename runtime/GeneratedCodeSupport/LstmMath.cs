using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// The activations used by LSTM kernels, for scalars and SIMD vectors: σ(x) = 1 / (1 + e^-x) and tanh(x), as one
/// rational function each. Compared with float64 over the whole float range (see the tests), the absolute error is
/// at most 3.2e-7 for tanh and 1.7e-7 for σ; results may leave [−1, 1] (tanh) or [0, 1] (σ) by at most 2.4e-7 (two
/// float ulps of 1). Any finite input gives a finite result, and NaN stays NaN.
/// </summary>
/// <remarks>
/// tanh(x) ≈ x·P(x²)/Q(x²) with P and Q of degree 4 in x², a minimax fit on |x| ≤ 9 (beyond 9, tanh is
/// ±1 in float32, so the argument is clamped there). σ(x) = ½ + ½·tanh(x/2) uses the same fit with its
/// coefficients rescaled by powers of 4, which is exact, so σ costs no more than tanh. The fit is made by
/// <c>runtime/tools/fit_tanh.py</c>. Against the earlier e^x-based form this needs no exponent
/// reconstruction and is about 20 cycles shorter in latency, which is what a streaming step waits on.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmMath
{
    // tanh(x) ≈ x·(P0 + P1·s + … + P4·s⁴) / (1 + Q1·s + … + Q4·s⁴), s = x², |x| ≤ TanhLimit.
    private const float TanhLimit = 9f;
    private const float P1 = 0.13395661115646362f, P2 = 0.003512765746563673f, P3 = 2.0881485397694632e-05f, P4 = 1.3709391843974572e-08f;
    private const float Q1 = 0.4672898054122925f, Q2 = 0.025942888110876083f, Q3 = 0.0003313308407086879f, Q4 = 7.926715284156671e-07f;

    // Below 2^-32, x² < 2^-64 is lost against every coefficient it is added to: P(x²) = P(0) and Q(x²) = 1 exactly. So
    // x² is taken of max(|x|, 2^-32), which changes no result and keeps x² normal: for 2^-75 < |x| < 2^-63 it would be
    // denormal, and the FMAs reading it would run in microcode (see LstmDenormals).
    private const float TinyArgument = 2.3283064E-10f; // 2^-32

    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => Ratio(x, 2 * TanhLimit, 0.25f) + 0.5f;

    /// <summary>tanh(x) = (e^x − e^-x) / (e^x + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => Ratio(x, TanhLimit, 1f);

    /// <summary>
    /// x·k·P(k·x²)/Q(k·x²) for x clamped to ±limit: tanh with k = 1, σ(x) − ½ with k = ¼ (since
    /// σ(x) − ½ = ½·tanh(x/2)). k is a power of two, so the scaled coefficients are exact, and the JIT folds them
    /// to constants. P and Q by Horner side by side: the dependency chain is four FMAs, a multiply and a divide.
    /// </summary>
    /// <remarks>
    /// Written out per width rather than once over a generic vector interface: these are inlined 40 times into a
    /// ForwardBatch tile, and a generic version's nested calls exhaust the JIT's inlining budget there (measured:
    /// the tile then called Broadcast and MultiplyAdd out of line and ForwardBatch lost 18%).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Ratio(float x, float limit, float k)
    {
        x = float.MinNative(limit, float.MaxNative(-limit, x)); // this operand order keeps NaN
        float a = float.MaxNative(MathF.Abs(x), TinyArgument);
        float s = a * a;
        float p = float.MultiplyAddEstimate(P4 * k * k * k * k * k, s, P3 * k * k * k * k);
        p = float.MultiplyAddEstimate(p, s, P2 * k * k * k);
        p = float.MultiplyAddEstimate(p, s, P1 * k * k);
        p = float.MultiplyAddEstimate(p, s, k);
        float q = float.MultiplyAddEstimate(Q4 * k * k * k * k, s, Q3 * k * k * k);
        q = float.MultiplyAddEstimate(q, s, Q2 * k * k);
        q = float.MultiplyAddEstimate(q, s, Q1 * k);
        q = float.MultiplyAddEstimate(q, s, 1f);
        return x * p / q;
    }

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Ratio(x, 2 * TanhLimit, 0.25f) + Vector128.Create(0.5f);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) => Ratio(x, TanhLimit, 1f);

    /// <inheritdoc cref="Ratio(float, float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Ratio(Vector128<float> x, float limit, float k)
    {
        x = Vector128.MinNative(Vector128.Create(limit), Vector128.MaxNative(Vector128.Create(-limit), x)); // this operand order keeps NaN
        var a = Vector128.MaxNative(Vector128.Abs(x), Vector128.Create(TinyArgument));
        var s = a * a;
        var p = Vector128.MultiplyAddEstimate(Vector128.Create(P4 * k * k * k * k * k), s, Vector128.Create(P3 * k * k * k * k));
        p = Vector128.MultiplyAddEstimate(p, s, Vector128.Create(P2 * k * k * k));
        p = Vector128.MultiplyAddEstimate(p, s, Vector128.Create(P1 * k * k));
        p = Vector128.MultiplyAddEstimate(p, s, Vector128.Create(k));
        var q = Vector128.MultiplyAddEstimate(Vector128.Create(Q4 * k * k * k * k), s, Vector128.Create(Q3 * k * k * k));
        q = Vector128.MultiplyAddEstimate(q, s, Vector128.Create(Q2 * k * k));
        q = Vector128.MultiplyAddEstimate(q, s, Vector128.Create(Q1 * k));
        q = Vector128.MultiplyAddEstimate(q, s, Vector128<float>.One);
        return x * p / q;
    }

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Ratio(x, 2 * TanhLimit, 0.25f) + Vector256.Create(0.5f);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => Ratio(x, TanhLimit, 1f);

    /// <inheritdoc cref="Ratio(float, float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Ratio(Vector256<float> x, float limit, float k)
    {
        x = Vector256.MinNative(Vector256.Create(limit), Vector256.MaxNative(Vector256.Create(-limit), x)); // this operand order keeps NaN
        var a = Vector256.MaxNative(Vector256.Abs(x), Vector256.Create(TinyArgument));
        var s = a * a;
        var p = Vector256.MultiplyAddEstimate(Vector256.Create(P4 * k * k * k * k * k), s, Vector256.Create(P3 * k * k * k * k));
        p = Vector256.MultiplyAddEstimate(p, s, Vector256.Create(P2 * k * k * k));
        p = Vector256.MultiplyAddEstimate(p, s, Vector256.Create(P1 * k * k));
        p = Vector256.MultiplyAddEstimate(p, s, Vector256.Create(k));
        var q = Vector256.MultiplyAddEstimate(Vector256.Create(Q4 * k * k * k * k), s, Vector256.Create(Q3 * k * k * k));
        q = Vector256.MultiplyAddEstimate(q, s, Vector256.Create(Q2 * k * k));
        q = Vector256.MultiplyAddEstimate(q, s, Vector256.Create(Q1 * k));
        q = Vector256.MultiplyAddEstimate(q, s, Vector256<float>.One);
        return x * p / q;
    }

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Ratio(x, 2 * TanhLimit, 0.25f) + Vector512.Create(0.5f);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => Ratio(x, TanhLimit, 1f);

    /// <inheritdoc cref="Ratio(float, float, float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Ratio(Vector512<float> x, float limit, float k)
    {
        x = Vector512.MinNative(Vector512.Create(limit), Vector512.MaxNative(Vector512.Create(-limit), x)); // this operand order keeps NaN
        var a = Vector512.MaxNative(Vector512.Abs(x), Vector512.Create(TinyArgument));
        var s = a * a;
        var p = Vector512.MultiplyAddEstimate(Vector512.Create(P4 * k * k * k * k * k), s, Vector512.Create(P3 * k * k * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(P2 * k * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(P1 * k * k));
        p = Vector512.MultiplyAddEstimate(p, s, Vector512.Create(k));
        var q = Vector512.MultiplyAddEstimate(Vector512.Create(Q4 * k * k * k * k), s, Vector512.Create(Q3 * k * k * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512.Create(Q2 * k * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512.Create(Q1 * k));
        q = Vector512.MultiplyAddEstimate(q, s, Vector512<float>.One);
        return x * p / q;
    }

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

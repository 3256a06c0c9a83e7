using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen;

/// <summary>
/// The activations used by LSTM kernels, for scalars and SIMD vectors: σ(x) = 1 / (1 + e^-x) and tanh(x),
/// as one rational function each, written once for every width. Compared with float64 over the whole float
/// range (see the tests), the absolute error is at most 3.2e-7 for tanh and 1.8e-7 for σ; results may
/// leave [−1, 1] (tanh) or [0, 1] (σ) by at most 2.4e-7 (two float ulps of 1). Any finite input gives a finite result,
/// and NaN stays NaN.
/// </summary>
/// <remarks>
/// tanh(x) ≈ x·P(x²)/Q(x²) with P and Q of degree 4 in x², a minimax fit on |x| ≤ 9 (beyond 9, tanh is
/// ±1 in float32, so the argument is clamped there). σ(x) = ½ + ½·tanh(x/2) uses the same fit with its
/// coefficients rescaled by powers of 4, which is exact, so σ costs no more than tanh. The fit is made by
/// <c>runtime/tools/fit_tanh.py</c>. Against the earlier e^x-based form this needs no exponent
/// reconstruction and is about 20 cycles shorter in latency, which is what a streaming step waits on.
/// </remarks>
public static class LstmMath
{
    // tanh(x) ≈ x·(P0 + P1·s + … + P4·s⁴) / (1 + Q1·s + … + Q4·s⁴), s = x², |x| ≤ TanhLimit.
    private const float TanhLimit = 9f;
    private const float P1 = 0.13395661115646362f, P2 = 0.003512765746563673f, P3 = 2.0881485397694632e-05f, P4 = 1.3709391843974572e-08f;
    private const float Q1 = 0.4672898054122925f, Q2 = 0.025942888110876083f, Q3 = 0.0003313308407086879f, Q4 = 7.926715284156671e-07f;

    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sigmoid(float x) => Sigmoid<float, OpsScalar>(x);

    /// <summary>tanh(x) = (e^x − e^-x) / (e^x + e^-x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Tanh(float x) => Tanh<float, OpsScalar>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Sigmoid(Vector128<float> x) => Sigmoid<Vector128<float>, Ops128>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Tanh(Vector128<float> x) => Tanh<Vector128<float>, Ops128>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) => Sigmoid<Vector256<float>, Ops256>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x) => Tanh<Vector256<float>, Ops256>(x);

    /// <inheritdoc cref="Sigmoid(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) => Sigmoid<Vector512<float>, Ops512>(x);

    /// <inheritdoc cref="Tanh(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x) => Tanh<Vector512<float>, Ops512>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Tanh<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec> =>
        Rational<TVec, TOps>(TOps.Clamp(x, TanhLimit), 1f, 1f, 0f);

    // σ(x) = ½ + ½·tanh(x/2) = ½ + x·(P(x²/4)/4) / Q(x²/4): scaling by powers of 4 leaves the float coefficients exact.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Sigmoid<TVec, TOps>(TVec x) where TVec : struct where TOps : ISimdOps<TVec> =>
        Rational<TVec, TOps>(TOps.Clamp(x, 2 * TanhLimit), 0.25f, 0.25f, 0.5f);

    // offset + x·P(s·k)·pScale / Q(s·k) with s = x², k = sScale: both polynomials by Horner, side by side, so
    // the dependency chain is four FMAs, a multiply and a divide.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVec Rational<TVec, TOps>(TVec x, float sScale, float pScale, float offset) where TVec : struct where TOps : ISimdOps<TVec>
    {
        float k2 = sScale * sScale, k3 = k2 * sScale, k4 = k3 * sScale;
        var s = TOps.Multiply(x, x);
        var p = TOps.MultiplyAdd(TOps.Broadcast(P4 * k4 * pScale), s, TOps.Broadcast(P3 * k3 * pScale));
        p = TOps.MultiplyAdd(p, s, TOps.Broadcast(P2 * k2 * pScale));
        p = TOps.MultiplyAdd(p, s, TOps.Broadcast(P1 * sScale * pScale));
        p = TOps.MultiplyAdd(p, s, TOps.Broadcast(pScale));
        var q = TOps.MultiplyAdd(TOps.Broadcast(Q4 * k4), s, TOps.Broadcast(Q3 * k3));
        q = TOps.MultiplyAdd(q, s, TOps.Broadcast(Q2 * k2));
        q = TOps.MultiplyAdd(q, s, TOps.Broadcast(Q1 * sScale));
        q = TOps.MultiplyAdd(q, s, TOps.Broadcast(1f));
        var r = TOps.Divide(TOps.Multiply(x, p), q);
        return offset == 0f ? r : TOps.Add(r, TOps.Broadcast(offset));
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

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmGen.Training;

/// <summary>
/// <see cref="TrainingKernels"/> for one SIMD width. The element-wise kernels walk each row in vectors of
/// <typeparamref name="TOps"/> and finish it with <see cref="OpsScalar"/>, the same generic code at width 1.
/// </summary>
internal sealed partial class SimdTrainingKernels<TOps, TVec> : TrainingKernels
    where TOps : ISimdOps<TVec> where TVec : struct
{
    public override string Path =>
        TOps.Width == 1 ? "Scalar" : $"Vector{TOps.Width * 32}";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Activate<O, V>(Activation activation, V x) where O : ISimdOps<V> where V : struct => activation switch
    {
        Activation.Linear => x,
        Activation.Relu => O.Relu(x),
        Activation.Tanh => O.Tanh(x),
        Activation.Sigmoid => O.Sigmoid(x),
        Activation.HardSigmoid => O.HardSigmoid(x),
        Activation.HardSigmoidKeras2 => O.HardSigmoidKeras2(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "not an element-wise activation"),
    };

    // act′ from the activation's output y: 1; [y > 0]; 1 − y²; y − y²; and the hard sigmoids' slope inside (0, 1).
    // PyTorch's backward passes use the same conditions (ReLU: result > 0; Hardsigmoid: −3 < x < 3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static V Derivative<O, V>(Activation activation, V y) where O : ISimdOps<V> where V : struct => activation switch
    {
        Activation.Linear => O.Broadcast(1f),
        Activation.Relu => O.SelectGreater(y, O.Broadcast(0f), O.Broadcast(1f)),
        Activation.Tanh => O.Subtract(O.Broadcast(1f), O.Multiply(y, y)),
        Activation.Sigmoid => O.Subtract(y, O.Multiply(y, y)),
        Activation.HardSigmoid => O.SelectGreater(y, O.Broadcast(0f), O.SelectGreater(O.Broadcast(1f), y, O.Broadcast(1f / 6f))),
        Activation.HardSigmoidKeras2 => O.SelectGreater(y, O.Broadcast(0f), O.SelectGreater(O.Broadcast(1f), y, O.Broadcast(0.2f))),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "not an element-wise activation"),
    };

    private static void Check(int length, long needed, string name)
    {
        if (length < needed)
            throw new ArgumentException($"{name}: expected at least {needed} floats, got {length}.", name);
    }

    private static ref float At(Span<float> span, int offset) => ref Unsafe.Add(ref MemoryMarshal.GetReference(span), offset);

    private static ref float At(ReadOnlySpan<float> span, int offset) => ref Unsafe.Add(ref MemoryMarshal.GetReference(span), offset);

    public override void Accumulate(ReadOnlySpan<float> x, Span<float> y, int count)
    {
        Check(x.Length, count, nameof(x));
        Check(y.Length, count, nameof(y));
        int j = AccumulateRun<TOps, TVec>(ref At(x, 0), ref At(y, 0), count, 0);
        AccumulateRun<OpsScalar, float>(ref At(x, 0), ref At(y, 0), count, j);
    }

    private static int AccumulateRun<O, V>(ref float x, ref float y, int count, int j) where O : ISimdOps<V> where V : struct
    {
        for (; j + O.Width <= count; j += O.Width)
            O.Store(O.Add(O.Load(ref y, j), O.Load(ref x, j)), ref y, j);
        return j;
    }

    public override void Activate(Span<float> values, int count, Activation activation)
    {
        Check(values.Length, count, nameof(values));
        if (activation == Activation.Linear)
            return;
        int j = ActivateRun<TOps, TVec>(ref At(values, 0), count, 0, activation);
        ActivateRun<OpsScalar, float>(ref At(values, 0), count, j, activation);
    }

    private static int ActivateRun<O, V>(ref float v, int count, int j, Activation activation) where O : ISimdOps<V> where V : struct
    {
        for (; j + O.Width <= count; j += O.Width)
            O.Store(Activate<O, V>(activation, O.Load(ref v, j)), ref v, j);
        return j;
    }

    public override void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> gradient, int count, Activation activation)
    {
        Check(output.Length, count, nameof(output));
        Check(gradient.Length, count, nameof(gradient));
        if (activation == Activation.Linear)
            return;
        int j = DerivativeRun<TOps, TVec>(ref At(output, 0), ref At(gradient, 0), count, 0, activation);
        DerivativeRun<OpsScalar, float>(ref At(output, 0), ref At(gradient, 0), count, j, activation);
    }

    private static int DerivativeRun<O, V>(ref float y, ref float g, int count, int j, Activation activation) where O : ISimdOps<V> where V : struct
    {
        for (; j + O.Width <= count; j += O.Width)
            O.Store(O.Multiply(O.Load(ref g, j), Derivative<O, V>(activation, O.Load(ref y, j))), ref g, j);
        return j;
    }

    // ---- LSTM backwards: one row (sample) at a time, gates at offsets 0, H, 2H, 3H of the row. ----

    public override void LstmBackward(Span<float> gates, ReadOnlySpan<float> cPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> dh, Span<float> dc,
        int batch, int units, Activation cell, Activation gate)
    {
        Check(gates.Length, 4L * batch * units, nameof(gates));
        Check(cPrevious.Length, (long)batch * units, nameof(cPrevious));
        Check(c.Length, (long)batch * units, nameof(c));
        Check(dh.Length, (long)batch * units, nameof(dh));
        Check(dc.Length, (long)batch * units, nameof(dc));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 4 * r * units);
            ref float cp = ref At(cPrevious, r * units);
            ref float cc = ref At(c, r * units);
            ref float dhh = ref At(dh, r * units);
            ref float dcc = ref At(dc, r * units);
            int j = LstmBackwardRun<TOps, TVec>(ref g, ref cp, ref cc, ref dhh, ref dcc, units, 0, cell, gate);
            LstmBackwardRun<OpsScalar, float>(ref g, ref cp, ref cc, ref dhh, ref dcc, units, j, cell, gate);
        }
    }

    private static int LstmBackwardRun<O, V>(ref float g, ref float cp, ref float c, ref float dh, ref float dc, int units, int j, Activation cell, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        nint u = units;
        for (; j + O.Width <= units; j += O.Width)
        {
            V i = O.Load(ref g, j), f = O.Load(ref g, u + j), n = O.Load(ref g, 2 * u + j), o = O.Load(ref g, 3 * u + j);
            V a = Activate<O, V>(cell, O.Load(ref c, j)); // act(c), recomputed rather than stored
            V dH = O.Load(ref dh, j);
            // dc = dc(from step t+1) + dh∘o∘act′(c)
            V dC = O.MultiplyAdd(O.Multiply(dH, o), Derivative<O, V>(cell, a), O.Load(ref dc, j));
            O.Store(O.Multiply(O.Multiply(dC, n), Derivative<O, V>(gate, i)), ref g, j);
            O.Store(O.Multiply(O.Multiply(dC, O.Load(ref cp, j)), Derivative<O, V>(gate, f)), ref g, u + j);
            O.Store(O.Multiply(O.Multiply(dC, i), Derivative<O, V>(cell, n)), ref g, 2 * u + j);
            O.Store(O.Multiply(O.Multiply(dH, a), Derivative<O, V>(gate, o)), ref g, 3 * u + j);
            O.Store(O.Multiply(dC, f), ref dc, j);
        }
        return j;
    }

    // ---- GRU: gates r, z, n at offsets 0, H, 2H of a [batch, 3H] row. ----

    public override void GruGates(Span<float> gates, ReadOnlySpan<float> recurrent, int recurrentStride, ReadOnlySpan<float> hPrevious, Span<float> resetHidden,
        int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(recurrent.Length, (long)(batch - 1) * recurrentStride + 2 * units, nameof(recurrent));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        bool reset = !resetHidden.IsEmpty;
        if (reset)
            Check(resetHidden.Length, (long)batch * units, nameof(resetHidden));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 3 * r * units);
            ref float rec = ref At(recurrent, r * recurrentStride);
            ref float hp = ref At(hPrevious, r * units);
            ref float rh = ref reset ? ref At(resetHidden, r * units) : ref Unsafe.NullRef<float>();
            int j = GruGatesRun<TOps, TVec>(ref g, ref rec, ref hp, ref rh, reset, units, 0, gate);
            GruGatesRun<OpsScalar, float>(ref g, ref rec, ref hp, ref rh, reset, units, j, gate);
        }
    }

    private static int GruGatesRun<O, V>(ref float g, ref float rec, ref float hp, ref float rh, bool reset, int units, int j, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        nint u = units;
        for (; j + O.Width <= units; j += O.Width)
        {
            V r = Activate<O, V>(gate, O.Add(O.Load(ref g, j), O.Load(ref rec, j)));
            O.Store(r, ref g, j);
            O.Store(Activate<O, V>(gate, O.Add(O.Load(ref g, u + j), O.Load(ref rec, u + j))), ref g, u + j);
            if (reset)
                O.Store(O.Multiply(r, O.Load(ref hp, j)), ref rh, j);
        }
        return j;
    }

    public override void GruCandidate(Span<float> gates, ReadOnlySpan<float> candidate, int candidateStride, ReadOnlySpan<float> hPrevious, Span<float> h,
        Span<float> savedCandidate, bool resetAfter, int batch, int units, Activation cell)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(candidate.Length, (long)(batch - 1) * candidateStride + units, nameof(candidate));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        Check(h.Length, (long)batch * units, nameof(h));
        bool save = !savedCandidate.IsEmpty;
        if (save)
            Check(savedCandidate.Length, (long)batch * units, nameof(savedCandidate));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 3 * r * units);
            ref float hn = ref At(candidate, r * candidateStride);
            ref float hp = ref At(hPrevious, r * units);
            ref float hh = ref At(h, r * units);
            ref float saved = ref save ? ref At(savedCandidate, r * units) : ref Unsafe.NullRef<float>();
            int j = GruCandidateRun<TOps, TVec>(ref g, ref hn, ref hp, ref hh, ref saved, save, resetAfter, units, 0, cell);
            GruCandidateRun<OpsScalar, float>(ref g, ref hn, ref hp, ref hh, ref saved, save, resetAfter, units, j, cell);
        }
    }

    private static int GruCandidateRun<O, V>(ref float g, ref float hn, ref float hp, ref float h, ref float saved, bool save, bool resetAfter, int units, int j,
        Activation cell) where O : ISimdOps<V> where V : struct
    {
        nint u = units;
        for (; j + O.Width <= units; j += O.Width)
        {
            V recurrent = O.Load(ref hn, j);
            V x = O.Load(ref g, 2 * u + j);
            V n = Activate<O, V>(cell, resetAfter ? O.MultiplyAdd(O.Load(ref g, j), recurrent, x) : O.Add(x, recurrent));
            V previous = O.Load(ref hp, j);
            O.Store(n, ref g, 2 * u + j);
            O.Store(O.MultiplyAdd(O.Load(ref g, u + j), O.Subtract(previous, n), n), ref h, j); // n + z∘(h − n)
            if (save)
                O.Store(recurrent, ref saved, j);
        }
        return j;
    }

    public override void GruCandidateBackward(Span<float> gates, ReadOnlySpan<float> hPrevious, Span<float> dh, int batch, int units, Activation cell, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        Check(dh.Length, (long)batch * units, nameof(dh));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 3 * r * units);
            ref float hp = ref At(hPrevious, r * units);
            ref float d = ref At(dh, r * units);
            int j = GruCandidateBackwardRun<TOps, TVec>(ref g, ref hp, ref d, units, 0, cell, gate);
            GruCandidateBackwardRun<OpsScalar, float>(ref g, ref hp, ref d, units, j, cell, gate);
        }
    }

    private static int GruCandidateBackwardRun<O, V>(ref float g, ref float hp, ref float dh, int units, int j, Activation cell, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        nint u = units;
        for (; j + O.Width <= units; j += O.Width)
        {
            V z = O.Load(ref g, u + j), n = O.Load(ref g, 2 * u + j), d = O.Load(ref dh, j);
            V dn = O.Subtract(d, O.Multiply(d, z));                                   // dh∘(1 − z)
            V dz = O.Multiply(d, O.Subtract(O.Load(ref hp, j), n));                    // dh∘(hPrevious − n)
            O.Store(O.Multiply(dz, Derivative<O, V>(gate, z)), ref g, u + j);
            O.Store(O.Multiply(dn, Derivative<O, V>(cell, n)), ref g, 2 * u + j);
            O.Store(O.Multiply(d, z), ref dh, j);
        }
        return j;
    }

    public override void GruResetBackwardAfter(Span<float> gates, Span<float> candidate, int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(candidate.Length, (long)batch * units, nameof(candidate));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 3 * r * units);
            ref float hn = ref At(candidate, r * units);
            int j = GruResetAfterRun<TOps, TVec>(ref g, ref hn, units, 0, gate);
            GruResetAfterRun<OpsScalar, float>(ref g, ref hn, units, j, gate);
        }
    }

    private static int GruResetAfterRun<O, V>(ref float g, ref float hn, int units, int j, Activation gate) where O : ISimdOps<V> where V : struct
    {
        nint u = units;
        for (; j + O.Width <= units; j += O.Width)
        {
            V r = O.Load(ref g, j), dn = O.Load(ref g, 2 * u + j);
            O.Store(O.Multiply(O.Multiply(dn, O.Load(ref hn, j)), Derivative<O, V>(gate, r)), ref g, j);
            O.Store(O.Multiply(dn, r), ref hn, j);
        }
        return j;
    }

    public override void GruResetBackwardBefore(Span<float> gates, ReadOnlySpan<float> resetHiddenGradient, ReadOnlySpan<float> hPrevious, Span<float> dh,
        int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(resetHiddenGradient.Length, (long)batch * units, nameof(resetHiddenGradient));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        Check(dh.Length, (long)batch * units, nameof(dh));
        for (int r = 0; r < batch; r++)
        {
            ref float g = ref At(gates, 3 * r * units);
            ref float drh = ref At(resetHiddenGradient, r * units);
            ref float hp = ref At(hPrevious, r * units);
            ref float d = ref At(dh, r * units);
            int j = GruResetBeforeRun<TOps, TVec>(ref g, ref drh, ref hp, ref d, units, 0, gate);
            GruResetBeforeRun<OpsScalar, float>(ref g, ref drh, ref hp, ref d, units, j, gate);
        }
    }

    private static int GruResetBeforeRun<O, V>(ref float g, ref float drh, ref float hp, ref float dh, int units, int j, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        for (; j + O.Width <= units; j += O.Width)
        {
            V r = O.Load(ref g, j), d = O.Load(ref drh, j);
            O.Store(O.Multiply(O.Multiply(d, O.Load(ref hp, j)), Derivative<O, V>(gate, r)), ref g, j);
            O.Store(O.MultiplyAdd(d, r, O.Load(ref dh, j)), ref dh, j);
        }
        return j;
    }
}

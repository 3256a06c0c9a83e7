using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmGen.Training;

/// <summary>
/// <see cref="TrainingKernels"/> for one SIMD width. The element-wise kernels are one body each (a ref struct over the
/// kernel's buffers, <see cref="IElementwise"/>), which <see cref="ForEachRow"/> runs over every row in vectors of
/// <typeparamref name="TOps"/> and finishes with <see cref="OpsScalar"/>: the same generic code at width 1.
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

    /// <summary>An element-wise kernel: what it does to the vector at column j of row r of its buffers.</summary>
    private interface IElementwise
    {
        void Run<O, V>(nint r, nint j) where O : ISimdOps<V> where V : struct;
    }

    /// <summary>Runs <paramref name="kernel"/> on the first <paramref name="columns"/> columns of <paramref name="rows"/> rows: whole vectors, then single floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForEachRow<K>(scoped ref K kernel, int rows, int columns) where K : IElementwise, allows ref struct
    {
        for (int r = 0; r < rows; r++)
        {
            int j = 0;
            for (; j + TOps.Width <= columns; j += TOps.Width)
                kernel.Run<TOps, TVec>(r, j);
            for (; j < columns; j++)
                kernel.Run<OpsScalar, float>(r, j);
        }
    }

    public override void Accumulate(ReadOnlySpan<float> x, Span<float> y, int count)
    {
        Check(x.Length, count, nameof(x));
        Check(y.Length, count, nameof(y));
        var kernel = new AccumulateKernel(ref At(x, 0), ref At(y, 0));
        ForEachRow(ref kernel, 1, count);
    }

    private readonly ref struct AccumulateKernel(ref float x, ref float y) : IElementwise
    {
        private readonly ref float _x = ref x, _y = ref y;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint r, nint j) where O : ISimdOps<V> where V : struct => O.Store(O.Add(O.Load(ref _y, j), O.Load(ref _x, j)), ref _y, j);
    }

    public override void Activate(Span<float> values, int count, Activation activation)
    {
        Check(values.Length, count, nameof(values));
        if (activation == Activation.Linear)
            return;
        var kernel = new ActivateKernel(ref At(values, 0), activation);
        ForEachRow(ref kernel, 1, count);
    }

    private readonly ref struct ActivateKernel(ref float values, Activation activation) : IElementwise
    {
        private readonly ref float _v = ref values;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint r, nint j) where O : ISimdOps<V> where V : struct => O.Store(Activate<O, V>(activation, O.Load(ref _v, j)), ref _v, j);
    }

    public override void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> gradient, int count, Activation activation)
    {
        Check(output.Length, count, nameof(output));
        Check(gradient.Length, count, nameof(gradient));
        if (activation == Activation.Linear)
            return;
        var kernel = new DerivativeKernel(ref At(output, 0), ref At(gradient, 0), activation);
        ForEachRow(ref kernel, 1, count);
    }

    private readonly ref struct DerivativeKernel(ref float output, ref float gradient, Activation activation) : IElementwise
    {
        private readonly ref float _y = ref output, _g = ref gradient;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint r, nint j) where O : ISimdOps<V> where V : struct =>
            O.Store(O.Multiply(O.Load(ref _g, j), Derivative<O, V>(activation, O.Load(ref _y, j))), ref _g, j);
    }

    // ---- Per-step kernels: rows are samples; an LSTM row of gates holds i, f, g, o at 0, H, 2H, 3H, a GRU's r, z, n at 0, H, 2H. ----

    public override void LstmBackward(Span<float> gates, ReadOnlySpan<float> cPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> dh, Span<float> dc,
        int batch, int units, Activation cell, Activation gate)
    {
        Check(gates.Length, 4L * batch * units, nameof(gates));
        Check(cPrevious.Length, (long)batch * units, nameof(cPrevious));
        Check(c.Length, (long)batch * units, nameof(c));
        Check(dh.Length, (long)batch * units, nameof(dh));
        Check(dc.Length, (long)batch * units, nameof(dc));
        var kernel = new LstmBackwardKernel(ref At(gates, 0), ref At(cPrevious, 0), ref At(c, 0), ref At(dh, 0), ref At(dc, 0), units, cell, gate);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct LstmBackwardKernel(ref float gates, ref float cPrevious, ref float c, ref float dh, ref float dc, nint units,
        Activation cell, Activation gate) : IElementwise
    {
        private readonly ref float _g = ref gates, _cp = ref cPrevious, _c = ref c, _dh = ref dh, _dc = ref dc;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint r, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 4 * r * units + j);
            nint at = r * units + j;
            V i = O.Load(ref g, 0), f = O.Load(ref g, units), n = O.Load(ref g, 2 * units), o = O.Load(ref g, 3 * units);
            V a = Activate<O, V>(cell, O.Load(ref _c, at)); // act(c), recomputed rather than stored
            V dH = O.Load(ref _dh, at);
            // dc = dc(from step t+1) + dh∘o∘act′(c)
            V dC = O.MultiplyAdd(O.Multiply(dH, o), Derivative<O, V>(cell, a), O.Load(ref _dc, at));
            O.Store(O.Multiply(O.Multiply(dC, n), Derivative<O, V>(gate, i)), ref g, 0);
            O.Store(O.Multiply(O.Multiply(dC, O.Load(ref _cp, at)), Derivative<O, V>(gate, f)), ref g, units);
            O.Store(O.Multiply(O.Multiply(dC, i), Derivative<O, V>(cell, n)), ref g, 2 * units);
            O.Store(O.Multiply(O.Multiply(dH, a), Derivative<O, V>(gate, o)), ref g, 3 * units);
            O.Store(O.Multiply(dC, f), ref _dc, at);
        }
    }

    public override void GruGates(Span<float> gates, ReadOnlySpan<float> recurrent, int recurrentStride, ReadOnlySpan<float> hPrevious, Span<float> resetHidden,
        int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(recurrent.Length, (long)(batch - 1) * recurrentStride + 2 * units, nameof(recurrent));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        bool reset = !resetHidden.IsEmpty;
        if (reset)
            Check(resetHidden.Length, (long)batch * units, nameof(resetHidden));
        var kernel = new GruGatesKernel(ref At(gates, 0), ref At(recurrent, 0), recurrentStride, ref At(hPrevious, 0),
            ref reset ? ref At(resetHidden, 0) : ref Unsafe.NullRef<float>(), reset, units, gate);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct GruGatesKernel(ref float gates, ref float recurrent, nint recurrentStride, ref float hPrevious, ref float resetHidden,
        bool reset, nint units, Activation gate) : IElementwise
    {
        private readonly ref float _g = ref gates, _rec = ref recurrent, _hp = ref hPrevious, _rh = ref resetHidden;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint row, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 3 * row * units + j);
            ref float rec = ref Unsafe.Add(ref _rec, row * recurrentStride + j);
            V r = Activate<O, V>(gate, O.Add(O.Load(ref g, 0), O.Load(ref rec, 0)));
            O.Store(r, ref g, 0);
            O.Store(Activate<O, V>(gate, O.Add(O.Load(ref g, units), O.Load(ref rec, units))), ref g, units);
            if (reset)
                O.Store(O.Multiply(r, O.Load(ref _hp, row * units + j)), ref _rh, row * units + j);
        }
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
        var kernel = new GruCandidateKernel(ref At(gates, 0), ref At(candidate, 0), candidateStride, ref At(hPrevious, 0), ref At(h, 0),
            ref save ? ref At(savedCandidate, 0) : ref Unsafe.NullRef<float>(), save, resetAfter, units, cell);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct GruCandidateKernel(ref float gates, ref float candidate, nint candidateStride, ref float hPrevious, ref float h,
        ref float saved, bool save, bool resetAfter, nint units, Activation cell) : IElementwise
    {
        private readonly ref float _g = ref gates, _hn = ref candidate, _hp = ref hPrevious, _h = ref h, _saved = ref saved;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint row, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 3 * row * units + j);
            nint at = row * units + j;
            V recurrent = O.Load(ref _hn, row * candidateStride + j);
            V x = O.Load(ref g, 2 * units);
            V n = Activate<O, V>(cell, resetAfter ? O.MultiplyAdd(O.Load(ref g, 0), recurrent, x) : O.Add(x, recurrent));
            V previous = O.Load(ref _hp, at);
            O.Store(n, ref g, 2 * units);
            O.Store(O.MultiplyAdd(O.Load(ref g, units), O.Subtract(previous, n), n), ref _h, at); // n + z∘(h − n)
            if (save)
                O.Store(recurrent, ref _saved, at);
        }
    }

    public override void GruCandidateBackward(Span<float> gates, ReadOnlySpan<float> hPrevious, Span<float> dh, int batch, int units, Activation cell, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        Check(dh.Length, (long)batch * units, nameof(dh));
        var kernel = new GruCandidateBackwardKernel(ref At(gates, 0), ref At(hPrevious, 0), ref At(dh, 0), units, cell, gate);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct GruCandidateBackwardKernel(ref float gates, ref float hPrevious, ref float dh, nint units, Activation cell, Activation gate)
        : IElementwise
    {
        private readonly ref float _g = ref gates, _hp = ref hPrevious, _dh = ref dh;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint row, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 3 * row * units + j);
            nint at = row * units + j;
            V z = O.Load(ref g, units), n = O.Load(ref g, 2 * units), d = O.Load(ref _dh, at);
            V dn = O.Subtract(d, O.Multiply(d, z));                   // dh∘(1 − z)
            V dz = O.Multiply(d, O.Subtract(O.Load(ref _hp, at), n));  // dh∘(hPrevious − n)
            O.Store(O.Multiply(dz, Derivative<O, V>(gate, z)), ref g, units);
            O.Store(O.Multiply(dn, Derivative<O, V>(cell, n)), ref g, 2 * units);
            O.Store(O.Multiply(d, z), ref _dh, at);
        }
    }

    public override void GruResetBackwardAfter(Span<float> gates, Span<float> candidate, int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(candidate.Length, (long)batch * units, nameof(candidate));
        var kernel = new GruResetAfterKernel(ref At(gates, 0), ref At(candidate, 0), units, gate);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct GruResetAfterKernel(ref float gates, ref float candidate, nint units, Activation gate) : IElementwise
    {
        private readonly ref float _g = ref gates, _hn = ref candidate;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint row, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 3 * row * units + j);
            ref float hn = ref Unsafe.Add(ref _hn, row * units + j);
            V r = O.Load(ref g, 0), dn = O.Load(ref g, 2 * units);
            O.Store(O.Multiply(O.Multiply(dn, O.Load(ref hn, 0)), Derivative<O, V>(gate, r)), ref g, 0);
            O.Store(O.Multiply(dn, r), ref hn, 0);
        }
    }

    public override void GruResetBackwardBefore(Span<float> gates, ReadOnlySpan<float> resetHiddenGradient, ReadOnlySpan<float> hPrevious, Span<float> dh,
        int batch, int units, Activation gate)
    {
        Check(gates.Length, 3L * batch * units, nameof(gates));
        Check(resetHiddenGradient.Length, (long)batch * units, nameof(resetHiddenGradient));
        Check(hPrevious.Length, (long)batch * units, nameof(hPrevious));
        Check(dh.Length, (long)batch * units, nameof(dh));
        var kernel = new GruResetBeforeKernel(ref At(gates, 0), ref At(resetHiddenGradient, 0), ref At(hPrevious, 0), ref At(dh, 0), units, gate);
        ForEachRow(ref kernel, batch, units);
    }

    private readonly ref struct GruResetBeforeKernel(ref float gates, ref float resetHiddenGradient, ref float hPrevious, ref float dh, nint units,
        Activation gate) : IElementwise
    {
        private readonly ref float _g = ref gates, _drh = ref resetHiddenGradient, _hp = ref hPrevious, _dh = ref dh;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Run<O, V>(nint row, nint j) where O : ISimdOps<V> where V : struct
        {
            ref float g = ref Unsafe.Add(ref _g, 3 * row * units + j);
            nint at = row * units + j;
            V r = O.Load(ref g, 0), d = O.Load(ref _drh, at);
            O.Store(O.Multiply(O.Multiply(d, O.Load(ref _hp, at)), Derivative<O, V>(gate, r)), ref g, 0);
            O.Store(O.MultiplyAdd(d, r, O.Load(ref _dh, at)), ref _dh, at);
        }
    }
}

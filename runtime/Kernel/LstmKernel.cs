using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen;

/// <summary>
/// An LSTM layer whose sizes are known only at run time: the generic counterpart of the kernels the
/// generator emits, and the baseline every benchmark compares them against. It packs the weights in the
/// same layout (<see cref="LstmLayout"/>) and walks them in register tiles of two columns × four gates, as a
/// generated layer's streaming step does, with the same choice of width (Vector512 where it is accelerated and
/// <see cref="KernelSizing.UsesVector512"/> says so, else Vector256, Vector128 or scalar: the widths of SimdOps.cs) and
/// the same alternating walk over W_hh once it outgrows L1 (<see cref="KernelSizing.AlternatesRecurrentRows"/>). What
/// it lacks: constant loop bounds and offsets, the input projection a generated Forward hoists out of the recurrence,
/// and 16-bit recurrent weights.
/// </summary>
/// <remarks>
/// Per step, with gates in order i, f, g, o: z = b + W_ih·x + W_hh·h; i, f, o = σ(z); g = tanh(z);
/// c = f∘c + i∘g; h = o∘tanh(c). Denormal inputs, weights and states are flushed to zero
/// (<see cref="LstmDenormals"/>), so they cost no more than zeros. An instance is not thread-safe: <see cref="Step"/> carries state and
/// <see cref="Forward"/> uses scratch buffers allocated once in the constructor.
/// </remarks>
public sealed class LstmKernel : ILstmBatchLayer
{
    // Pinned, with the packed weights starting on a 64-byte boundary (LstmLayout.Aligned).
    private float[] _packed;
    private readonly int _packedLength;
    private readonly int _width;
    private readonly int _paddedUnits;
    // Whether every other step walks the tiles and their rows backwards, and the direction of Step's next walk.
    private readonly bool _alternates;
    private bool _reverse;
    // Streaming state (Step) and Forward's scratch: [h, hNext, c], each _paddedUnits long.
    private readonly float[] _stream;
    private readonly float[] _scratch;

    /// <summary>Packs <paramref name="weights"/> for the widest of Vector512 (for sizes that gain from it), Vector256, Vector128 and scalar that this CPU accelerates.</summary>
    /// <exception cref="ArgumentException">The weights' file records activations other than tanh and sigmoid.</exception>
    public LstmKernel(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        CheckActivations(weights);
        Input = weights.Input;
        Units = weights.Units;
        _width = Vector512.IsHardwareAccelerated && KernelSizing.UsesVector512(Units) ? Vector512<float>.Count
            : Vector256.IsHardwareAccelerated ? Vector256<float>.Count
            : Vector128.IsHardwareAccelerated ? Vector128<float>.Count : 1;
        _alternates = KernelSizing.AlternatesRecurrentRows(Units, sizeof(float));
        _paddedUnits = LstmLayout.PaddedUnits(Units, _width);
        _packedLength = LstmLayout.PackedLength(Input, Units, _width);
        _packed = LstmLayout.AllocateAligned(_packedLength);
        LstmLayout.Pack(weights, LstmLayout.Aligned(_packed, _packedLength), _width);
        _stream = new float[3 * _paddedUnits];
        _scratch = new float[3 * _paddedUnits];
    }

    // The kernel computes the standard LSTM only; weights trained with other activations would give wrong outputs.
    private static void CheckActivations(LstmWeights weights) =>
        weights.CheckActivations("weights: LstmKernel computes", Activation.Tanh, Activation.Sigmoid, nameof(weights));

    /// <summary>Replaces the weights with <paramref name="weights"/>, which must have the same Input and Units.</summary>
    /// <exception cref="ArgumentException">The sizes differ, or the weights' file records activations other than tanh and
    /// sigmoid; the current weights stay in use.</exception>
    public void LoadWeights(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Input != Input || weights.Units != Units)
            throw new ArgumentException($"weights: this kernel expects Input = {Input}, Units = {Units}, got Input = {weights.Input}, Units = {weights.Units}.", nameof(weights));
        CheckActivations(weights);
        var packed = LstmLayout.AllocateAligned(_packedLength);
        LstmLayout.Pack(weights, LstmLayout.Aligned(packed, _packedLength), _width);
        _packed = packed;
    }

    /// <summary>Features per time step.</summary>
    public int Input { get; }

    /// <summary>Hidden/cell state size (num_units).</summary>
    public int Units { get; }

    /// <summary>
    /// Runs a whole sequence from a zero state (the streaming state is neither read nor changed).
    /// <paramref name="input"/> is steps·Input floats, [step, feature]; <paramref name="output"/> is
    /// Units floats (last hidden state) or steps·Units floats ([step, unit], every hidden state).
    /// </summary>
    /// <exception cref="ArgumentException">The lengths don't fit the layer.</exception>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        if (input.Length == 0 || input.Length % Input != 0)
            throw new ArgumentException($"input: expected a positive multiple of Input = {Input} floats ([steps, {Input}]), got {input.Length}.", nameof(input));
        int steps = input.Length / Input;
        bool sequences = output.Length != Units;
        if (sequences && output.Length != (long)steps * Units)
            throw new ArgumentException($"output: expected Units = {Units} floats (last state) or steps·Units = {(long)steps * Units} ([{steps}, {Units}]), got {output.Length}.", nameof(output));

        Array.Clear(_scratch);
        input = LstmDenormals.Flushed(input, out float[]? flushed);
        Run(input, output, steps, sequences, _scratch, reverseFirst: false);
        LstmDenormals.Return(flushed);
    }

    /// <summary>One time step of streaming inference: h and c carry over between calls.</summary>
    /// <param name="x">Input floats of this step.</param>
    /// <param name="h">Receives the Units floats of the new hidden state.</param>
    /// <exception cref="ArgumentException">The lengths don't fit the layer.</exception>
    public void Step(ReadOnlySpan<float> x, Span<float> h)
    {
        if (x.Length != Input)
            throw LengthError(nameof(x), "Input", Input, x.Length);
        if (h.Length != Units)
            throw LengthError(nameof(h), "Units", Units, h.Length);
        x = LstmDenormals.Flushed(x, out float[]? flushed);
        Run(x, h, 1, false, _stream, _reverse);
        _reverse ^= _alternates;
        LstmDenormals.Return(flushed);
    }

    // Out of line, so Step's frame holds no string formatting state (the JIT would zero it on every call).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LengthError(string span, string size, int expected, int actual) =>
        new($"{span}: expected {size} = {expected} floats, got {actual}.", span);

    /// <summary>
    /// Runs <paramref name="batch"/> independent sequences, each from a zero state, as <see cref="Forward"/>
    /// would one by one, but four at a time in lock-step so every weight load feeds all four. Allocates nothing
    /// (state on the stack, or for large layers in a buffer rented from ArrayPool) and is thread-safe; the
    /// streaming state is neither read nor changed.
    /// </summary>
    /// <param name="inputs">batch·steps·Input floats for any steps ≥ 1, [sequence, step, feature].</param>
    /// <param name="outputs">batch·Units floats ([sequence, unit], each last hidden state) or
    /// batch·steps·Units floats ([sequence, step, unit], every hidden state).</param>
    /// <param name="batch">Number of sequences, at least 1.</param>
    /// <exception cref="ArgumentException">The lengths don't fit the layer.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1.</exception>
    public void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int batch)
    {
        var (steps, sequences) = BatchShape(inputs.Length, outputs.Length, batch);
        inputs = LstmDenormals.Flushed(inputs, out float[]? flushed);
        ForwardBatchFlushed(inputs, outputs, batch, steps, sequences);
        LstmDenormals.Return(flushed);
    }

    private void ForwardBatchFlushed(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int steps, bool sequences)
    {
        int length = BatchStateLength;
        if (length <= StackBudgetFloats)
        {
            Span<float> state = stackalloc float[length];
            RunBatch(inputs, outputs, batch, steps, sequences, state);
            return;
        }
        float[] rented = ArrayPool<float>.Shared.Rent(length);
        try { RunBatch(inputs, outputs, batch, steps, sequences, rented.AsSpan(0, length)); }
        finally { ArrayPool<float>.Shared.Return(rented); }
    }

    /// <summary>
    /// <see cref="ForwardBatch"/> split over up to <paramref name="maxDegreeOfParallelism"/> threads (-1: one
    /// per core) with Parallel.For, in parts of whole groups of four sequences. Unlike ForwardBatch it allocates
    /// (the task machinery); results are identical to ForwardBatch's.
    /// </summary>
    /// <inheritdoc cref="ForwardBatch"/>
    public void ForwardBatchParallel(ReadOnlyMemory<float> inputs, Memory<float> outputs, int batch, int maxDegreeOfParallelism = -1)
    {
        BatchShape(inputs.Length, outputs.Length, batch);
        LstmBatch.Parallel(ForwardBatch, inputs, outputs, batch, BatchGroup, maxDegreeOfParallelism);
    }

    // ForwardBatch's state: [h, h', c] of a group of four sequences, and one tile's gate sums for them
    // (4 sequences × 4 gates × 2 columns × width); on the stack within the same budget as generated layers.
    private const int BatchGroup = KernelSizing.BatchGroup;
    private const int StackBudgetFloats = KernelSizing.BatchStackBudgetBytes / sizeof(float);
    private int BatchStateLength => 3 * BatchGroup * _paddedUnits + BatchGroup * 4 * LstmLayout.TileColumns * _width;

    private (int Steps, bool Sequences) BatchShape(int inputs, int outputs, int batch)
    {
        if (batch < 1)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "batch: expected at least 1 sequence.");
        if (inputs == 0 || inputs % ((long)batch * Input) != 0)
            throw new ArgumentException($"inputs: expected a positive multiple of batch·Input = {batch}·{Input} floats ([{batch}, steps, {Input}]), got {inputs}.", nameof(inputs));
        int steps = (int)(inputs / ((long)batch * Input));
        bool sequences = outputs != (long)batch * Units;
        if (sequences && outputs != (long)batch * steps * Units)
            throw new ArgumentException($"outputs: expected batch·Units = {(long)batch * Units} floats (last states) or batch·steps·Units = {(long)batch * steps * Units} (every state), got {outputs}.", nameof(outputs));
        return (steps, sequences);
    }

    private void RunBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int steps, bool sequences, Span<float> state)
    {
        if (_width == Vector512<float>.Count)
            RunBatch<Ops512, Vector512<float>>(inputs, outputs, batch, steps, sequences, state);
        else if (Vector256.IsHardwareAccelerated)
            RunBatch<Ops256, Vector256<float>>(inputs, outputs, batch, steps, sequences, state);
        else if (Vector128.IsHardwareAccelerated)
            RunBatch<Ops128, Vector128<float>>(inputs, outputs, batch, steps, sequences, state);
        else
            RunBatch<OpsScalar, float>(inputs, outputs, batch, steps, sequences, state);
    }

    // Sequences four at a time in lock-step: each weight load feeds four FMAs. A last group of one to three
    // sequences repeats its last sequence in the empty slots (their outputs are dropped).
    private void RunBatch<TOps, TVec>(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int steps, bool sequences, Span<float> state)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int up = _paddedUnits, seqIn = steps * Input, seqOut = sequences ? steps * Units : Units;
        int width = TOps.Width, columns = up / width, columnStride = 4 * width * (1 + Input + Units);
        ref float w = ref MemoryMarshal.GetReference(LstmLayout.Aligned(_packed, _packedLength));
        ref float input = ref MemoryMarshal.GetReference(inputs);
        // state = [h (4 sequences), h', c, z]; z holds one tile's gate sums for the four sequences.
        ref float z = ref Unsafe.Add(ref MemoryMarshal.GetReference(state), 3 * BatchGroup * up);
        for (int b = 0; b < batch; b += BatchGroup)
        {
            int count = Math.Min(BatchGroup, batch - b);
            state.Slice(0, 3 * BatchGroup * up).Clear();
            ref float h = ref MemoryMarshal.GetReference(state);
            ref float hNext = ref Unsafe.Add(ref h, BatchGroup * up);
            ref float c = ref Unsafe.Add(ref h, 2 * BatchGroup * up);
            // Input offsets of the four slots; empty slots repeat the last sequence.
            int x0 = b * seqIn, x1 = (b + Math.Min(1, count - 1)) * seqIn, x2 = (b + Math.Min(2, count - 1)) * seqIn, x3 = (b + count - 1) * seqIn;
            for (int t = 0; t < steps; t++)
            {
                int xt = t * Input;
                int col = 0;
                for (; col + 2 <= columns; col += 2)
                    TileBatch<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), 2, ref input, x0 + xt, x1 + xt, x2 + xt, x3 + xt,
                        ref h, up, ref z, ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
                if (col < columns)
                    TileBatch<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), 1, ref input, x0 + xt, x1 + xt, x2 + xt, x3 + xt,
                        ref h, up, ref z, ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
                ref float previous = ref h;
                h = ref hNext;
                hNext = ref previous;
                if (sequences)
                    for (int q = 0; q < count; q++)
                        LstmLayout.CopyUnits(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref h, q * up), Units), outputs.Slice((b + q) * seqOut + t * Units, Units));
            }
            if (!sequences)
                for (int q = 0; q < count; q++)
                    LstmLayout.CopyUnits(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref h, q * up), Units), outputs.Slice((b + q) * seqOut, Units));
        }
    }

    // One tile of `cols` columns for four sequences, in passes over its rows: gates i and f, then g and o. A pass
    // keeps 2·cols gate vectors × 4 sequences in registers (16 at most) and reads half of each row (whole cache
    // lines), so the weights still stream from L2 once per step for all four sequences. Where 16 accumulators do not
    // fit the register file (LstmLayout.SixteenVectorRegisters), a two-column tile makes one pass per gate.
    private void TileBatch<TOps, TVec>(ref float w, int cols, ref float input, int x0, int x1, int x2, int x3,
        ref float h, nint up, ref float z, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width, rowLength = 4 * cols * W;
        int passes = cols == 2 && LstmLayout.SixteenVectorRegisters ? 4 : 2, part = rowLength / passes;
        for (int pass = 0; pass < passes; pass++)
        {
            if (part == 4 * W)
                Pass<TOps, TVec, FourVectors>(ref Unsafe.Add(ref w, pass * part), rowLength, ref input, x0, x1, x2, x3, ref h, up, ref Unsafe.Add(ref z, pass * part), rowLength);
            else
                Pass<TOps, TVec, TwoVectors>(ref Unsafe.Add(ref w, pass * part), rowLength, ref input, x0, x1, x2, x3, ref h, up, ref Unsafe.Add(ref z, pass * part), rowLength);
        }
        // z of sequence q is [gate][col][lane] at q·rowLength, like a packed row.
        for (int q = 0; q < BatchGroup; q++)
            for (int col = 0; col < cols; col++)
            {
                ref float zq = ref Unsafe.Add(ref z, q * rowLength + col * W);
                UpdateState<TOps, TVec>(TOps.Load(ref zq, 0), TOps.Load(ref zq, cols * W), TOps.Load(ref zq, 2 * cols * W), TOps.Load(ref zq, 3 * cols * W),
                    ref c, ref hNext, q * up + col * W);
            }
    }

    // N vectors of each row (the pass's gates × columns) × four sequences: sixteen accumulators for four vectors, eight
    // for two. Rows are read in two branch-free segments: Input rows over x, then Units rows over h.
    private void Pass<TOps, TVec, N>(ref float w, int rowLength, ref float input, int x0, int x1, int x2, int x3, ref float h, nint up, ref float z, int zStride)
        where TOps : struct, ISimdOps<TVec> where TVec : struct where N : IVectorCount
    {
        int W = TOps.Width;
        TVec a0 = TOps.Load(ref w, 0), a1 = TOps.Load(ref w, W); // the bias row
        TVec a2 = N.Count > 2 ? TOps.Load(ref w, 2 * W) : a0, a3 = N.Count > 2 ? TOps.Load(ref w, 3 * W) : a1;
        TVec b0 = a0, b1 = a1, b2 = a2, b3 = a3, c0 = a0, c1 = a1, c2 = a2, c3 = a3, d0 = a0, d1 = a1, d2 = a2, d3 = a3;
        ref float row = ref Unsafe.Add(ref w, rowLength);
        for (int segment = 0; segment < 2; segment++)
        {
            bool isX = segment == 0;
            ref float s0 = ref isX ? ref Unsafe.Add(ref input, x0) : ref h;
            ref float s1 = ref isX ? ref Unsafe.Add(ref input, x1) : ref Unsafe.Add(ref h, up);
            ref float s2 = ref isX ? ref Unsafe.Add(ref input, x2) : ref Unsafe.Add(ref h, 2 * up);
            ref float s3 = ref isX ? ref Unsafe.Add(ref input, x3) : ref Unsafe.Add(ref h, 3 * up);
            int n = isX ? Input : Units;
            for (int k = 0; k < n; k++)
            {
                TVec va = TOps.Broadcast(Unsafe.Add(ref s0, k));
                TVec vb = TOps.Broadcast(Unsafe.Add(ref s1, k));
                TVec vc = TOps.Broadcast(Unsafe.Add(ref s2, k));
                TVec vd = TOps.Broadcast(Unsafe.Add(ref s3, k));
                TVec r = TOps.Load(ref row, 0);
                a0 = TOps.MultiplyAdd(r, va, a0); b0 = TOps.MultiplyAdd(r, vb, b0); c0 = TOps.MultiplyAdd(r, vc, c0); d0 = TOps.MultiplyAdd(r, vd, d0);
                r = TOps.Load(ref row, W);
                a1 = TOps.MultiplyAdd(r, va, a1); b1 = TOps.MultiplyAdd(r, vb, b1); c1 = TOps.MultiplyAdd(r, vc, c1); d1 = TOps.MultiplyAdd(r, vd, d1);
                if (N.Count > 2)
                {
                    r = TOps.Load(ref row, 2 * W);
                    a2 = TOps.MultiplyAdd(r, va, a2); b2 = TOps.MultiplyAdd(r, vb, b2); c2 = TOps.MultiplyAdd(r, vc, c2); d2 = TOps.MultiplyAdd(r, vd, d2);
                    r = TOps.Load(ref row, 3 * W);
                    a3 = TOps.MultiplyAdd(r, va, a3); b3 = TOps.MultiplyAdd(r, vb, b3); c3 = TOps.MultiplyAdd(r, vc, c3); d3 = TOps.MultiplyAdd(r, vd, d3);
                }
                row = ref Unsafe.Add(ref row, rowLength);
            }
        }
        VectorRow.Store<TOps, TVec, N>(ref z, W, a0, a1, a2, a3);
        VectorRow.Store<TOps, TVec, N>(ref Unsafe.Add(ref z, zStride), W, b0, b1, b2, b3);
        VectorRow.Store<TOps, TVec, N>(ref Unsafe.Add(ref z, 2 * zStride), W, c0, c1, c2, c3);
        VectorRow.Store<TOps, TVec, N>(ref Unsafe.Add(ref z, 3 * zStride), W, d0, d1, d2, d3);
    }

    /// <summary>Sets the streaming state (h and c) back to zero.</summary>
    public void ResetState() => Array.Clear(_stream);

    // `reverseFirst`: whether the first step walks W_hh backwards; with _alternates the direction flips every step.
    private void Run(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, Span<float> state, bool reverseFirst)
    {
        if (_width == Vector512<float>.Count)
            Run<Ops512, Vector512<float>>(input, output, steps, sequences, state, reverseFirst);
        else if (Vector256.IsHardwareAccelerated)
            Run<Ops256, Vector256<float>>(input, output, steps, sequences, state, reverseFirst);
        else if (Vector128.IsHardwareAccelerated)
            Run<Ops128, Vector128<float>>(input, output, steps, sequences, state, reverseFirst);
        else
            Run<OpsScalar, float>(input, output, steps, sequences, state, reverseFirst);
    }

    private void Run<TOps, TVec>(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, Span<float> state, bool reverseFirst)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int up = _paddedUnits;
        ref float w = ref MemoryMarshal.GetReference(LstmLayout.Aligned(_packed, _packedLength));
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float s = ref MemoryMarshal.GetReference(state);
        // State is [h, hNext, c]; hNext is written in full each step, then copied back to h.
        ref float h = ref s;
        ref float hNext = ref Unsafe.Add(ref s, up);
        ref float c = ref Unsafe.Add(ref s, 2 * up);
        for (int t = 0; t < steps; t++)
        {
            StepAll<TOps, TVec>(ref w, ref Unsafe.Add(ref x, t * Input), ref h, ref c, ref hNext, _alternates && (reverseFirst ^ ((t & 1) != 0)));
            LstmLayout.CopyUnits(MemoryMarshal.CreateReadOnlySpan(ref hNext, up), MemoryMarshal.CreateSpan(ref h, up));
            if (sequences)
                LstmLayout.CopyUnits(MemoryMarshal.CreateReadOnlySpan(ref h, Units), output.Slice(t * Units, Units));
        }
        if (!sequences)
            LstmLayout.CopyUnits(MemoryMarshal.CreateReadOnlySpan(ref h, Units), output);
    }

    // Every tile, in order, or (reverse) from the last tile to the first with each tile's rows read backwards.
    private void StepAll<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext, bool reverse)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int width = TOps.Width;
        int columns = _paddedUnits / width;
        int columnStride = 4 * width * (1 + Input + Units);
        int pairs = columns / 2;
        if (reverse && columns % 2 != 0)
            Tile1<TOps, TVec>(ref Unsafe.Add(ref w, (columns - 1) * columnStride), ref x, ref h,
                ref Unsafe.Add(ref c, (columns - 1) * width), ref Unsafe.Add(ref hNext, (columns - 1) * width), reverse);
        for (int p = 0; p < pairs; p++)
        {
            int col = 2 * (reverse ? pairs - 1 - p : p);
            Tile2<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), ref x, ref h,
                ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width), reverse);
        }
        if (!reverse && columns % 2 != 0)
            Tile1<TOps, TVec>(ref Unsafe.Add(ref w, (columns - 1) * columnStride), ref x, ref h,
                ref Unsafe.Add(ref c, (columns - 1) * width), ref Unsafe.Add(ref hNext, (columns - 1) * width), reverse);
    }

    // Two columns × four gates = eight independent accumulators, enough to hide FMA latency.
    // Rows k = 0 .. Input+Units-1 after the bias row, or (reverse) the other way round.
    private void Tile2<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext, bool reverse)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width, n = Input + Units, k = reverse ? n - 1 : 0, dk = reverse ? -1 : 1;
        TVec i0 = TOps.Load(ref w, 0 * W), i1 = TOps.Load(ref w, 1 * W);
        TVec f0 = TOps.Load(ref w, 2 * W), f1 = TOps.Load(ref w, 3 * W);
        TVec g0 = TOps.Load(ref w, 4 * W), g1 = TOps.Load(ref w, 5 * W);
        TVec o0 = TOps.Load(ref w, 6 * W), o1 = TOps.Load(ref w, 7 * W);
        ref float row = ref Unsafe.Add(ref w, (k + 1) * 8 * W);
        for (int j = 0; j < n; j++, k += dk)
        {
            TVec v = TOps.Broadcast(k < Input ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            i0 = TOps.MultiplyAdd(TOps.Load(ref row, 0 * W), v, i0); i1 = TOps.MultiplyAdd(TOps.Load(ref row, 1 * W), v, i1);
            f0 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * W), v, f0); f1 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * W), v, f1);
            g0 = TOps.MultiplyAdd(TOps.Load(ref row, 4 * W), v, g0); g1 = TOps.MultiplyAdd(TOps.Load(ref row, 5 * W), v, g1);
            o0 = TOps.MultiplyAdd(TOps.Load(ref row, 6 * W), v, o0); o1 = TOps.MultiplyAdd(TOps.Load(ref row, 7 * W), v, o1);
            row = ref Unsafe.Add(ref row, dk * 8 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
        UpdateState<TOps, TVec>(i1, f1, g1, o1, ref c, ref hNext, W);
    }

    private void Tile1<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext, bool reverse)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width, n = Input + Units, k = reverse ? n - 1 : 0, dk = reverse ? -1 : 1;
        TVec i0 = TOps.Load(ref w, 0 * W), f0 = TOps.Load(ref w, 1 * W);
        TVec g0 = TOps.Load(ref w, 2 * W), o0 = TOps.Load(ref w, 3 * W);
        ref float row = ref Unsafe.Add(ref w, (k + 1) * 4 * W);
        for (int j = 0; j < n; j++, k += dk)
        {
            TVec v = TOps.Broadcast(k < Input ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            i0 = TOps.MultiplyAdd(TOps.Load(ref row, 0 * W), v, i0);
            f0 = TOps.MultiplyAdd(TOps.Load(ref row, 1 * W), v, f0);
            g0 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * W), v, g0);
            o0 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * W), v, o0);
            row = ref Unsafe.Add(ref row, dk * 4 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
    }

    // c = σ(f)∘c + σ(i)∘tanh(g); h = σ(o)∘tanh(c), for W units starting at `offset`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateState<TOps, TVec>(TVec zi, TVec zf, TVec zg, TVec zo, ref float c, ref float hNext, nint offset)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        TVec cNew = TOps.MultiplyAdd(TOps.Sigmoid(zf), TOps.Load(ref c, offset), TOps.Multiply(TOps.Sigmoid(zi), TOps.Tanh(zg)));
        // c and h are flushed as they are stored, so a state decaying towards zero never carries denormals.
        cNew = TOps.Flush(cNew);
        TOps.Store(cNew, ref c, offset);
        TOps.Store(TOps.Flush(TOps.Multiply(TOps.Sigmoid(zo), TOps.Tanh(cNew))), ref hNext, offset);
    }
}

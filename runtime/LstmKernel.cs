using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen;

/// <summary>
/// An LSTM layer whose sizes are known only at run time: the generic counterpart of the kernels the
/// generator emits, and the baseline every benchmark compares them against. It uses the same packed
/// layout (<see cref="LstmLayout"/>), SIMD widths and register tiles; what it lacks is constant loop
/// bounds and offsets.
/// </summary>
/// <remarks>
/// Per step, with gates in order i, f, g, o: z = b + W_ih·x + W_hh·h; i, f, o = σ(z); g = tanh(z);
/// c = f∘c + i∘g; h = o∘tanh(c). An instance is not thread-safe: <see cref="Step"/> carries state and
/// <see cref="Forward"/> uses scratch buffers allocated once in the constructor.
/// </remarks>
public sealed class LstmKernel : ILstmBatchLayer
{
    private float[] _packed;
    private readonly int _width;
    private readonly int _paddedUnits;
    // Streaming state (Step) and Forward's scratch: [h, hNext, c], each _paddedUnits long.
    private readonly float[] _stream;
    private readonly float[] _scratch;

    /// <summary>Packs <paramref name="weights"/> for this CPU's widest accelerated SIMD width.</summary>
    public LstmKernel(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Input = weights.Input;
        Units = weights.Units;
        _width = Vector256.IsHardwareAccelerated ? Vector256<float>.Count
            : Vector128.IsHardwareAccelerated ? Vector128<float>.Count : 1;
        _paddedUnits = LstmLayout.PaddedUnits(Units, _width);
        _packed = new float[LstmLayout.PackedLength(Input, Units, _width)];
        LstmLayout.Pack(weights, _packed, _width);
        _stream = new float[3 * _paddedUnits];
        _scratch = new float[3 * _paddedUnits];
    }

    /// <summary>Replaces the weights with <paramref name="weights"/>, which must have the same Input and Units.</summary>
    /// <exception cref="ArgumentException">The sizes differ; the current weights stay in use.</exception>
    public void LoadWeights(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Input != Input || weights.Units != Units)
            throw new ArgumentException($"weights: this kernel expects Input = {Input}, Units = {Units}, got Input = {weights.Input}, Units = {weights.Units}.", nameof(weights));
        var packed = new float[_packed.Length];
        LstmLayout.Pack(weights, packed, _width);
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
        Run(input, output, steps, sequences, _scratch);
    }

    /// <summary>One time step of streaming inference: h and c carry over between calls.</summary>
    /// <param name="x">Input floats of this step.</param>
    /// <param name="h">Receives the Units floats of the new hidden state.</param>
    /// <exception cref="ArgumentException">The lengths don't fit the layer.</exception>
    public void Step(ReadOnlySpan<float> x, Span<float> h)
    {
        if (x.Length != Input)
            throw new ArgumentException($"x: expected Input = {Input} floats, got {x.Length}.", nameof(x));
        if (h.Length != Units)
            throw new ArgumentException($"h: expected Units = {Units} floats, got {h.Length}.", nameof(h));
        Run(x, h, 1, false, _stream);
    }

    /// <summary>
    /// Runs <paramref name="batch"/> independent sequences, each from a zero state, as <see cref="Forward"/>
    /// would one by one, but two at a time in lock-step so every weight load feeds both. Allocates nothing
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
    /// per core) with Parallel.For, in parts of an even number of sequences. Unlike ForwardBatch it allocates
    /// (the task machinery, a few hundred bytes per call); results are identical to ForwardBatch's.
    /// </summary>
    /// <inheritdoc cref="ForwardBatch"/>
    public void ForwardBatchParallel(ReadOnlyMemory<float> inputs, Memory<float> outputs, int batch, int maxDegreeOfParallelism = -1)
    {
        BatchShape(inputs.Length, outputs.Length, batch);
        LstmBatch.Parallel(ForwardBatch, inputs, outputs, batch, maxDegreeOfParallelism);
    }

    // ForwardBatch's state: [h, h', c] of two sequences; 32 KiB at most on the stack.
    private const int StackBudgetFloats = 8192;
    private int BatchStateLength => 6 * _paddedUnits;

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
        if (Vector256.IsHardwareAccelerated)
            RunBatch<Ops256, Vector256<float>>(inputs, outputs, batch, steps, sequences, state);
        else if (Vector128.IsHardwareAccelerated)
            RunBatch<Ops128, Vector128<float>>(inputs, outputs, batch, steps, sequences, state);
        else
            RunBatch<OpsScalar, float>(inputs, outputs, batch, steps, sequences, state);
    }

    // Sequences two at a time in lock-step; an odd last one runs the single-sequence path.
    private void RunBatch<TOps, TVec>(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, int steps, bool sequences, Span<float> state)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int up = _paddedUnits, seqIn = steps * Input, seqOut = sequences ? steps * Units : Units;
        int width = TOps.Width, columns = up / width, columnStride = 4 * width * (1 + Input + Units);
        ref float w = ref MemoryMarshal.GetArrayDataReference(_packed);
        int b = 0;
        for (; b + 2 <= batch; b += 2)
        {
            state.Clear();
            // [h (both sequences), h', c]; h and h' swap each step.
            ref float h = ref MemoryMarshal.GetReference(state);
            ref float hNext = ref Unsafe.Add(ref h, 2 * up);
            ref float c = ref Unsafe.Add(ref h, 4 * up);
            ref float x = ref Unsafe.Add(ref MemoryMarshal.GetReference(inputs), b * seqIn);
            Span<float> out0 = outputs.Slice(b * seqOut, seqOut), out1 = outputs.Slice((b + 1) * seqOut, seqOut);
            for (int t = 0; t < steps; t++)
            {
                ref float xt = ref Unsafe.Add(ref x, t * Input);
                int col = 0;
                for (; col + 2 <= columns; col += 2)
                    Tile2Batch<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), ref xt, seqIn, ref h, up,
                        ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
                if (col < columns)
                    Tile1Batch<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), ref xt, seqIn, ref h, up,
                        ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
                ref float previous = ref h;
                h = ref hNext;
                hNext = ref previous;
                if (sequences)
                {
                    MemoryMarshal.CreateReadOnlySpan(ref h, Units).CopyTo(out0.Slice(t * Units, Units));
                    MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref h, up), Units).CopyTo(out1.Slice(t * Units, Units));
                }
            }
            if (!sequences)
            {
                MemoryMarshal.CreateReadOnlySpan(ref h, Units).CopyTo(out0);
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref h, up), Units).CopyTo(out1);
            }
        }
        if (b < batch)
        {
            state.Clear();
            Run<TOps, TVec>(inputs.Slice(b * seqIn, seqIn), outputs.Slice(b * seqOut, seqOut), steps, sequences, state);
        }
    }

    // Two columns × four gates × two sequences = sixteen accumulators; each weight load feeds both
    // sequences. The second sequence's x is xStride floats on, its h, c and h' `up` floats on.
    private void Tile2Batch<TOps, TVec>(ref float w, ref float x, nint xStride, ref float h, nint up, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width;
        TVec i0 = TOps.Load(ref w, 0 * W), i1 = TOps.Load(ref w, 1 * W);
        TVec f0 = TOps.Load(ref w, 2 * W), f1 = TOps.Load(ref w, 3 * W);
        TVec g0 = TOps.Load(ref w, 4 * W), g1 = TOps.Load(ref w, 5 * W);
        TVec o0 = TOps.Load(ref w, 6 * W), o1 = TOps.Load(ref w, 7 * W);
        TVec i0b = i0, i1b = i1, f0b = f0, f1b = f1, g0b = g0, g1b = g1, o0b = o0, o1b = o1;
        ref float xb = ref Unsafe.Add(ref x, xStride);
        ref float hb = ref Unsafe.Add(ref h, up);
        ref float row = ref Unsafe.Add(ref w, 8 * W);
        for (int k = 0; k < Input + Units; k++)
        {
            bool isX = k < Input;
            TVec v = TOps.Broadcast(isX ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            TVec vb = TOps.Broadcast(isX ? Unsafe.Add(ref xb, k) : Unsafe.Add(ref hb, k - Input));
            TVec r = TOps.Load(ref row, 0 * W); i0 = TOps.MultiplyAdd(r, v, i0); i0b = TOps.MultiplyAdd(r, vb, i0b);
            r = TOps.Load(ref row, 1 * W); i1 = TOps.MultiplyAdd(r, v, i1); i1b = TOps.MultiplyAdd(r, vb, i1b);
            r = TOps.Load(ref row, 2 * W); f0 = TOps.MultiplyAdd(r, v, f0); f0b = TOps.MultiplyAdd(r, vb, f0b);
            r = TOps.Load(ref row, 3 * W); f1 = TOps.MultiplyAdd(r, v, f1); f1b = TOps.MultiplyAdd(r, vb, f1b);
            r = TOps.Load(ref row, 4 * W); g0 = TOps.MultiplyAdd(r, v, g0); g0b = TOps.MultiplyAdd(r, vb, g0b);
            r = TOps.Load(ref row, 5 * W); g1 = TOps.MultiplyAdd(r, v, g1); g1b = TOps.MultiplyAdd(r, vb, g1b);
            r = TOps.Load(ref row, 6 * W); o0 = TOps.MultiplyAdd(r, v, o0); o0b = TOps.MultiplyAdd(r, vb, o0b);
            r = TOps.Load(ref row, 7 * W); o1 = TOps.MultiplyAdd(r, v, o1); o1b = TOps.MultiplyAdd(r, vb, o1b);
            row = ref Unsafe.Add(ref row, 8 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
        UpdateState<TOps, TVec>(i1, f1, g1, o1, ref c, ref hNext, W);
        UpdateState<TOps, TVec>(i0b, f0b, g0b, o0b, ref c, ref hNext, up);
        UpdateState<TOps, TVec>(i1b, f1b, g1b, o1b, ref c, ref hNext, up + W);
    }

    private void Tile1Batch<TOps, TVec>(ref float w, ref float x, nint xStride, ref float h, nint up, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width;
        TVec i0 = TOps.Load(ref w, 0 * W), f0 = TOps.Load(ref w, 1 * W);
        TVec g0 = TOps.Load(ref w, 2 * W), o0 = TOps.Load(ref w, 3 * W);
        TVec i0b = i0, f0b = f0, g0b = g0, o0b = o0;
        ref float xb = ref Unsafe.Add(ref x, xStride);
        ref float hb = ref Unsafe.Add(ref h, up);
        ref float row = ref Unsafe.Add(ref w, 4 * W);
        for (int k = 0; k < Input + Units; k++)
        {
            bool isX = k < Input;
            TVec v = TOps.Broadcast(isX ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            TVec vb = TOps.Broadcast(isX ? Unsafe.Add(ref xb, k) : Unsafe.Add(ref hb, k - Input));
            TVec r = TOps.Load(ref row, 0 * W); i0 = TOps.MultiplyAdd(r, v, i0); i0b = TOps.MultiplyAdd(r, vb, i0b);
            r = TOps.Load(ref row, 1 * W); f0 = TOps.MultiplyAdd(r, v, f0); f0b = TOps.MultiplyAdd(r, vb, f0b);
            r = TOps.Load(ref row, 2 * W); g0 = TOps.MultiplyAdd(r, v, g0); g0b = TOps.MultiplyAdd(r, vb, g0b);
            r = TOps.Load(ref row, 3 * W); o0 = TOps.MultiplyAdd(r, v, o0); o0b = TOps.MultiplyAdd(r, vb, o0b);
            row = ref Unsafe.Add(ref row, 4 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
        UpdateState<TOps, TVec>(i0b, f0b, g0b, o0b, ref c, ref hNext, up);
    }

    /// <summary>Sets the streaming state (h and c) back to zero.</summary>
    public void ResetState() => Array.Clear(_stream);

    private void Run(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, Span<float> state)
    {
        if (Vector256.IsHardwareAccelerated)
            Run<Ops256, Vector256<float>>(input, output, steps, sequences, state);
        else if (Vector128.IsHardwareAccelerated)
            Run<Ops128, Vector128<float>>(input, output, steps, sequences, state);
        else
            Run<OpsScalar, float>(input, output, steps, sequences, state);
    }

    private void Run<TOps, TVec>(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, Span<float> state)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int up = _paddedUnits;
        ref float w = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float s = ref MemoryMarshal.GetReference(state);
        // State is [h, hNext, c]; hNext is written in full each step, then copied back to h.
        ref float h = ref s;
        ref float hNext = ref Unsafe.Add(ref s, up);
        ref float c = ref Unsafe.Add(ref s, 2 * up);
        for (int t = 0; t < steps; t++)
        {
            StepAll<TOps, TVec>(ref w, ref Unsafe.Add(ref x, t * Input), ref h, ref c, ref hNext);
            MemoryMarshal.CreateReadOnlySpan(ref hNext, up).CopyTo(MemoryMarshal.CreateSpan(ref h, up));
            if (sequences)
                MemoryMarshal.CreateReadOnlySpan(ref h, Units).CopyTo(output.Slice(t * Units, Units));
        }
        if (!sequences)
            MemoryMarshal.CreateReadOnlySpan(ref h, Units).CopyTo(output);
    }

    private void StepAll<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int width = TOps.Width;
        int columns = _paddedUnits / width;
        int columnStride = 4 * width * (1 + Input + Units);
        int col = 0;
        for (; col + 2 <= columns; col += 2)
            Tile2<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), ref x, ref h,
                ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
        if (col < columns)
            Tile1<TOps, TVec>(ref Unsafe.Add(ref w, col * columnStride), ref x, ref h,
                ref Unsafe.Add(ref c, col * width), ref Unsafe.Add(ref hNext, col * width));
    }

    // Two columns × four gates = eight independent accumulators, enough to hide FMA latency.
    private void Tile2<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width;
        TVec i0 = TOps.Load(ref w, 0 * W), i1 = TOps.Load(ref w, 1 * W);
        TVec f0 = TOps.Load(ref w, 2 * W), f1 = TOps.Load(ref w, 3 * W);
        TVec g0 = TOps.Load(ref w, 4 * W), g1 = TOps.Load(ref w, 5 * W);
        TVec o0 = TOps.Load(ref w, 6 * W), o1 = TOps.Load(ref w, 7 * W);
        ref float row = ref Unsafe.Add(ref w, 8 * W);
        for (int k = 0; k < Input + Units; k++)
        {
            TVec v = TOps.Broadcast(k < Input ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            i0 = TOps.MultiplyAdd(TOps.Load(ref row, 0 * W), v, i0); i1 = TOps.MultiplyAdd(TOps.Load(ref row, 1 * W), v, i1);
            f0 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * W), v, f0); f1 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * W), v, f1);
            g0 = TOps.MultiplyAdd(TOps.Load(ref row, 4 * W), v, g0); g1 = TOps.MultiplyAdd(TOps.Load(ref row, 5 * W), v, g1);
            o0 = TOps.MultiplyAdd(TOps.Load(ref row, 6 * W), v, o0); o1 = TOps.MultiplyAdd(TOps.Load(ref row, 7 * W), v, o1);
            row = ref Unsafe.Add(ref row, 8 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
        UpdateState<TOps, TVec>(i1, f1, g1, o1, ref c, ref hNext, W);
    }

    private void Tile1<TOps, TVec>(ref float w, ref float x, ref float h, ref float c, ref float hNext)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int W = TOps.Width;
        TVec i0 = TOps.Load(ref w, 0 * W), f0 = TOps.Load(ref w, 1 * W);
        TVec g0 = TOps.Load(ref w, 2 * W), o0 = TOps.Load(ref w, 3 * W);
        ref float row = ref Unsafe.Add(ref w, 4 * W);
        for (int k = 0; k < Input + Units; k++)
        {
            TVec v = TOps.Broadcast(k < Input ? Unsafe.Add(ref x, k) : Unsafe.Add(ref h, k - Input));
            i0 = TOps.MultiplyAdd(TOps.Load(ref row, 0 * W), v, i0);
            f0 = TOps.MultiplyAdd(TOps.Load(ref row, 1 * W), v, f0);
            g0 = TOps.MultiplyAdd(TOps.Load(ref row, 2 * W), v, g0);
            o0 = TOps.MultiplyAdd(TOps.Load(ref row, 3 * W), v, o0);
            row = ref Unsafe.Add(ref row, 4 * W);
        }
        UpdateState<TOps, TVec>(i0, f0, g0, o0, ref c, ref hNext, 0);
    }

    // c = σ(f)∘c + σ(i)∘tanh(g); h = σ(o)∘tanh(c), for W units starting at `offset`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UpdateState<TOps, TVec>(TVec zi, TVec zf, TVec zg, TVec zo, ref float c, ref float hNext, nint offset)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        TVec cNew = TOps.MultiplyAdd(TOps.Sigmoid(zf), TOps.Load(ref c, offset), TOps.Multiply(TOps.Sigmoid(zi), TOps.Tanh(zg)));
        TOps.Store(cNew, ref c, offset);
        TOps.Store(TOps.Multiply(TOps.Sigmoid(zo), TOps.Tanh(cNew)), ref hNext, offset);
    }
}

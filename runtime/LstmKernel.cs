using System;
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
public sealed class LstmKernel : ILstmLayer
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

    /// <summary>Sets the streaming state (h and c) back to zero.</summary>
    public void ResetState() => Array.Clear(_stream);

    private void Run(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, float[] state)
    {
        if (Vector256.IsHardwareAccelerated)
            Run<Ops256, Vector256<float>>(input, output, steps, sequences, state);
        else if (Vector128.IsHardwareAccelerated)
            Run<Ops128, Vector128<float>>(input, output, steps, sequences, state);
        else
            Run<OpsScalar, float>(input, output, steps, sequences, state);
    }

    private void Run<TOps, TVec>(ReadOnlySpan<float> input, Span<float> output, int steps, bool sequences, float[] state)
        where TOps : struct, ISimdOps<TVec> where TVec : struct
    {
        int up = _paddedUnits;
        ref float w = ref MemoryMarshal.GetArrayDataReference(_packed);
        ref float x = ref MemoryMarshal.GetReference(input);
        ref float s = ref MemoryMarshal.GetArrayDataReference(state);
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

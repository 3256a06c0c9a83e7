using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// The packed weight layout shared by <see cref="LstmKernel"/> and the generated kernels.
/// Public only so generated code can call it; the layout is an implementation detail that may change
/// between LstmGen versions (generator and runtime ship in one package, so they always agree).
/// </summary>
/// <remarks>
/// <para>For a SIMD width of W lanes, the units are padded to Up = ⌈U/W⌉·W and split into "vector
/// columns" of W units. Each vector column holds <c>R = 1 + I + U</c> rows; row 0 is the bias, rows
/// 1..I multiply x, rows I+1..I+U multiply h. Within a row the four gates of the column lie side by
/// side ([gate][lane]), so one pass over the rows computes all four gates of W units.</para>
/// <para>Columns are grouped in register tiles of two (the last tile holds one when the count is odd);
/// inside a two-column tile each row is [gate][column][lane], i.e. 8·W floats. A tile that starts at
/// column v begins at float offset <c>v · 4·W·R</c>. Padded units get zero weights and zero bias, so
/// their c and h stay exactly 0 and never influence real units.</para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmLayout
{
    /// <summary>Columns per register tile.</summary>
    public const int TileColumns = KernelSizing.TileColumns;

    /// <summary>
    /// True where the JIT has 16 vector registers: x86 without AVX-512 (AVX-512 and ARM64 have 32). Where a two-column
    /// tile's accumulators would not fit there, the kernels use fewer: ForwardBatch makes one pass per gate (a pass over
    /// two gates keeps 16 accumulators, four broadcasts and a weight vector live), and a generated layer's Vector256 Step
    /// and Forward tiles keep one accumulator set instead of two. The JIT folds it to a constant.
    /// </summary>
    public static bool SixteenVectorRegisters => !Avx512F.IsSupported && !AdvSimd.IsSupported;

    /// <summary>Units rounded up to a multiple of <paramref name="width"/>.</summary>
    public static int PaddedUnits(int units, int width) => KernelSizing.Pad(units, width);

    /// <summary>Floats in the packed weights for the given sizes and SIMD width.</summary>
    public static int PackedLength(int input, int units, int width) => PackedLength(input, units, width, WeightPrecision.Single);

    /// <summary>Floats (32-bit slots) in the packed weights when W_hh is stored with <paramref name="recurrent"/> precision.</summary>
    public static int PackedLength(int input, int units, int width, WeightPrecision recurrent) =>
        checked(4 * PaddedUnits(units, width) * (1 + input + RecurrentRows(units, recurrent)));

    /// <summary>
    /// Packed rows holding W_hh: one per unit in float32, one per pair of units in Half and BFloat16 (two per slot), and
    /// in Int8 one per four units (four per slot) plus the row of per-row scales.
    /// </summary>
    public static int RecurrentRows(int units, WeightPrecision recurrent) => recurrent switch
    {
        WeightPrecision.Single => units,
        WeightPrecision.Int8 => (units + 3) / 4 + 1,
        _ => (units + 1) / 2,
    };

    /// <summary>W_hh rows one 32-bit slot holds: 1 in float32, 2 in the 16-bit precisions, 4 in Int8.</summary>
    public static int RowsPerSlot(WeightPrecision recurrent) => recurrent switch
    {
        WeightPrecision.Single => 1,
        WeightPrecision.Int8 => 4,
        _ => 2,
    };

    /// <summary>
    /// A pinned array for <paramref name="length"/> packed floats plus slack, so that <see cref="Aligned"/> can
    /// start it on a 64-byte boundary: no vector load then splits a cache line. Pinned (on the pinned object
    /// heap), it never moves, so the boundary found once stays valid.
    /// </summary>
    public static float[] AllocateAligned(int length) => GC.AllocateArray<float>(checked(length + AlignmentSlack), pinned: true);

    /// <summary>The <paramref name="length"/> floats of an <see cref="AllocateAligned"/> array that start on a 64-byte boundary.</summary>
    public static Span<float> Aligned(float[] packed, int length)
    {
        nint address = Unsafe.ByteOffset(ref Unsafe.NullRef<float>(), ref MemoryMarshal.GetArrayDataReference(packed));
        return packed.AsSpan((int)((-address & 63) / sizeof(float)), length);
    }

    private const int AlignmentSlack = 64 / sizeof(float) - 1;

    /// <summary>
    /// Copies <paramref name="from"/> to the start of <paramref name="to"/> (which must not overlap it) in 256-bit moves
    /// at most. A span copy of constant length, or Buffer.Memmove's 64-byte blocks, become 512-bit moves on AVX-512
    /// CPUs; on Intel cores one 512-bit instruction among a Vector256 step's code slows that step measurably (1×16 Step:
    /// about a fifth), so the kernels copy h with this instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CopyUnits(ReadOnlySpan<float> from, Span<float> to)
    {
        int n = from.Length, k = 0;
        ref float source = ref MemoryMarshal.GetReference(from);
        ref float destination = ref MemoryMarshal.GetReference(to.Slice(0, n));
        if (Vector256.IsHardwareAccelerated)
            for (; k + Vector256<float>.Count <= n; k += Vector256<float>.Count)
                Vector256.StoreUnsafe(Vector256.LoadUnsafe(ref source, (nuint)k), ref destination, (nuint)k);
        if (Vector128.IsHardwareAccelerated)
            for (; k + Vector128<float>.Count <= n; k += Vector128<float>.Count)
                Vector128.StoreUnsafe(Vector128.LoadUnsafe(ref source, (nuint)k), ref destination, (nuint)k);
        for (; k < n; k++)
            Unsafe.Add(ref destination, k) = Unsafe.Add(ref source, k);
    }

    /// <summary>Packs <paramref name="weights"/> for SIMD width <paramref name="width"/> into <paramref name="destination"/>.</summary>
    public static void Pack(LstmWeights weights, Span<float> destination, int width) => Pack(weights, destination, width, WeightPrecision.Single);

    /// <summary>
    /// Packs <paramref name="weights"/> with W_hh stored in <paramref name="recurrent"/> precision. In Half or BFloat16,
    /// rows k and k+1 of W_hh share one packed row: each 32-bit slot holds row k's weight in its low 16 bits and row
    /// k+1's in its high 16 bits (zero past the last unit), which <see cref="LstmHalf"/> / <see cref="LstmBFloat16"/>
    /// split in registers. Both round to nearest, ties to even. In Int8, rows k..k+3 share one packed row, byte j of a
    /// slot holding row k+j's q (zero past the last unit), split by <see cref="LstmInt8"/>; after them each tile has one
    /// more row, the float32 scale of each output unit and gate divided by <see cref="LstmInt8.Scale"/> (the quantisation
    /// rule is <see cref="WeightPrecision.Int8"/>'s). Messages call the weights <c>name</c>: "weights", or in a model
    /// "weights.Layers[k]".
    /// </summary>
    /// <exception cref="ArgumentException">A recurrent weight lies beyond Half's range (±65504), rounds to infinity in
    /// BFloat16, or is NaN or infinite in Int8.</exception>
    public static void Pack(LstmWeights weights, Span<float> destination, int width, WeightPrecision recurrent, string name = "weights")
    {
        ArgumentNullException.ThrowIfNull(weights);
        int input = weights.Input, units = weights.Units;
        float[] wIh = weights.WeightIhArray, wHh = weights.WeightHhArray, bias = weights.BiasArray;
        float[]? scales = CheckRecurrent(wHh, units, recurrent, name);
        Pack(input, units, destination, width, recurrent, (gate, unit, r) =>
        {
            int g = gate * units + unit; // canonical row of this gate and unit
            if (r == 0)
                return bias[g];
            if (r <= input)
                return wIh[g * input + (r - 1)];
            return Recurrent(wHh, scales, units, g, r - 1 - input);
        });
    }

    // Checks that W_hh fits `recurrent`, naming the first weight that does not; in Int8 returns each row's scale, max|w| /
    // 127 (0 for an all-zero row).
    private static float[]? CheckRecurrent(float[] wHh, int units, WeightPrecision recurrent, string name)
    {
        if (recurrent is WeightPrecision.Half or WeightPrecision.BFloat16)
            for (int k = 0; k < wHh.Length; k++)
                if (!float.IsFinite(Widen(Narrow(wHh[k], recurrent), recurrent)))
                    throw new ArgumentException(
                        $"{name}: weight_hh[{k / units}, {k % units}] = {wHh[k]} is beyond {recurrent}'s range" +
                        (recurrent == WeightPrecision.Half ? " (±65504)" : "") + "; store W_hh as WeightPrecision.Single.", "weights");
        if (recurrent != WeightPrecision.Int8)
            return null;
        var scales = new float[wHh.Length / units];
        for (int g = 0; g < scales.Length; g++)
        {
            float max = 0;
            for (int k = 0; k < units; k++)
            {
                float v = wHh[g * units + k];
                if (!float.IsFinite(v))
                    throw new ArgumentException(
                        $"{name}: weight_hh[{g}, {k}] = {v} (row {g}) is not finite; Int8 scales each row by its largest |weight|.", "weights");
                max = MathF.Max(max, MathF.Abs(v));
            }
            scales[g] = max / 127f;
        }
        return scales;
    }

    // Column k of W_hh row g as packed: the weight (16-bit precisions narrow it later), or in Int8 its q, and at k = units
    // (one past the last column) the row's scale.
    private static float Recurrent(float[] wHh, float[]? scales, int units, int g, int k)
    {
        if (scales is null)
            return wHh[g * units + k];
        return k == units ? scales[g] : Quantise(wHh[g * units + k], scales[g]);
    }

    // Int8: w / scale rounded to nearest, ties to even, clamped to ±127 (only rounding can reach past ±127).
    private static float Quantise(float w, float scale) =>
        scale == 0 ? 0 : (float)Math.Clamp(Math.Round((double)w / scale, MidpointRounding.ToEven), -127, 127);

    /// <summary>Packs GRU weights with W_hh in float32; see <see cref="PackGru(GruWeights, Span{float}, int, WeightPrecision, string)"/>.</summary>
    public static void PackGru(GruWeights weights, Span<float> destination, int width) => PackGru(weights, destination, width, WeightPrecision.Single);

    /// <summary>
    /// Packs GRU weights in the same layout, as four "gates" so the LSTM's tiles compute them unchanged:
    /// r and z (input and recurrent parts summed, biases b_i + b_h), n's input part (b_in + W_in·x, zero h rows)
    /// and n's recurrent part (b_hn + W_hn·h, zero x rows), kept apart because r multiplies only the latter.
    /// With reset_after=False the same layout holds (b_hn is zero there); the kernel then feeds n's recurrent rows r∘h.
    /// W_hh (W_hr, W_hz, W_hn) is stored in <paramref name="recurrent"/> precision as in
    /// <see cref="Pack(LstmWeights, Span{float}, int, WeightPrecision, string)"/>; in Int8 each of its 3·Units rows has
    /// its scale, and n's input part, which has no h rows, the scale 0. Messages call the weights <c>name</c>.
    /// </summary>
    /// <exception cref="ArgumentException">A recurrent weight does not fit <paramref name="recurrent"/> (see Pack).</exception>
    public static void PackGru(GruWeights weights, Span<float> destination, int width, WeightPrecision recurrent, string name = "weights")
    {
        ArgumentNullException.ThrowIfNull(weights);
        int input = weights.Input, units = weights.Units;
        float[] wIh = weights.WeightIhArray, wHh = weights.WeightHhArray, bIh = weights.BiasIhArray, bHh = weights.BiasHhArray;
        float[]? scales = CheckRecurrent(wHh, units, recurrent, name);
        Pack(input, units, destination, width, recurrent, (gate, unit, r) =>
        {
            int g = Math.Min(gate, 2) * units + unit; // PyTorch row: r, z, n (gates 2 and 3 both read n's rows)
            bool xRow = r >= 1 && r <= input;
            int k = r - 1 - input; // the W_hh column of an h row
            return gate switch
            {
                < 2 => r == 0 ? bIh[g] + bHh[g] : xRow ? wIh[g * input + (r - 1)] : Recurrent(wHh, scales, units, g, k),
                2 => r == 0 ? bIh[g] : xRow ? wIh[g * input + (r - 1)] : 0f, // no h rows: zero weights, and in Int8 scale 0
                _ => r == 0 ? bHh[g] : xRow ? 0f : Recurrent(wHh, scales, units, g, k),
            };
        });
    }

    // The tile walk shared by both cells; value(gate, unit, row) gives one packed element of a real unit, row 0 the
    // bias, rows 1..input W_ih, the rest W_hh (in 16 bits two W_hh rows per packed row; in Int8 four, value giving
    // each one's q, then the scale row, value's row 1 + input + units). Denormal weights are packed as zeros
    // (LstmDenormals), so no product in the kernels reads one.
    private static void Pack(int input, int units, Span<float> destination, int width, WeightPrecision recurrent, Func<int, int, int, float> value)
    {
        int expected = PackedLength(input, units, width, recurrent);
        if (destination.Length != expected)
            throw new ArgumentException($"destination: expected {expected} floats, got {destination.Length}.", nameof(destination));
        int perSlot = RowsPerSlot(recurrent);
        int rows = 1 + input + RecurrentRows(units, recurrent);
        int scaleRow = recurrent == WeightPrecision.Int8 ? rows - 1 : -1;
        int columns = PaddedUnits(units, width) / width;
        Span<uint> bits = MemoryMarshal.Cast<float, uint>(destination); // 16-bit and int8 slots are bit patterns, not floats
        for (int first = 0; first < columns; first += TileColumns)
        {
            int tileCols = Math.Min(TileColumns, columns - first);
            int tileStart = first * 4 * width * rows;
            int rowLength = 4 * tileCols * width;
            for (int r = 0; r < rows; r++)
                for (int gate = 0; gate < 4; gate++)
                    for (int col = 0; col < tileCols; col++)
                        for (int lane = 0; lane < width; lane++)
                        {
                            int unit = (first + col) * width + lane;
                            int at = tileStart + r * rowLength + (gate * tileCols + col) * width + lane;
                            if (unit >= units)
                                bits[at] = 0;
                            else if (perSlot == 1 || r <= input)
                                destination[at] = LstmDenormals.Flush(value(gate, unit, r));
                            else if (r == scaleRow) // stored divided by 2²⁴, the factor LstmInt8's decoded q carries
                                destination[at] = LstmDenormals.Flush(value(gate, unit, 1 + input + units) / LstmInt8.Scale);
                            else
                            {
                                int firstRow = 1 + input + perSlot * (r - 1 - input); // this packed row's first W_hh row
                                uint slot = 0;
                                for (int j = 0; j < perSlot && firstRow + j < 1 + input + units; j++)
                                    slot |= perSlot == 4
                                        ? (uint)(byte)(sbyte)value(gate, unit, firstRow + j) << (8 * j)
                                        : Narrow(LstmDenormals.Flush(value(gate, unit, firstRow + j)), recurrent) << (16 * j);
                                bits[at] = slot;
                            }
                        }
        }
    }

    // A float's 16-bit code in Half or BFloat16, rounded to nearest, ties to even, and back.
    private static uint Narrow(float value, WeightPrecision precision)
    {
        if (precision == WeightPrecision.Half)
            return BitConverter.HalfToUInt16Bits((Half)value);
        uint bits = BitConverter.SingleToUInt32Bits(value);
        return (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16; // finite inputs only (LstmWeights holds no NaN by default)
    }

    private static float Widen(uint code, WeightPrecision precision) =>
        precision == WeightPrecision.Half ? (float)BitConverter.UInt16BitsToHalf((ushort)code) : BitConverter.UInt32BitsToSingle(code << 16);
}

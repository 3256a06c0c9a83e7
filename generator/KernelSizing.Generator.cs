using LstmGen.Generator;

namespace LstmGen.GeneratedCodeSupport;

// The sizing rules only the generator applies, used by the parsers (limits, LSTMGEN006/007) and the emitters (the
// constants and scratch they write). The rules the runtime shares are in runtime/GeneratedCodeSupport/KernelSizing.cs.
internal static partial class KernelSizing
{
    /// <summary>
    /// Largest Forward scratch of an [LstmLayer] (h, h', c and a chunk of projected inputs) kept on the stack; beyond it the
    /// layer keeps its scratch in buffers allocated once per instance, and the parser reports LSTMGEN007. Twice
    /// <see cref="BatchStackBudgetBytes"/> on purpose: off the stack, Forward is no longer safe to call concurrently on one
    /// instance, while ForwardBatch only rents its buffer from ArrayPool and stays thread-safe.
    /// </summary>
    public const int ForwardStackBudgetBytes = 64 * 1024;

    // Forward hoists the input projection out of the recurrence: for a chunk of steps it first computes z_t = b + W_ih·x_t
    // for every step (each tile's input rows stay in L1 across the chunk), then runs the recurrence adding only W_hh·h.
    // Chunks bound that scratch to ProjectionFloatBudget floats, and to MaxProjectionChunk steps.
    private const int ProjectionFloatBudget = 8192;
    private const int MaxProjectionChunk = 16;

    /// <summary>Reductions over this many rows or fewer are unrolled row by row; longer ones stay constant-bound loops.</summary>
    public const int UnrollRows = 16;


    /// <summary>Units padded for the widest path a layer of <paramref name="units"/> gets: the stride of its state buffers.</summary>
    public static int WidestPaddedUnits(int units) => Pad(units, SimdFlavor.For(units)[0].Width);

    /// <summary>Steps per Forward chunk for a layer of <paramref name="units"/> (<paramref name="steps"/> = 0: not fixed).</summary>
    public static int ProjectionChunk(int units, int steps)
    {
        int chunk = Math.Max(1, Math.Min(MaxProjectionChunk, ProjectionFloatBudget / (4 * WidestPaddedUnits(units))));
        return steps > 0 ? Math.Min(chunk, steps) : chunk;
    }

    /// <summary>Floats of Forward's scratch: h, h', c and the projected inputs (4 gates) of one chunk.</summary>
    public static long ForwardStateFloats(int units, int steps) => (3L + 4L * ProjectionChunk(units, steps)) * WidestPaddedUnits(units);

    /// <summary>Floats of ForwardBatch's state: h, h' and c of a group of sequences, and one tile's gate sums for them.</summary>
    public static long BatchStateFloats(int units)
    {
        int width = SimdFlavor.For(units)[0].Width;
        return 3L * BatchGroup * Pad(units, width) + BatchGroup * 4 * TileColumns * width;
    }

    /// <summary>Whether ForwardBatch's state fits <see cref="BatchStackBudgetBytes"/>.</summary>
    public static bool BatchStateOnStack(int units) => BatchStateFloats(units) * sizeof(float) <= BatchStackBudgetBytes;

    /// <summary>Whether the recurrent rows are walked in alternating directions (see AlternateFromBytes).</summary>
    public static bool Alternates(LstmKernelSpec s) =>
        !s.ResetBefore && s.Units > UnrollRows && AlternatesRecurrentRows(s.Units, s.RecurrentBytes);

    /// <summary>
    /// Floats of an LSTM's packed weights at the widest padding, for the limit check. In decimal: at sizes near
    /// int.MaxValue the product outgrows even a long, and must still compare (and print) as too large.
    /// </summary>
    public static decimal PackedLstmFloats(int input, int units) => 4m * Pad((long)units, MaxVectorWidth) * (1m + input + units);

    /// <summary>Floats of a Dense layer's packed weights (ModelKernels.PackDense), for the limit check.</summary>
    public static long PackedDenseFloats(int input, int units) => (1L + input) * Pad((long)units, DenseWidth);
}

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// The sizing rules the runtime and the generated kernels share: how units are padded to whole vectors, the register
/// tiles, ForwardBatch's groups and its stack budget. The generator compiles this file too (linked), so the constants
/// it emits and the layouts the runtime packs cannot drift apart; the rules only the generator applies (Forward's stack
/// budget, projection chunks, when W_hh is walked in alternating directions) are its part of this class.
/// </summary>
internal static partial class KernelSizing
{
    /// <summary>Floats in the widest vector a kernel uses (Vector512).</summary>
    public const int MaxVectorWidth = 16;

    /// <summary>Dense layers pad their outputs to this many floats (Vector256), so every path reads whole vectors.</summary>
    public const int DenseWidth = 8;

    /// <summary>Vector columns per register tile; the last tile holds one where the column count is odd.</summary>
    public const int TileColumns = 2;

    /// <summary>Sequences ForwardBatch runs in lock-step, so that each weight load feeds this many FMAs.</summary>
    public const int BatchGroup = 4;

    /// <summary>
    /// The default units each member of a ThreadTeam must own for splitting a step to pay (ThreadTeam.MinUnitsPerMember):
    /// below it, the barrier each step costs more than the member's share of the step saves.
    /// </summary>
    public const int TeamMinUnitsPerMember = 64;

    /// <summary>Largest ForwardBatch state kept on the stack; a larger one is rented from ArrayPool (still thread-safe).</summary>
    public const int BatchStackBudgetBytes = 32 * 1024;

    /// <summary>
    /// Whether a layer of <paramref name="units"/> runs Vector512 where it is accelerated: only for more than 16 units, and
    /// only where padding them to 16 lanes adds at most a quarter to the work of 8 (so not for 17–24). Measured: a
    /// 16-lane Step is slower than the 8-lane one for 8 units, and also for 16 (one 16-lane column against two 8-lane
    /// ones), while larger layers gain.
    /// </summary>
    public static bool UsesVector512(int units) => units > MaxVectorWidth && 4 * Pad(units, 16) <= 5 * Pad(units, 8);

    // Once W_hh outgrows L1, every step streams it from L2. Read in the same order each step, each miss evicts a row
    // needed soon after (LRU thrashing) and nothing hits; read backwards on every other step, a step starts on the rows
    // the previous one read last, still in L1. 32 KiB is the smaller L1d of the CPUs measured (Zen 4; recent Intel cores
    // have 48 KiB). The rule is fixed when the generator emits a layer, not at run time: on a 48 KiB core a W_hh of
    // 32–48 KiB is walked alternately although it would fit, which reorders its reads and costs no extra ones.
    private const int AlternateFromBytes = 32 * 1024;

    /// <summary>
    /// Whether W_hh of <paramref name="units"/>, at <paramref name="bytesPerWeight"/>, is large enough (AlternateFromBytes)
    /// that its rows are walked in alternating directions, every other step backwards.
    /// </summary>
    public static bool AlternatesRecurrentRows(int units, int bytesPerWeight) => 4L * units * units * bytesPerWeight >= AlternateFromBytes;

    /// <summary><paramref name="count"/> rounded up to a multiple of <paramref name="width"/>.</summary>
    public static int Pad(int count, int width) => (count + width - 1) / width * width;

    /// <summary>The same in 64 bits, for limits checked before a size is known to fit an int.</summary>
    public static long Pad(long count, int width) => (count + width - 1) / width * width;
}

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

    /// <summary>Largest ForwardBatch state kept on the stack; a larger one is rented from ArrayPool (still thread-safe).</summary>
    public const int BatchStackBudgetBytes = 32 * 1024;

    /// <summary><paramref name="count"/> rounded up to a multiple of <paramref name="width"/>.</summary>
    public static int Pad(int count, int width) => (count + width - 1) / width * width;

    /// <summary>The same in 64 bits, for limits checked before a size is known to fit an int.</summary>
    public static long Pad(long count, int width) => (count + width - 1) / width * width;
}

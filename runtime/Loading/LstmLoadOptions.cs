namespace LstmGen;

/// <summary>Options shared by every weights loader.</summary>
public sealed record LstmLoadOptions
{
    /// <summary>The defaults: non-finite weights are rejected.</summary>
    public static LstmLoadOptions Default { get; } = new();

    /// <summary>
    /// Accept NaN and ±∞ in weights. Off by default: such weights make every output NaN, and are
    /// almost always a sign of a diverged training run or a corrupt file.
    /// </summary>
    public bool AllowNonFinite { get; init; }
}

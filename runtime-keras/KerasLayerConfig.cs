namespace LstmGen;

/// <summary>What a model config says about one layer.</summary>
internal sealed record KerasLayerConfig(string Name, string ClassName, int? Units, string? Activation, string? RecurrentActivation,
    bool? UseBias)
{
    /// <summary>A GRU's reset_after, when the config gives it.</summary>
    public bool? ResetAfter { get; init; }
}

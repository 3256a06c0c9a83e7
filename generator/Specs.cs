namespace LstmGen.Generator;

// The pipeline's specs, what parsing hands to emission: plain values only (strings, ints, enums, equatable arrays),
// never ISymbol, SyntaxNode or Compilation, so incremental caching compares them by value.

/// <summary>A spec of one generated class.</summary>
internal interface IClassSpec
{
    /// <summary>The class's namespace, null in the global namespace.</summary>
    string? Namespace { get; }

    /// <summary>The class's name, as messages name it.</summary>
    string ClassName { get; }

    /// <summary>"class" or "record class", as the generated partial declaration repeats it.</summary>
    string Keyword { get; }
}

/// <summary>What the generator needs to emit one layer.</summary>
internal sealed record LayerSpec(
    string? Namespace,
    string ClassName,
    string Keyword,         // "class" or "record class"
    int Input,
    int Units,
    int Steps,              // 0 = not fixed: Forward takes any whole number of steps
    bool ReturnSequences,
    bool StateOnStack,
    WeightPrecision RecurrentPrecision = WeightPrecision.Single)  // [LstmLayer(RecurrentWeights = ...)]
    : IClassSpec
{
    /// <summary>The kernel of this layer: σ gates and tanh cell, as [LstmLayer] always has.</summary>
    public LstmKernelSpec Kernel => new(Input, Units, Steps, Activation.Tanh, Activation.Sigmoid, Gru: false, RecurrentPrecision: RecurrentPrecision);
}

/// <summary>
/// What the shared recurrent kernel emission needs: sizes, the two activations, and the cell. A GRU runs on the
/// LSTM's tiles unchanged (its weights packed as four "gates": r, z, n's input part, n's recurrent part); only the
/// element-wise step after the reductions differs. <see cref="ResetBefore"/>: a GRU with Keras reset_after=False, where
/// r multiplies h before U_n, so each step takes two passes over the tiles (r∘h for every unit first).
/// <see cref="RecurrentPrecision"/>: W_hh packed as 16-bit Half or BFloat16, two rows per packed row (LstmLayout), split in
/// registers by LstmHalf / LstmBFloat16, or as Int8, four rows per packed row plus a row of per-row scales, split by
/// LstmInt8. Half multiplies h by 2¹¹², finite only while |h| ≤ 1: cells with a bounded activation (the parsers refuse
/// Half with Relu or Linear).
/// </summary>
internal sealed record LstmKernelSpec(int Input, int Units, int Steps, Activation Activation, Activation RecurrentActivation, bool Gru,
    bool ResetBefore = false, WeightPrecision RecurrentPrecision = WeightPrecision.Single)
{
    /// <summary>W_hh in fewer than 32 bits: several rows per packed row.</summary>
    public bool PackedRecurrent => RecurrentPrecision != WeightPrecision.Single;

    /// <summary>W_hh rows per 32-bit slot (LstmLayout.RowsPerSlot): 1, 2 in 16 bits, 4 in Int8.</summary>
    public int RowsPerSlot => RowsPerSlotOf(RecurrentPrecision);

    /// <summary>Bytes per stored recurrent weight.</summary>
    public int RecurrentBytes => 4 / RowsPerSlot;

    public static int RowsPerSlotOf(WeightPrecision p) => p switch { WeightPrecision.Single => 1, WeightPrecision.Int8 => 4, _ => 2 };
}

/// <summary>The kinds of weighted model layers.</summary>
internal enum ModelLayerKind
{
    Lstm,
    Dense,
    Gru,
}

/// <summary>
/// One weighted layer of a model. <see cref="SequenceIn"/>/<see cref="SequenceOut"/>: whether the layer reads
/// and writes one vector per step (a Dense after a sequence is applied per step) or a single vector.
/// </summary>
internal sealed record ModelLayerSpec(
    ModelLayerKind Kind,
    int Input,
    int Units,
    bool ReturnSequences,
    Activation Activation,
    Activation RecurrentActivation,
    bool SequenceIn,
    bool SequenceOut,
    bool Bidirectional = false,
    bool GoBackwards = false,
    bool ResetAfter = true,
    WeightPrecision RecurrentPrecision = WeightPrecision.Single)  // [Lstm]/[Gru](RecurrentWeights = ...)
{
    /// <summary>Features out per step: Units, or both directions' 2·Units.</summary>
    public int Output => Bidirectional ? 2 * Units : Units;

    public long ParameterCount => Kind switch
    {
        ModelLayerKind.Lstm => (Bidirectional ? 2L : 1L) * 4L * Units * (Input + Units + 1),
        ModelLayerKind.Gru => 3L * Units * (Input + Units + (ResetAfter ? 2 : 1)),
        _ => (long)Units * (Input + 1),
    };

    public bool IsRecurrent => Kind != ModelLayerKind.Dense;
}

/// <summary>
/// A [Dropout] layer: the identity at inference, so the kernels never see it; only the model's Architecture lists it.
/// <see cref="Before"/>: the index in <see cref="ModelSpec.Layers"/> of the weighted layer it precedes (Layers.Length
/// when it comes last).
/// </summary>
internal sealed record DropoutSpec(int Before, double Rate);

/// <summary>
/// What the generator needs to emit one [LstmModel] class: the weighted layers, which the kernels run, and the Dropout
/// layers between them, which only the Architecture property lists.
/// </summary>
internal sealed record ModelSpec(
    string? Namespace,
    string ClassName,
    string Keyword,
    int Input,
    int Steps,              // 0 = not declared: Predict takes any number of steps
    EquatableArray<ModelLayerSpec> Layers,
    bool Streaming = true,
    EquatableArray<DropoutSpec> Dropouts = default) : IClassSpec;

/// <summary>
/// A member the user declared in a generated class, as the emit stage checks it against the emitted members (LSTMGEN008):
/// its name, its parameter list as the emitter writes one (null when it is not a method), and where it is declared, to
/// report the clash there. The location is compared by value (file and span), so a class with members of its own is
/// emitted again after an edit of its file; a class without any, the usual case, is not.
/// </summary>
internal sealed record UserMember(string Name, string? Signature, Location Location);

/// <summary>
/// What emission takes: the spec (plain values), and the members the user declared in the class beyond the public ones
/// parsing already checked (usually none), for the emit stage to check against the members the emitted source declares.
/// </summary>
internal sealed record Emission<TSpec>(TSpec Spec, EquatableArray<UserMember> OwnMembers) where TSpec : class, IClassSpec;

/// <summary>
/// A parsed [LstmLayer] or [LstmModel] class: the spec to emit (null when an error stops emission) and its diagnostics.
/// The diagnostics keep their real source locations (so <c>#pragma warning disable</c> works on them); the pipeline
/// splits them from the spec, and only the spec with the user's own members (<see cref="Emission"/>) feeds emission.
/// </summary>
internal sealed record ParseResult<TSpec>(TSpec? Spec, EquatableArray<Diagnostic> Diagnostics, EquatableArray<UserMember> OwnMembers = default)
    where TSpec : class, IClassSpec
{
    /// <summary>Nothing to emit or report: the target is not a class this declaration answers for.</summary>
    public static readonly ParseResult<TSpec> None = new(null, default);

    /// <summary>The input of emission; null when nothing is to be emitted.</summary>
    public Emission<TSpec>? Emission => Spec is null ? null : new(Spec, OwnMembers);
}

namespace LstmGen.Generator;

/// <summary>What a tile method computes.</summary>
internal enum TileKind
{
    /// <summary>The gate sums b + W_ih·x + W_hh·h, then the gates: one streaming step.</summary>
    Step,
    /// <summary>The sums b + W_ih·x stored for later: Forward's hoisted input projection.</summary>
    Project,
    /// <summary>The sums (from Project) + W_hh·h, then the gates: Forward's recurrence (reset_after=False: its first pass).</summary>
    Recur,
    /// <summary>reset_after=False's second pass: U_n·(r∘h), then h'.</summary>
    Reset,
}

/// <summary>One accumulator register and its offset in floats within a packed row (and within the gate sums).</summary>
internal readonly record struct Accumulator(string Name, int Offset);

/// <summary>
/// One register tile, decided once and read by <see cref="TileEmitter"/>: <see cref="Columns"/> vector columns × the
/// <see cref="Gates"/> it holds, for <see cref="StepsPerPass"/> steps. With one step, the rows alternate between two
/// accumulator sets (independent FMA chains); with two (Forward's projection), each weight load feeds both steps' FMAs.
/// </summary>
/// <param name="Gates">The gates held in registers (indices into <see cref="GateNames"/>): all four, except in
/// reset_after=False's two passes: Recur only r and z (n's recurrent part waits for r∘h), Reset only nh.</param>
/// <param name="ColumnGroups">The columns written together: all at once, or (Forward's recurrence of a layer whose W_hh
/// fits L1) one after the other, so the second column's FMAs overlap the first's activations.</param>
/// <param name="Reversible">Walks its W_hh rows backwards when the call passes <c>reverse</c> (see KernelSizing.Alternates).</param>
/// <param name="OneSet">One accumulator set although the tile runs one step: the variant for 16 vector registers
/// (<see cref="HasOneSetVariant"/>).</param>
internal sealed record TilePlan(
    LstmKernelSpec Spec,
    SimdFlavor Flavor,
    TileKind Kind,
    int Columns,
    int StepsPerPass,
    int[] Gates,
    int[][] ColumnGroups,
    bool Reversible,
    bool OneSet = false)
{
    private static readonly string[] LstmGates = { "i", "f", "g", "o" };
    // A GRU's four packed "gates": reset r, update z, and the candidate's input and recurrent parts.
    private static readonly string[] GruGates = { "r", "z", "nx", "nh" };

    public static TilePlan For(LstmKernelSpec spec, SimdFlavor flavor, TileKind kind, int columns, int stepsPerPass)
    {
        int[] gates = kind == TileKind.Reset ? new[] { 3 }
            : kind == TileKind.Recur && spec.ResetBefore ? new[] { 0, 1 }
            : new[] { 0, 1, 2, 3 };
        // Not where W_hh streams from L2 (two passes over each row's cache lines cost more there), nor for Step (no gain measured).
        bool oneAfterTheOther = kind == TileKind.Recur && !KernelSizing.Alternates(spec) && !spec.ResetBefore && !spec.Gru
            && columns == 2 && stepsPerPass == 1;
        int[][] groups = oneAfterTheOther ? new[] { new[] { 0 }, new[] { 1 } } : new[] { Enumerable.Range(0, columns).ToArray() };
        bool reversible = KernelSizing.Alternates(spec) && kind is TileKind.Step or TileKind.Recur;
        return new TilePlan(spec, flavor, kind, columns, stepsPerPass, gates, groups, reversible);
    }

    /// <summary>The method name of a tile: "TileVector256x2", "ProjectPairTileVector256x2", "RecurTileVector256x2OneSet", ...</summary>
    public static string NameOf(TileKind kind, SimdFlavor flavor, int columns, int stepsPerPass, bool oneSet = false) =>
        kind switch { TileKind.Step => "Tile", TileKind.Project => stepsPerPass == 2 ? "ProjectPairTile" : "ProjectTile", TileKind.Reset => "ResetTile", _ => "RecurTile" }
        + flavor.Name + "x" + columns + (oneSet ? "OneSet" : "");

    public string Name => NameOf(Kind, Flavor, Columns, StepsPerPass, OneSet);

    /// <summary>
    /// Whether the tile also comes as a <see cref="OneSet"/> variant, which the walk calls where the JIT has 16 vector
    /// registers (x86 without AVX-512; LstmLayout.SixteenVectorRegisters): two sets of a two-column tile are 16
    /// accumulators, which with the two broadcasts spill on every row pair there, while one set (8 FMA chains) still
    /// covers the FMA latency of those cores. Only the Vector256 path: Vector128 and scalar run with 16 registers only
    /// where AVX2 is turned off, and on ARM64 they have 32. Only float32 W_hh (Int8 tiles need the second set for the
    /// scaled products; 16-bit rows were not measured), and not where the columns are already written one at a time.
    /// </summary>
    public bool HasOneSetVariant =>
        !OneSet && Flavor.Width == 8 && Columns == 2 && StepsPerPass == 1 && Kind is TileKind.Step or TileKind.Recur
        && Gates.Length == 4 && !OneColumnAtATime && Spec.RecurrentPrecision == WeightPrecision.Single;

    public string[] GateNames => Spec.Gru ? GruGates : LstmGates;

    /// <summary>Floats in one packed row of this tile: [gate][column][lane].</summary>
    public int RowLength => 4 * Columns * Flavor.Width;

    /// <summary>The emitted constant holding <see cref="RowLength"/>.</summary>
    public string Row => RowName(Flavor, Columns);

    /// <summary>The constant a path declares for the row length of its tiles of <paramref name="columns"/> columns.</summary>
    public static string RowName(SimdFlavor flavor, int columns) => $"Row{flavor.Name}x{columns}";

    /// <summary>
    /// An offset in floats as emitted code spells it: <paramref name="rows"/> packed rows (the constant
    /// <paramref name="row"/>) plus <paramref name="lanes"/> floats into the row, e.g. "2 * RowVector256x2 + 8".
    /// </summary>
    public static string Rows(string row, int rows, int lanes = 0) =>
        rows == 0 ? lanes.ToString(CultureInfo.InvariantCulture)
            : (rows == 1 ? row : $"{rows} * {row}") + (lanes == 0 ? "" : $" + {lanes}");

    /// <summary>One step per pass: even rows feed one accumulator set, odd rows a second, added at the end (except <see cref="OneSet"/>).</summary>
    public bool TwoSets => StepsPerPass == 1 && !OneSet;

    /// <summary>Whether the columns are written one after the other.</summary>
    public bool OneColumnAtATime => ColumnGroups.Length > 1;

    /// <summary>Accumulators in registers over the whole tile (per set).</summary>
    public int AccumulatorCount => StepsPerPass * Gates.Length * Columns;

    /// <summary>Offset of gate <paramref name="gate"/>'s column <paramref name="column"/> within a row and within the sums.</summary>
    public int Offset(int gate, int column) => (gate * Columns + column) * Flavor.Width;

    /// <summary>The accumulators of step <paramref name="step"/> for <paramref name="columns"/>: gate by gate, column by column.</summary>
    public Accumulator[] Accumulators(int step, int[] columns) =>
        Gates.SelectMany(g => columns.Select(c => new Accumulator(GateNames[g] + c + (StepsPerPass > 1 ? $"s{step}" : ""), Offset(g, c))))
            .ToArray();
}

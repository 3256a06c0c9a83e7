namespace LstmGen.Generator;

/// <summary>
/// Writes one SIMD path of a kernel (Vector512, Vector256, Vector128 or scalar): the step-level methods Run,
/// RunSequence and RunBatch dispatch to (Step, Project, Recur, BatchStep), each a walk over the register tiles, then
/// the tiles themselves (<see cref="TileEmitter"/>, <see cref="BatchTileEmitter"/>).
/// </summary>
internal static class PathEmitter
{
    /// <param name="team">Step, Project and Recur walk a range of columns (first to end), so that the members of a
    /// ThreadTeam can each run their own; a single core passes them all.</param>
    public static void Write(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, bool batch, bool team)
    {
        var walk = new TileWalk(KernelSizing.Pad(s.Units, f.Width) / f.Width, KernelSizing.Alternates(s), team);
        var tiles = s.ResetBefore
            ? new[] { (TileKind.Project, 1), (TileKind.Project, 2), (TileKind.Recur, 1), (TileKind.Reset, 1) }
            : new[] { (TileKind.Step, 1), (TileKind.Project, 1), (TileKind.Project, 2), (TileKind.Recur, 1) };
        WriteHeader(w, s, f, walk, tiles, batch);
        if (!s.ResetBefore) // reset_after=False streams through Project and Recur (see KernelEmitter's Run)
            WriteCellStep(w, s, f, walk, TileKind.Step);
        WriteProject(w, f, walk);
        WriteRecur(w, s, f, walk);
        if (batch)
            WriteBatchStep(w, f, walk);

        foreach (var plan in TilePlans(s, f, walk, tiles))
            TileEmitter.Write(w, plan);
        if (batch)
            foreach (int columns in walk.TileSizes)
                BatchTileEmitter.Write(w, s, f, columns);
    }

    // Every tile method of the path, in the order they are written: each kind in each width, and its one-set variant.
    private static IEnumerable<TilePlan> TilePlans(LstmKernelSpec s, SimdFlavor f, TileWalk walk, (TileKind Kind, int StepsPerPass)[] tiles) =>
        tiles.SelectMany(t => walk.TileSizes.Select(n => TilePlan.For(s, f, t.Kind, n, t.StepsPerPass)))
            .SelectMany(p => p.HasOneSetVariant ? new[] { p, p with { OneSet = true } } : new[] { p });

    // The path's title, a map of its methods, and the row lengths its tiles' offsets count in.
    private static void WriteHeader(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, TileWalk walk, (TileKind Kind, int StepsPerPass)[] tiles, bool batch)
    {
        w.Line($"// ---- {f.Name} path: {Format.Plural(walk.Columns, "column")} of {Format.Plural(f.Width, "unit")}; register tiles of two columns" + (walk.Single ? ", then one single column." : "."));
        var steps = new List<string>();
        if (!s.ResetBefore)
            steps.Add($"Step{f.Name} (Step)");
        steps.Add($"Project{f.Name} and Recur{f.Name} (Forward{(s.ResetBefore ? ", and Step" : "")})");
        if (batch)
            steps.Add($"BatchStep{f.Name} (ForwardBatch)");
        var tileMethods = TilePlans(s, f, walk, tiles).Select(p => p.Name)
            .Concat(batch ? walk.TileSizes.SelectMany(n => BatchTileEmitter.PassNames(f, n).Prepend($"BatchTile{f.Name}x{n}")) : Enumerable.Empty<string>());
        w.Lines(Format.Comment($"Where things are: {string.Join(", ", steps)} walk the register tiles; the tiles follow, in this order: "
            + string.Join(", ", tileMethods) + "."));
        string example = TilePlan.RowName(f, walk.TileSizes.First());
        w.Line($"// A tile's packed row holds 4 gates × its columns × {Format.Plural(f.Width, "lane")}, [gate][column][lane]; offsets into the");
        w.Line($"// weights count such rows, then floats into the row ({example} + {f.Width}: one row on, {Format.Plural(f.Width, "float")} in).");
        foreach (int columns in walk.TileSizes)
            w.Line($"private const int {TilePlan.RowName(f, columns)} = {4 * columns * f.Width};");
        w.Line();
    }

    // Step (one streaming step from x) or Recur (Forward's recurrence from the projected input): c and h' of every tile.
    private static void WriteCellStep(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, TileWalk walk, TileKind kind)
    {
        bool step = kind == TileKind.Step;
        w.Line(step
            ? "// One streaming step: for each tile, the sums b + W_ih·x + W_hh·h for all four gates of its units, then c and h'."
            : "// Forward's recurrence for one step: the sums (the projected input) + W_hh·h, then c and h'.");
        string reverse = walk.Alternates ? ", bool reverse" : "", passReverse = walk.Alternates ? ", reverse" : "";
        using (w.Block($"private static void {(step ? "Step" : "Recur")}{f.Name}(ref float weights, ref float {(step ? "x" : "sums")}, ref float h, ref float c, ref float hNext{reverse}{walk.RangeParameters})"))
            WriteWalk(w, walk, (col, n) =>
            {
                var plan = TilePlan.For(s, f, kind, n, 1);
                string args = $"({Weights(f, col)}, {(step ? "ref x" : Sums(f, col))}, ref h, {State(f, Own(s), col)}, {State(f, "hNext", col)}{passReverse});";
                if (!plan.HasOneSetVariant)
                {
                    w.Line(plan.Name + args);
                    return;
                }
                w.Line($"if ({Global.LstmLayout}.SixteenVectorRegisters) // two accumulator sets would spill: one set");
                w.Line($"    {(plan with { OneSet = true }).Name}{args}");
                w.Line("else");
                w.Line($"    {plan.Name}{args}");
            }, reversible: true);
        w.Line();
    }

    private static void WriteProject(IndentedWriter w, SimdFlavor f, TileWalk walk)
    {
        w.Line("// Forward's input projection for n steps, z_t = b + W_ih·x_t: tile by tile, so each tile's input rows");
        w.Line("// stay in L1 across the steps, two steps per pass so each weight load feeds two FMAs.");
        using (w.Block($"private static void Project{f.Name}(ref float weights, ref float x, int n, ref float sums{walk.RangeParameters})"))
            WriteWalk(w, walk, (col, columns) =>
            {
                string args = $"{Weights(f, col)}, ref {Global.Unsafe}.Add(ref x, t * Input), ref {Global.Unsafe}.Add(ref sums, t * 4 * PaddedUnits{f.Name} + {col} * (4 * {f.Width}))";
                using (w.Block("for (int t = 0; t < n; t += 2)"))
                {
                    w.Line("if (t + 1 < n)");
                    w.Line($"    {TilePlan.NameOf(TileKind.Project, f, columns, 2)}({args});");
                    w.Line("else");
                    w.Line($"    {TilePlan.NameOf(TileKind.Project, f, columns, 1)}({args});");
                }
            });
        w.Line();
    }

    // Forward's recurrence: fused into one pass (WriteCellStep), or reset_after=False's two passes over the tiles.
    // U_n multiplies r∘h, which needs r of every unit: pass 1 finishes r and z and writes r∘h (into c's slot); pass 2
    // reduces U_n·(r∘h) and writes h'.
    private static void WriteRecur(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, TileWalk walk)
    {
        if (!s.ResetBefore)
        {
            WriteCellStep(w, s, f, walk, TileKind.Recur);
            return;
        }
        w.Line("// Forward's recurrence for one step, two passes over the tiles: r, z and r∘h, then U_n·(r∘h) and h'.");
        using (w.Block($"private static void Recur{f.Name}(ref float weights, ref float sums, ref float h, ref float c, ref float hNext)"))
        {
            WriteWalk(w, walk with { Ranged = false }, (col, n) => w.Line($"{TilePlan.NameOf(TileKind.Recur, f, n, 1)}({Weights(f, col)}, {Sums(f, col)}, ref h, {State(f, "h", col)}, {State(f, "c", col)});"));
            WriteWalk(w, walk with { Ranged = false }, (col, n) => w.Line($"{TilePlan.NameOf(TileKind.Reset, f, n, 1)}({Weights(f, col)}, {Sums(f, col)}, ref c, {State(f, "h", col)}, {State(f, "hNext", col)});"));
        }
        w.Line();
    }

    private static void WriteBatchStep(IndentedWriter w, SimdFlavor f, TileWalk walk)
    {
        w.Line("// ForwardBatch: one step of four sequences (h, c, h' of sequence q at q·PaddedUnits), tile by tile.");
        using (w.Block($"private static void BatchStep{f.Name}(ref float weights, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float c, ref float hNext, ref float sums)"))
            WriteWalk(w, walk with { Ranged = false }, (col, n) => w.Line($"BatchTile{f.Name}x{n}({Weights(f, col)}, ref x0, ref x1, ref x2, ref x3, ref h, {State(f, "c", col)}, {State(f, "hNext", col)}, ref sums);"));
        w.Line();
    }

    // Walks the tiles: `call` writes the call for a tile at column `col` (an expression) of `n` columns. `reversible`:
    // in alternating layers, backwards too when `reverse` (the tiles then walk their rows backwards). A ranged walk
    // covers columns first to end only (whole tiles: first even, end even or the column count).
    private static void WriteWalk(IndentedWriter w, TileWalk walk, Action<string, int> call, bool reversible = false)
    {
        if (walk.Ranged && walk.Pairs > 0 && walk.Single)
            w.Line($"int pairEnd = {Global.Math}.Min(end, {2 * walk.Pairs}); // the pairs end where the last, single column begins");
        if (!(reversible && walk.Alternates))
        {
            WriteWalkOneWay(w, walk, call, backwards: false);
            return;
        }
        w.Line("if (reverse)");
        using (w.Block(""))
            WriteWalkOneWay(w, walk, call, backwards: true);
        w.Line("else");
        using (w.Block(""))
            WriteWalkOneWay(w, walk, call, backwards: false);
    }

    // Pairs of columns, then the odd last one; backwards, the odd one first, then the pairs downwards.
    private static void WriteWalkOneWay(IndentedWriter w, TileWalk walk, Action<string, int> call, bool backwards)
    {
        string last = (walk.Columns - 1).ToString(CultureInfo.InvariantCulture);
        // The single last column, in a ranged walk only for the member whose range ends with it.
        void Single()
        {
            if (!walk.Ranged)
                call(last, 1);
            else
            {
                w.Line($"if (end == {walk.Columns})");
                using (w.Block(""))
                    call(last, 1);
            }
        }
        string pairsFrom = walk.Ranged ? "first" : "0";
        string pairsEnd = !walk.Ranged ? (2 * walk.Pairs).ToString(CultureInfo.InvariantCulture) : walk.Single ? "pairEnd" : "end";
        string lastPair = !walk.Ranged ? (2 * walk.Pairs - 2).ToString(CultureInfo.InvariantCulture) : pairsEnd + " - 2";
        if (walk.Single && backwards)
            Single();
        if (walk.Pairs > 0)
            using (w.Block(backwards ? $"for (int col = {lastPair}; col >= {pairsFrom}; col -= 2)" : $"for (int col = {pairsFrom}; col < {pairsEnd}; col += 2)"))
                call("col", 2);
        if (walk.Single && !backwards)
            Single();
    }

    // An LSTM tile updates its units' c in place; a GRU tile reads its units' old h instead (and has no c).
    private static string Own(LstmKernelSpec s) => s.Gru ? "h" : "c";

    private static string Weights(SimdFlavor f, string col) => $"ref {Global.Unsafe}.Add(ref weights, {col} * (4 * {f.Width} * PackedRows))";

    private static string State(SimdFlavor f, string name, string col) => $"ref {Global.Unsafe}.Add(ref {name}, {col} * {f.Width})";

    // The gate sums of the tile at `col`: 4 gates × the width per vector column.
    private static string Sums(SimdFlavor f, string col) => $"ref {Global.Unsafe}.Add(ref sums, {col} * (4 * {f.Width}))";

    /// <summary>
    /// The register tiles of a path: <see cref="Pairs"/> of columns, then a single column where the count is odd.
    /// <see cref="Ranged"/>: the walk takes the columns to cover (first, end) as parameters.
    /// </summary>
    private readonly record struct TileWalk(int Columns, bool Alternates, bool Ranged)
    {
        /// <summary>The walk's column range parameters, where it has them.</summary>
        public string RangeParameters => Ranged ? ", int first, int end" : "";

        public int Pairs => Columns / 2;

        public bool Single => Columns % 2 == 1;

        /// <summary>The tile widths in use, in the order their methods are written.</summary>
        public IEnumerable<int> TileSizes
        {
            get
            {
                if (Pairs > 0) yield return 2;
                if (Single) yield return 1;
            }
        }
    }
}

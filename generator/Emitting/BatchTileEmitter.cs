namespace LstmGen.Generator;

/// <summary>
/// ForwardBatch's tile: `columns` vector columns for four sequences, in two passes over the rows, gates i and f, then g
/// and o. A pass keeps 2·columns gate vectors × 4 sequences in registers (16 at most) and reads half of each row (whole
/// cache lines at 8 lanes), so the weights still stream once per step for the four sequences. Where the register file
/// has 16 vectors (x86 without AVX-512), 16 accumulators, 4 broadcasts and a weight vector do not fit, so a two-column
/// tile below Vector512 also has one-gate passes (8 accumulators), chosen by a JIT constant. Only [LstmLayer] classes
/// have ForwardBatch, and their cells are always σ and tanh.
/// </summary>
internal static class BatchTileEmitter
{
    public static void Write(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, int columns)
    {
        WriteTile(w, f, columns);
        foreach (int gates in PassGates(f, columns))
            WritePass(w, s, f, columns, gates);
    }

    /// <summary>The tile's pass methods, in the order they are written.</summary>
    public static IEnumerable<string> PassNames(SimdFlavor f, int columns) => PassGates(f, columns).Select(g => PassName(f, columns, g));

    // Gates per pass: two; and one as well for a two-column tile that may run with 16 vector registers (Vector512 never does).
    private static int[] PassGates(SimdFlavor f, int columns) => columns == 2 && f.Width != 16 ? new[] { 2, 1 } : new[] { 2 };

    private static string PassName(SimdFlavor f, int columns, int gates) => $"{(gates == 2 ? "BatchPass" : "BatchGatePass")}{f.Name}x{columns}";

    private static void WriteTile(IndentedWriter w, SimdFlavor f, int columns)
    {
        string row = TilePlan.RowName(f, columns);
        w.Line($"// {columns} column(s) × 4 gates × 4 sequences: passes over the rows (i, f then g, o{(PassGates(f, columns).Length == 1 ? "" : "; or one per gate")}), then the gates from the sums.");
        using (w.Block($"private static void BatchTile{f.Name}x{columns}(ref float w, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float c, ref float hNext, ref float sums)"))
        {
            if (PassGates(f, columns).Length == 1)
                WritePassCalls(w, f, columns, 2);
            else
            {
                using (w.Block($"if ({Global.LstmLayout}.SixteenVectorRegisters)"))
                {
                    w.Line("// 16 accumulators would spill here: one pass per gate, i, f, g and o.");
                    WritePassCalls(w, f, columns, 1);
                }
                using (w.Block("else"))
                    WritePassCalls(w, f, columns, 2);
            }
            w.Line($"// The sums of sequence q are laid out like a packed row, [gate][column][lane], at q·{row}.");
            w.Line("// Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.");
            for (int q = 0; q < 4; q++)
                for (int col = 0; col < columns; col++)
                {
                    string a = $"{col}s{q}";
                    int so = col * f.Width;
                    string state = q == 0 ? so.ToString(CultureInfo.InvariantCulture)
                        : (q == 1 ? $"PaddedUnits{f.Name}" : $"{q} * PaddedUnits{f.Name}") + (so == 0 ? "" : $" + {so}");
                    string Z(int gate) => f.Load("sums", TilePlan.Rows(row, q, (gate * columns + col) * f.Width));
                    w.Line($"{f.VectorType} c{a} = {f.Flush(f.MultiplyAdd($"{Global.LstmMath}.Sigmoid({Z(1)})", f.Load("c", state), $"{Global.LstmMath}.Sigmoid({Z(0)}) * {Global.LstmMath}.Tanh({Z(2)})"))};");
                    w.Line(f.Store($"c{a}", "c", state));
                    w.Line(f.Store(f.Flush($"{Global.LstmMath}.Sigmoid({Z(3)}) * {Global.LstmMath}.Tanh(c{a})"), "hNext", state));
                }
        }
        w.Line();
    }

    // The passes over one tile, each gates/4 of every row from its own offset into the row and into the sums.
    private static void WritePassCalls(IndentedWriter w, SimdFlavor f, int columns, int gates)
    {
        string row = TilePlan.RowName(f, columns), name = PassName(f, columns, gates);
        int passes = 4 / gates;
        for (int p = 0; p < passes; p++)
        {
            string at = p == 1 ? $"{row} / {passes}" : $"{p} * {row} / {passes}";
            w.Line(p == 0
                ? $"{name}(ref w, ref x0, ref x1, ref x2, ref x3, ref h, ref sums);"
                : $"{name}(ref {Global.Unsafe}.Add(ref w, {at}), ref x0, ref x1, ref x2, ref x3, ref h, ref {Global.Unsafe}.Add(ref sums, {at}));");
        }
    }

    private static void WritePass(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, int columns, int gates)
    {
        string row = TilePlan.RowName(f, columns);
        int vectors = gates * columns;
        var accumulators = Enumerable.Range(0, 4)
            .Select(q => Enumerable.Range(0, vectors).Select(j => new Accumulator($"a{j}s{q}", j * f.Width)).ToArray()).ToArray();
        w.Line($"// One pass: {Format.Plural(gates, "gate")} of each row, {Format.Plural(vectors, "vector")} × 4 sequences = {4 * vectors} accumulators; each weight load feeds four FMAs.");
        using (w.Block($"private static void {PassName(f, columns, gates)}(ref float w, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float sums)"))
        {
            for (int q = 1; q < 4; q++)
                w.Line($"ref float h{q} = ref {Global.Unsafe}.Add(ref h, {q} * PaddedUnits{f.Name});");
            w.Line("// Row 0 is the bias: the accumulators start there.");
            w.Declare(f.VectorType, accumulators.SelectMany(x => x).Select(a => (a.Name, f.Load("w", a.Offset))));
            w.Line($"ref float row = ref {Global.Unsafe}.Add(ref w, {row});");
            ReductionEmitter.Write(w, new Reduction(f, accumulators, false, row, new[] { "x0", "x1", "x2", "x3" }, s.Input, "Input", "sums += W_ih[:, k]·x[k]"));
            bool scaled = s.RecurrentPrecision == WeightPrecision.Int8;
            if (scaled)
            {
                w.Line("// Int8 W_hh has a scale per output row: keep b + W_ih·x, and reduce Σ q·h from zero.");
                WriteStores(w, f, row, accumulators, a => a.Name);
                foreach (var a in accumulators.SelectMany(x => x))
                    w.Line($"{a.Name} = {f.Zero};");
            }
            ReductionEmitter.Write(w, new Reduction(f, accumulators, false, row, new[] { "h", "h1", "h2", "h3" }, s.Units, "Units",
                scaled ? "Σ q·h for W_hh[:, k]·h[k]" : "sums += W_hh[:, k]·h[k]", s.RecurrentPrecision));
            if (scaled)
                w.Line("// sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.");
            WriteStores(w, f, row, accumulators, a => !scaled ? a.Name
                : f.MultiplyAdd(f.Load("w", TileEmitter.ScaleOffset(row, a.Offset)), a.Name, f.Load("sums", TilePlan.Rows(row, Sequence(accumulators, a), a.Offset))));
        }
        w.Line();
    }

    // Stores each sequence's accumulators into its sums (sequence q's at q·row), `value` saying what to store.
    private static void WriteStores(IndentedWriter w, SimdFlavor f, string row, Accumulator[][] accumulators, Func<Accumulator, string> value)
    {
        for (int q = 0; q < accumulators.Length; q++)
            foreach (var a in accumulators[q])
                w.Line(f.Store(value(a), "sums", TilePlan.Rows(row, q, a.Offset)));
    }

    private static int Sequence(Accumulator[][] accumulators, Accumulator a) => Array.FindIndex(accumulators, set => set.Contains(a));
}

namespace LstmGen.Generator;

/// <summary>
/// ForwardBatch's tile: `columns` vector columns for four sequences, in two passes over the rows, gates i and f, then g
/// and o. A pass keeps 2·columns gate vectors × 4 sequences in registers (16 at most) and reads half of each row (whole
/// cache lines at 8 lanes), so the weights still stream once per step for the four sequences. Only [LstmLayer] classes
/// have ForwardBatch, and their cells are always σ and tanh.
/// </summary>
internal static class BatchTileEmitter
{
    public static void Write(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, int columns)
    {
        WriteTile(w, f, columns);
        WritePass(w, s, f, columns);
    }

    private static void WriteTile(IndentedWriter w, SimdFlavor f, int columns)
    {
        string row = TilePlan.RowName(f, columns);
        w.Line($"// {columns} column(s) × 4 gates × 4 sequences: two passes (i, f then g, o), then the gates from the sums.");
        using (w.Block($"private static void BatchTile{f.Name}x{columns}(ref float w, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float c, ref float hNext, ref float sums)"))
        {
            w.Line($"BatchPass{f.Name}x{columns}(ref w, ref x0, ref x1, ref x2, ref x3, ref h, ref sums);");
            w.Line($"BatchPass{f.Name}x{columns}(ref {Global.Unsafe}.Add(ref w, {row} / 2), ref x0, ref x1, ref x2, ref x3, ref h, ref {Global.Unsafe}.Add(ref sums, {row} / 2));");
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

    private static void WritePass(IndentedWriter w, LstmKernelSpec s, SimdFlavor f, int columns)
    {
        string row = TilePlan.RowName(f, columns);
        var accumulators = Enumerable.Range(0, 4)
            .Select(q => Enumerable.Range(0, 2 * columns).Select(j => new Accumulator($"a{j}s{q}", j * f.Width)).ToArray()).ToArray();
        w.Line($"// One pass: {2 * columns} vectors of each row × 4 sequences = {8 * columns} accumulators; each weight load feeds four FMAs.");
        using (w.Block($"private static void BatchPass{f.Name}x{columns}(ref float w, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float sums)"))
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

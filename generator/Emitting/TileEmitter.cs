namespace LstmGen.Generator;

/// <summary>
/// Writes one register tile (<see cref="TilePlan"/>): start the accumulators, reduce the x and/or h rows into them,
/// then either keep the sums (Project) or apply the cell (an LSTM's c and h', a GRU's h', or a reset_after=False pass).
/// ForwardBatch's tile is <see cref="BatchTileEmitter"/>'s.
/// </summary>
internal static class TileEmitter
{
    public static void Write(IndentedWriter w, TilePlan p)
    {
        WriteComment(w, p);
        using (w.Block($"private static void {p.Name}({Parameters(p)})"))
        {
            if (p.StepsPerPass == 2)
            {
                w.Line("// The next step's input and sums.");
                w.Line($"ref float xNext = ref {Global.Unsafe}.Add(ref x, Input);");
                w.Line($"ref float sumsNext = ref {Global.Unsafe}.Add(ref sums, 4 * PaddedUnits{p.Flavor.Name});");
            }
            foreach (var columns in p.ColumnGroups)
                using (p.OneColumnAtATime ? w.Block("") : null)
                    WriteColumns(w, p, columns);
        }
        w.Line();
    }

    private static void WriteComment(IndentedWriter w, TilePlan p)
    {
        string lanes = Format.Plural(p.Flavor.Width, "lane");
        if (p.Kind == TileKind.Reset)
            w.Line($"// reset_after=False, pass 2: {p.Columns} column(s) of U_n·(r∘h) × 2 sets, then h'.");
        else if (p.Kind == TileKind.Recur && p.Spec.ResetBefore)
            w.Line($"// reset_after=False, pass 1: {p.Columns} column(s) × gates r, z × 2 sets over h; then r∘h for pass 2.");
        else if (p.OneSet)
            w.Line($"// {p.Columns} column(s) × 4 gates = {p.AccumulatorCount} accumulators of {lanes}, one set: with 16 vector registers a second set would spill.");
        else
            w.Line(p.TwoSets
                ? $"// {p.Columns} column(s) × 4 gates × 2 sets = {2 * p.AccumulatorCount} accumulators of {lanes}: independent FMA chains that hide FMA latency."
                : $"// {p.Columns} column(s) × 4 gates × 2 steps = {p.AccumulatorCount} accumulators of {lanes}; each weight load feeds two FMAs.");
        if (p.OneColumnAtATime)
            w.Line($"// The two columns one after the other ({p.AccumulatorCount} accumulators live at a time): the second column's FMAs overlap the first column's σ/tanh.");
    }

    private static string Parameters(TilePlan p)
    {
        string own = p.Spec.Gru ? "hOld" : "c"; // an LSTM tile updates its units' c; a GRU tile reads its units' old h
        string parameters = p.Kind switch
        {
            TileKind.Reset => "ref float w, ref float sums, ref float rh, ref float hOld, ref float hNext",
            TileKind.Recur when p.Spec.ResetBefore => "ref float w, ref float sums, ref float h, ref float hOld, ref float rh",
            TileKind.Step => $"ref float w, ref float x, ref float h, ref float {own}, ref float hNext",
            TileKind.Project => "ref float w, ref float x, ref float sums",
            _ => $"ref float w, ref float sums, ref float h, ref float {own}, ref float hNext",
        };
        return p.Reversible ? parameters + ", bool reverse" : parameters;
    }

    // The tile's body for one group of columns.
    private static void WriteColumns(IndentedWriter w, TilePlan p, int[] columns)
    {
        var perStep = Enumerable.Range(0, p.StepsPerPass).Select(q => p.Accumulators(q, columns)).ToArray();
        var all = perStep.SelectMany(a => a).ToArray();
        WriteStart(w, p, all);
        if (p.TwoSets)
        {
            w.Line("// The second accumulator set (odd rows) starts at zero.");
            w.Line($"{p.Flavor.VectorType} " + string.Join(", ", all.Select(a => $"{a.Name}b = {p.Flavor.Zero}")) + ";");
        }
        WriteReductions(w, p, perStep);
        if (p.TwoSets && !ScalesRecurrentRows(p))
        {
            w.Line("// Add the odd rows' set.");
            w.Line(string.Join(" ", all.Select(a => $"{a.Name} += {a.Name}b;")));
        }
        switch (p.Kind)
        {
            case TileKind.Project:
                w.Line("// Keep the sums for the recurrence.");
                for (int q = 0; q < p.StepsPerPass; q++)
                    foreach (var a in perStep[q])
                        w.Line(p.Flavor.Store(a.Name, q == 0 ? "sums" : "sumsNext", a.Offset));
                break;
            case TileKind.Recur when p.Spec.ResetBefore:
                WriteResetPass1(w, p, columns);
                break;
            case TileKind.Reset:
                WriteResetPass2(w, p, columns);
                break;
            default:
                if (p.Spec.Gru)
                    WriteGruCell(w, p, columns);
                else
                    WriteLstmCell(w, p, columns);
                break;
        }
    }

    // Where the accumulators start: the bias row (Step, Project), the projected input (Recur) or zero (Reset).
    private static void WriteStart(IndentedWriter w, TilePlan p, Accumulator[] all)
    {
        var f = p.Flavor;
        if (p.Kind == TileKind.Reset)
        {
            w.Line("// nh has no bias and no x rows (b_n is nx's): start at zero, at the h rows.");
            w.Declare(f.VectorType, all.Select(a => (a.Name, f.Zero)));
            w.Line($"ref float row = ref {Global.Unsafe}.Add(ref w, (1 + Input) * {p.Row});");
        }
        else if (p.Kind == TileKind.Recur)
        {
            w.Line("// Start from the projected input b + W_ih·x, at the h rows.");
            w.Declare(f.VectorType, all.Select(a => (a.Name, f.Load("sums", a.Offset))));
            w.Line($"ref float row = ref {Global.Unsafe}.Add(ref w, (1 + Input) * {p.Row});");
        }
        else
        {
            w.Line("// Row 0 is the bias: the accumulators start there.");
            w.Declare(f.VectorType, all.Select(a => (a.Name, f.Load("w", a.Offset))));
            w.Line($"ref float row = ref {Global.Unsafe}.Add(ref w, {p.Row});");
        }
    }

    private static void WriteReductions(IndentedWriter w, TilePlan p, Accumulator[][] perStep)
    {
        var s = p.Spec;
        string[] Sources(string first) => Enumerable.Range(0, p.StepsPerPass).Select(q => q == 0 ? first : first + "Next").ToArray();
        Reduction Over(string source, int count, string countName, string comment) =>
            new(p.Flavor, perStep, p.TwoSets, p.Row, Sources(source), count, countName, comment);
        if (p.Kind is TileKind.Step or TileKind.Project)
            ReductionEmitter.Write(w, Over("x", s.Input, "Input", "sums += W_ih[:, k]·x[k]"));
        if (p.Kind == TileKind.Reset)
            ReductionEmitter.Write(w, Over("rh", s.Units, "Units", s.RecurrentPrecision == WeightPrecision.Int8 ? "U_n's q·(r∘h)" : "nh += U_n[:, k]·(r∘h)[k]")
                with { Precision = s.RecurrentPrecision });
        else if (ScalesRecurrentRows(p))
            WriteScaledRecurrence(w, p, perStep[0], Over("h", s.Units, "Units", "W_hh's q·h, in the second set") with { Precision = s.RecurrentPrecision, Reversible = p.Reversible });
        else if (p.Kind != TileKind.Project)
            ReductionEmitter.Write(w, Over("h", s.Units, "Units", "sums += W_hh[:, k]·h[k]") with { Precision = s.RecurrentPrecision, Reversible = p.Reversible });
    }

    // Int8 W_hh carries a scale per output row, which cannot be folded into h: its products go into accumulators of
    // their own, starting at zero, scaled once per step (the tiles with h rows have two sets, the second serves).
    private static bool ScalesRecurrentRows(TilePlan p) =>
        p.Spec.RecurrentPrecision == WeightPrecision.Int8 && p.Kind is TileKind.Step or TileKind.Recur;

    // Int8: the second set takes Σ q·h, one chain per accumulator, then sums += scale ∘ that, one FMA per accumulator.
    private static void WriteScaledRecurrence(IndentedWriter w, TilePlan p, Accumulator[] sums, Reduction h)
    {
        var f = p.Flavor;
        if (p.Kind == TileKind.Step)
        {
            w.Line("// Add the odd rows' set; it then starts again at zero for W_hh's products.");
            w.Line(string.Join(" ", sums.Select(a => $"{a.Name} += {a.Name}b;")));
            w.Line(string.Join(" ", sums.Select(a => $"{a.Name}b = {f.Zero};")));
        }
        var second = sums.Select(a => a with { Name = a.Name + "b" }).ToArray();
        ReductionEmitter.Write(w, h with { Accumulators = new[] { second }, TwoSets = false });
        w.Line("// sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.");
        foreach (var a in sums)
            w.Line($"{a.Name} = {f.MultiplyAdd(f.Load("w", ScaleOffset(p.Row, a.Offset)), a.Name + "b", a.Name)};");
    }

    /// <summary>The offset from a tile's start of its Int8 scale row, <paramref name="lanes"/> floats in.</summary>
    public static string ScaleOffset(string row, int lanes) =>
        $"(PackedRows - 1) * {row}" + (lanes == 0 ? "" : " + " + lanes.ToString(CultureInfo.InvariantCulture));

    // reset_after=False, pass 1: r∘h for pass 2 (U_n multiplies r∘h, which needs r of every unit); z's sum goes back
    // into the sums for pass 2 (nx is there already: its h rows are zero).
    private static void WriteResetPass1(IndentedWriter w, TilePlan p, int[] columns)
    {
        var f = p.Flavor;
        w.Line($"// r∘h = {ActivationSymbol(p.Spec.RecurrentActivation)}(r)∘h for pass 2; keep z's sum in the sums.");
        foreach (int col in columns)
        {
            w.Line(f.Store(f.Flush($"{ActivationMethod(p.Spec.RecurrentActivation)}(r{col}) * {f.Load("hOld", col * f.Width)}"), "rh", col * f.Width));
            w.Line(f.Store($"z{col}", "sums", p.Offset(1, col)));
        }
    }

    // reset_after=False, pass 2: n = act(nx + U_n·(r∘h)), then h'. In Int8, nh holds Σ q·(r∘h) (from zero, no bias or x
    // rows), so its scale applies once to the whole sum, in the FMA that adds nx.
    private static void WriteResetPass2(IndentedWriter w, TilePlan p, int[] columns)
    {
        var f = p.Flavor;
        string gate = ActivationMethod(p.Spec.RecurrentActivation), cell = ActivationMethod(p.Spec.Activation);
        bool scaled = p.Spec.RecurrentPrecision == WeightPrecision.Int8;
        if (scaled)
            w.Line("// U_n·(r∘h) = scale∘(Σ q·(r∘h)): the scale row after the h rows holds each output row's scale / 2²⁴.");
        w.Line($"// n = {ActivationSymbol(p.Spec.Activation)}(nx + U_n·(r∘h)), z = {ActivationSymbol(p.Spec.RecurrentActivation)}(z); h' = n + z∘(h − n), denormals flushed to 0.");
        foreach (int col in columns)
        {
            int offset = col * f.Width;
            string nx = f.Load("sums", p.Offset(2, col));
            string sum = scaled ? f.MultiplyAdd(f.Load("w", ScaleOffset(p.Row, p.Offset(3, col))), $"nh{col}", nx) : $"{nx} + nh{col}";
            w.Line($"{f.VectorType} n{col} = {cell}({sum});");
            w.Line(f.Store(f.Flush(f.MultiplyAdd($"{gate}({f.Load("sums", p.Offset(1, col))})", $"{f.Load("hOld", offset)} - n{col}", $"n{col}")), "hNext", offset));
        }
    }

    // h' = (1 − z)∘n + z∘h = n + z∘(h − n), one FMA.
    private static void WriteGruCell(IndentedWriter w, TilePlan p, int[] columns)
    {
        var f = p.Flavor;
        string gate = ActivationMethod(p.Spec.RecurrentActivation), cell = ActivationMethod(p.Spec.Activation);
        string σ = ActivationSymbol(p.Spec.RecurrentActivation);
        w.Line($"// GRU: r = {σ}(r), z = {σ}(z), n = {ActivationSymbol(p.Spec.Activation)}(nx + r∘nh); h' = n + z∘(h − n), denormals flushed to 0.");
        foreach (int col in columns)
        {
            int offset = col * f.Width;
            w.Line($"{f.VectorType} n{col} = {cell}({f.MultiplyAdd($"{gate}(r{col})", $"nh{col}", $"nx{col}")});");
            w.Line(f.Store(f.Flush(f.MultiplyAdd($"{gate}(z{col})", $"{f.Load("hOld", offset)} - n{col}", $"n{col}")), "hNext", offset));
        }
    }

    private static void WriteLstmCell(IndentedWriter w, TilePlan p, int[] columns)
    {
        var f = p.Flavor;
        string gate = ActivationMethod(p.Spec.RecurrentActivation), cell = ActivationMethod(p.Spec.Activation);
        string σ = ActivationSymbol(p.Spec.RecurrentActivation), act = ActivationSymbol(p.Spec.Activation);
        w.Line($"// Gates and state: c = {σ}(f)∘c + {σ}(i)∘{act}(g); h' = {σ}(o)∘{act}(c), each with denormals flushed to 0.");
        foreach (int col in columns)
        {
            int offset = col * f.Width;
            w.Line($"{f.VectorType} c{col}New = {f.Flush(f.MultiplyAdd($"{gate}(f{col})", f.Load("c", offset), $"{gate}(i{col}) * {cell}(g{col})"))};");
            w.Line(f.Store($"c{col}New", "c", offset));
            w.Line(f.Store(f.Flush($"{gate}(o{col}) * {cell}(c{col}New)"), "hNext", offset));
        }
    }

    /// <summary>The LstmMath method of an element-wise activation (it has float, Vector128, Vector256 and Vector512 overloads).</summary>
    private static string ActivationMethod(Activation a) => Global.LstmMath + "." + a;

    /// <summary>The activation's name in formulas: σ and tanh as before, others by name.</summary>
    private static string ActivationSymbol(Activation a) => a switch
    {
        Activation.Sigmoid => "σ",
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        Activation.HardSigmoid => "hardσ",
        Activation.HardSigmoidKeras2 => "hardσ₂",
        _ => a.ToString(),
    };
}

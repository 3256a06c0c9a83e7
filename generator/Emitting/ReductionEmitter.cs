namespace LstmGen.Generator;

/// <summary>
/// One reduction over packed rows: for each row k, broadcast each step's <see cref="Sources"/>[k] and add one FMA per
/// accumulator. With <see cref="TwoSets"/>, rows alternate between the two accumulator sets (the second suffixed "b"),
/// halving each FMA chain. With a 16-bit <see cref="Precision"/> the rows come two per packed row (low 16 bits: row k,
/// high: row k+1), split in registers by its decoder (Half's decoded weights are value·2⁻¹¹², so the source is
/// multiplied by LstmHalf.Scale).
/// </summary>
/// <param name="Row">The emitted constant holding the floats of one packed row, by which offsets count rows.</param>
/// <param name="Accumulators">Per step, the same registers in the same order (offsets within a row).</param>
/// <param name="Sources">Per step, the vector the rows multiply (x, h or r∘h).</param>
/// <param name="Count">Rows; <paramref name="CountName"/> is the constant naming it in the emitted loop bound.</param>
/// <param name="Reversible">Also walks the rows backwards when <c>reverse</c> (see KernelSizing.Alternates).</param>
internal sealed record Reduction(
    SimdFlavor Flavor,
    Accumulator[][] Accumulators,
    bool TwoSets,
    string Row,
    string[] Sources,
    int Count,
    string CountName,
    string Comment,
    WeightPrecision Precision = WeightPrecision.Single,
    bool Reversible = false)
{
    /// <summary>Two 16-bit rows per packed row.</summary>
    public bool Packed => Precision != WeightPrecision.Single;

    /// <summary>Rows per loop iteration: pairs when the sets alternate or the rows are packed in pairs.</summary>
    public int RowsPerIteration => TwoSets || Packed ? 2 : 1;

    /// <summary>Packed rows that <paramref name="rows"/> rows (at most a pair) take: one pair per packed row in 16 bits.</summary>
    public int PackedRows(int rows) => Packed ? 1 : rows;

    /// <summary>An offset of <paramref name="packedRows"/> packed rows plus <paramref name="lanes"/> floats, as emitted.</summary>
    public string Offset(int packedRows, int lanes = 0) => TilePlan.Rows(Row, packedRows, lanes);

    public int Steps => Accumulators.Length;
}

/// <summary>
/// Writes a <see cref="Reduction"/>: straight-line rows when the count is small enough that loop overhead would show,
/// otherwise a constant-bound loop over rows (and, where reversible, the same loop backwards).
/// </summary>
internal static class ReductionEmitter
{
    /// <summary>The runtime class that splits a packed slot of two 16-bit weights, as its name appears in comments.</summary>
    public static string Decoder(WeightPrecision precision) => precision == WeightPrecision.Half ? "LstmHalf" : "LstmBFloat16";

    private static string QualifiedDecoder(WeightPrecision precision) => precision == WeightPrecision.Half ? Global.LstmHalf : Global.LstmBFloat16;

    public static void Write(IndentedWriter w, Reduction r)
    {
        using (w.Block(""))
        {
            WriteDeclarations(w, r);
            string how = r.Packed ? $"row pairs, one packed {r.Precision} row each"
                : r.TwoSets ? "row pairs, even rows into one set, odd rows into the other" : "";
            if (r.Count <= KernelSizing.UnrollRows)
            {
                w.Line($"// {r.Comment}, unrolled ({Format.Plural(r.Count, "row")}{(how.Length > 0 && r.Count > 1 ? "; " + how : "")}).");
                WriteUnrolled(w, r);
                return;
            }
            w.Line($"// {r.Comment}{(how.Length > 0 ? ": " + how : "")}.");
            if (!r.Reversible)
            {
                WriteForwards(w, r);
                return;
            }
            w.Line("if (reverse)");
            using (w.Block(""))
                WriteBackwards(w, r);
            w.Line("else");
            using (w.Block(""))
                WriteForwards(w, r);
        }
    }

    // The broadcast registers: v (even rows), vo (odd rows), wv (a packed pair of rows), wr (a weight shared by the steps).
    private static void WriteDeclarations(IndentedWriter w, Reduction r)
    {
        var names = Enumerable.Range(0, r.Steps).Select(q => $"v{q}");
        if (r.RowsPerIteration == 2 && r.Count > 1) names = names.Concat(Enumerable.Range(0, r.Steps).Select(q => $"vo{q}"));
        if (r.Packed) names = names.Append("wv");
        if (r.Steps > 1) names = names.Append("wr");
        w.Line($"{r.Flavor.VectorType} {string.Join(", ", names)};");
    }

    private static void WriteUnrolled(IndentedWriter w, Reduction r)
    {
        int at = 0;
        for (int k = 0; k < r.Count; k += r.RowsPerIteration)
        {
            int n = Math.Min(r.RowsPerIteration, r.Count - k);
            WriteRows(w, r, k.ToString(CultureInfo.InvariantCulture), at, n);
            at += r.PackedRows(n);
        }
        w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(at)});");
    }

    // An odd count with rows taken in pairs leaves a last row after the loop.
    private static bool OddLastRow(Reduction r) => r.RowsPerIteration == 2 && r.Count % 2 == 1;

    private static string LoopBound(Reduction r) => OddLastRow(r) ? r.CountName + " - 1" : r.CountName;

    private static void WriteForwards(IndentedWriter w, Reduction r)
    {
        int group = r.RowsPerIteration;
        using (w.Block($"for (int k = 0; k < {LoopBound(r)}; k += {group})"))
        {
            WriteRows(w, r, "k", 0, group);
            w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(r.PackedRows(group))});");
        }
        if (OddLastRow(r))
        {
            w.Line("// The odd last row.");
            WriteRows(w, r, $"{r.CountName} - 1", 0, 1);
            w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(r.PackedRows(1))});");
        }
    }

    private static void WriteBackwards(IndentedWriter w, Reduction r)
    {
        int group = r.RowsPerIteration;
        int loopRows = r.Count / group * r.PackedRows(group); // packed rows the loop covers; the odd last row follows
        bool odd = OddLastRow(r);
        if (odd)
        {
            w.Line("// The odd last row first.");
            WriteRows(w, r, $"{r.CountName} - 1", loopRows, 1);
        }
        // `row` never steps below the tile's first row: the bias row (and x rows) lie before W_hh's.
        w.Line($"// {(odd ? "Then the" : "The")} rows backwards from the last {(group == 2 ? "pair" : "row")}: the same sums, each chain in the opposite order.");
        w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(loopRows - r.PackedRows(group))});");
        using (w.Block($"for (int k = {LoopBound(r)} - {group}; k >= 0; k -= {group})"))
        {
            WriteRows(w, r, "k", 0, group);
            w.Line($"row = ref {Global.Unsafe}.Subtract(ref row, {r.Offset(r.PackedRows(group))});");
        }
    }

    // `n` (1 or 2) rows from row `index`, whose packed data starts `at` packed rows into `row`.
    private static void WriteRows(IndentedWriter w, Reduction r, string index, int at, int n)
    {
        var f = r.Flavor;
        string scale = r.Precision == WeightPrecision.Half ? " * " + Global.LstmHalf + ".Scale" : "";
        for (int row = 0; row < n; row++)
            for (int q = 0; q < r.Steps; q++)
                w.Line($"{Broadcast(row)}{q} = {f.Broadcast($"{Global.Unsafe}.Add(ref {r.Sources[q]}, {Plus(index, row)}){scale}")};");
        for (int a = 0; a < r.Accumulators[0].Length; a++)
        {
            var (name, offset) = r.Accumulators[0][a];
            string[] weight = new string[n];
            if (r.Packed)
            {
                w.Line($"wv = {f.Load("row", r.Offset(at, offset))};");
                weight[0] = $"{QualifiedDecoder(r.Precision)}.Low(wv)";
                if (n == 2) weight[1] = $"{QualifiedDecoder(r.Precision)}.High(wv)";
            }
            for (int row = 0; row < n; row++)
            {
                if (!r.Packed)
                    weight[row] = f.Load("row", r.Offset(at + row, offset));
                if (r.Steps == 1)
                {
                    string set = r.TwoSets && row == 1 ? "b" : "";
                    w.Line($"{name}{set} = {f.MultiplyAdd(weight[row], Broadcast(row) + "0", name + set)};");
                    continue;
                }
                w.Line($"wr = {weight[row]};");
                for (int q = 0; q < r.Steps; q++)
                {
                    string accumulator = r.Accumulators[q][a].Name;
                    w.Line($"{accumulator} = {f.MultiplyAdd("wr", $"{Broadcast(row)}{q}", accumulator)};");
                }
            }
        }
    }

    // The broadcasts of the even and the odd row.
    private static string Broadcast(int row) => row == 0 ? "v" : "vo";

    private static string Plus(string index, int add) =>
        add == 0 ? index : int.TryParse(index, out int k) ? (k + add).ToString(CultureInfo.InvariantCulture) : $"{index} + {add}";
}

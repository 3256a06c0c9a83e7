namespace LstmGen.Generator;

/// <summary>
/// One reduction over packed rows: for each row k, broadcast each step's <see cref="Sources"/>[k] and add one FMA per
/// accumulator. With <see cref="TwoSets"/>, rows alternate between the two accumulator sets (the second suffixed "b"),
/// halving each FMA chain. With a 16-bit <see cref="Precision"/> the rows come two per packed row (low 16 bits: row k,
/// high: row k+1), split in registers by its decoder (Half's decoded weights are value·2⁻¹¹², so the source is
/// multiplied by LstmHalf.Scale). In Int8 they come four per packed row (byte j: row k+j) and decode to q·2²⁴: the
/// accumulators then hold Σ q·h, which the caller scales per row (TileEmitter, BatchTileEmitter).
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
    /// <summary>Several rows per packed row: two in 16 bits, four in Int8.</summary>
    public bool Packed => Precision != WeightPrecision.Single;

    /// <summary>Rows per loop iteration: a packed row's rows, or pairs when the sets alternate.</summary>
    public int RowsPerIteration => Packed ? LstmKernelSpec.RowsPerSlotOf(Precision) : TwoSets ? 2 : 1;

    /// <summary>Rows left after the loop's whole iterations (the last packed row only partly filled, or an odd row).</summary>
    public int Tail => Count % RowsPerIteration;

    /// <summary>Packed rows that <paramref name="rows"/> rows (at most one iteration's) take: one packed row when packed.</summary>
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
    /// <summary>The runtime class that splits a packed slot of several weights, as its name appears in comments.</summary>
    public static string Decoder(WeightPrecision precision) =>
        precision switch { WeightPrecision.Half => "LstmHalf", WeightPrecision.Int8 => "LstmInt8", _ => "LstmBFloat16" };

    private static string QualifiedDecoder(WeightPrecision precision) =>
        precision switch { WeightPrecision.Half => Global.LstmHalf, WeightPrecision.Int8 => Global.LstmInt8, _ => Global.LstmBFloat16 };

    // The decoder's method for row j of a packed slot: Low/High of a 16-bit pair, Byte0..Byte3 of four int8.
    private static string DecoderMethod(WeightPrecision precision, int j) =>
        precision == WeightPrecision.Int8 ? "Byte" + j.ToString(CultureInfo.InvariantCulture) : j == 0 ? "Low" : "High";

    public static void Write(IndentedWriter w, Reduction r)
    {
        using (w.Block(""))
        {
            WriteDeclarations(w, r);
            string how = r.Packed ? $"{(r.RowsPerIteration == 4 ? "groups of four rows" : "row pairs")}, one packed {r.Precision} row each"
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

    // The broadcast registers: v (even rows), vo (odd rows), v2_/v3_ (Int8's third and fourth row of a packed row),
    // wv (a packed row's slots), wr (a weight shared by the steps).
    private static void WriteDeclarations(IndentedWriter w, Reduction r)
    {
        var names = Enumerable.Range(0, Math.Min(r.RowsPerIteration, r.Count))
            .SelectMany(row => Enumerable.Range(0, r.Steps).Select(q => $"{Broadcast(row)}{q}"));
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

    // A count not a multiple of the rows per iteration leaves rows after the loop: the odd last row of pairs, or the
    // one to three rows of a partly filled last Int8 row.
    private static string LoopBound(Reduction r) => r.Tail > 0 ? $"{r.CountName} - {r.Tail}" : r.CountName;

    private static string TailComment(Reduction r) => r.Tail == 1 ? "The odd last row" : $"The last {r.Tail} rows (one packed row)";

    private static void WriteForwards(IndentedWriter w, Reduction r)
    {
        int group = r.RowsPerIteration;
        using (w.Block($"for (int k = 0; k < {LoopBound(r)}; k += {group})"))
        {
            WriteRows(w, r, "k", 0, group);
            w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(r.PackedRows(group))});");
        }
        if (r.Tail > 0)
        {
            w.Line($"// {TailComment(r)}.");
            WriteRows(w, r, LoopBound(r), 0, r.Tail);
            w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(r.PackedRows(r.Tail))});");
        }
    }

    private static void WriteBackwards(IndentedWriter w, Reduction r)
    {
        int group = r.RowsPerIteration;
        int loopRows = r.Count / group * r.PackedRows(group); // packed rows the loop covers; the tail rows follow
        bool odd = r.Tail > 0;
        if (odd)
        {
            w.Line($"// {TailComment(r)} first.");
            WriteRows(w, r, LoopBound(r), loopRows, r.Tail);
        }
        // `row` never steps below the tile's first row: the bias row (and x rows) lie before W_hh's.
        string unit = r.Packed ? "packed row" : group == 2 ? "pair" : "row";
        w.Line($"// {(odd ? "Then the" : "The")} rows backwards from the last {unit}: the same sums, each chain in the opposite order.");
        w.Line($"row = ref {Global.Unsafe}.Add(ref row, {r.Offset(loopRows - r.PackedRows(group))});");
        using (w.Block($"for (int k = {LoopBound(r)} - {group}; k >= 0; k -= {group})"))
        {
            WriteRows(w, r, "k", 0, group);
            w.Line($"row = ref {Global.Unsafe}.Subtract(ref row, {r.Offset(r.PackedRows(group))});");
        }
    }

    // `n` rows (at most one iteration's) from row `index`, whose packed data starts `at` packed rows into `row`.
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
                for (int row = 0; row < n; row++)
                    weight[row] = $"{QualifiedDecoder(r.Precision)}.{DecoderMethod(r.Precision, row)}(wv)";
            }
            for (int row = 0; row < n; row++)
            {
                if (!r.Packed)
                    weight[row] = f.Load("row", r.Offset(at + row, offset));
                if (r.Steps == 1)
                {
                    string set = r.TwoSets && row % 2 == 1 ? "b" : "";
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

    // The broadcast of row k + `row` of an iteration: v, vo (the odd row), then v2_, v3_ in Int8.
    private static string Broadcast(int row) => row switch { 0 => "v", 1 => "vo", _ => $"v{row}_" };

    private static string Plus(string index, int add) =>
        add == 0 ? index : int.TryParse(index, out int k) ? (k + add).ToString(CultureInfo.InvariantCulture) : $"{index} + {add}";
}

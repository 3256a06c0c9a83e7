namespace LstmGen.Generator;

/// <summary>
/// Writes the LSTM (or GRU) kernel of one layer: its layout constants, Run (streaming), RunSequence (Forward),
/// RunBatch (ForwardBatch) and, through <see cref="PathEmitter"/>, one SIMD path per vector width. [LstmLayer] classes
/// and the layers of [LstmModel] classes get the same kernel from here, parameterised by <see cref="LstmKernelSpec"/>.
/// </summary>
internal static class KernelEmitter
{
    private static readonly string[] RunFused =
    {
        "// Streaming: `steps` fused steps (z = b + W_ih·x + W_hh·h in one pass) from `state` = [h, h', c],",
        "// each ActivePaddedUnits long, writing the last hidden state to `output`.",
    };

    private static readonly string[] RunTwoPasses =
    {
        "// Streaming: per step the input projection b + W_ih·x, then Forward's two-pass recurrence, from",
        "// `state` = [h, h', r∘h, sums], writing the last hidden state to `output`.",
    };

    public static void WriteConstants(IndentedWriter w, LstmKernelSpec s, string access)
    {
        w.Line("// Units padded to each path's vector width; padded units have zero weights, so their h and c stay 0.");
        var flavors = SimdFlavor.For(s.Units);
        foreach (var f in flavors)
            w.Line($"{access} const int PaddedUnits{f.Name} = {KernelSizing.Pad(s.Units, f.Width)};");
        if (s.RecurrentPrecision == WeightPrecision.Int8)
            w.Lines("// Packed rows per vector column: the bias, then Input rows for x (float32), then ⌈Units/4⌉ rows for h, each",
                $"// 32-bit slot holding four W_hh rows as int8 (see LstmLayout and {ReductionEmitter.Decoder(s.RecurrentPrecision)}), then the",
                "// row of W_hh's per-row scales (float32, divided by 2²⁴).",
                $"{access} const int PackedRows = 1 + Input + (Units + 3) / 4 + 1;");
        else if (s.PackedRecurrent)
            w.Lines("// Packed rows per vector column: the bias, then Input rows for x (float32), then ⌈Units/2⌉ rows for h, each",
                $"// 32-bit slot holding two W_hh rows as {s.RecurrentPrecision} (see LstmLayout and {ReductionEmitter.Decoder(s.RecurrentPrecision)}).",
                $"{access} const int PackedRows = 1 + Input + (Units + 1) / 2;");
        else
            w.Lines("// Packed rows per vector column: the bias, then Input rows for x, then Units rows for h (see LstmLayout).",
                $"{access} const int PackedRows = 1 + Input + Units;");
        if (s.ResetBefore)
        {
            // Streaming runs a step as Project then Recur, so it needs one step's sums; c's slot holds r∘h between the passes.
            w.Line("// The state buffer holds h, h' (the next h), r∘h and one step's gate sums (4 gates), each padded for the widest path.");
            w.Line($"{access} const int StateLength = 7 * PaddedUnits{flavors[0].Name};");
        }
        else
        {
            w.Line("// The state buffer holds h, h' (the next h) and c, each padded for the widest path.");
            w.Line($"{access} const int StateLength = 3 * PaddedUnits{flavors[0].Name};");
        }
        w.Line("// Forward hoists the input projection out of the recurrence, ProjectionChunk steps at a time;");
        w.Line("// its scratch adds those steps' projected inputs, the gate sums b + W_ih·x (4 gates × padded units each), to the state.");
        w.Line($"{access} const int ProjectionChunk = {KernelSizing.ProjectionChunk(s.Units, s.Steps)};");
        w.Line($"{access} const int ForwardStateLength = StateLength + ProjectionChunk * 4 * PaddedUnits{flavors[0].Name};");
    }

    /// <summary>The active path's width and padded units: JIT-time constants.</summary>
    public static void WriteActiveWidth(IndentedWriter w, string access, int units)
    {
        w.Line("// The width of the path the JIT will compile; a constant after JIT, so branches on it fold away.");
        w.Line($"{access} static int ActiveWidth => " + string.Join(" : ",
            SimdFlavor.For(units).Where(f => f.Guard is not null).Select(f => $"{f.Guard} ? {f.Width}")) + " : 1;");
        w.Line($"{access} static int ActivePaddedUnits => " + string.Join(" : ",
            SimdFlavor.For(units).Where(f => f.Guard is not null).Select(f => $"{f.Guard} ? PaddedUnits{f.Name}")) +
            $" : PaddedUnits{SimdFlavor.All.Last().Name};");
    }

    /// <summary>
    /// The whole kernel of one layer: Run (streaming), RunSequence (Forward), RunBatch (ForwardBatch, with
    /// <paramref name="batch"/>) and one path per SIMD width. <paramref name="access"/> is the accessibility of Run and
    /// RunSequence (a model calls them from outside the layer's nested class).
    /// </summary>
    /// <param name="team">Run and RunSequence also run as one member of a ThreadTeam (an LSTM or reset_after=True GRU only).</param>
    public static void Write(IndentedWriter w, LstmKernelSpec kernel, string access, bool batch, bool team = false)
    {
        team &= !kernel.ResetBefore; // its two passes per step would need a second barrier
        WriteRun(w, kernel, access, team);
        WriteRunSequence(w, kernel, access, team);
        if (batch)
            WriteRunBatch(w, kernel);
        foreach (var flavor in SimdFlavor.For(kernel.Units))
            PathEmitter.Write(w, kernel, flavor, batch, team);
    }

    private static readonly string[] TeamParameters =
    {
        "// `team`, `member`, `members`: this call is member `member`'s share of a ThreadTeam call. Each step, the member runs",
        "// only its own columns (whole register tiles, LstmTeam.Columns) and writes only their units of h', c and the",
        "// output, after reading all of h; the members then meet at the team's barrier, so h' is complete before it",
        "// becomes h. Alone (members = 1) the range is every column. Either way each unit's sums run in the same order.",
    };

    // The team's parameters and, in the body, this member's columns `first` to `end` and its units `unit` to `unit + units`.
    private static string TeamSignature(bool team) => team ? $", {Global.ThreadTeam}? team = null, int member = 0, int members = 1" : "";

    private static void WriteMemberRange(IndentedWriter w)
    {
        w.Line("int first = 0, end = ActivePaddedUnits / ActiveWidth, unit = 0, units = Units;");
        w.Line("if (members > 1)");
        using (w.Block(""))
        {
            w.Line("// This member's columns and their units, without the padding.");
            w.Line($"{Global.LstmTeam}.Columns(member, members, end, out first, out end);");
            w.Line("unit = first * ActiveWidth;");
            w.Line($"units = {Global.Math}.Min(end * ActiveWidth, Units) - unit;");
        }
    }

    // The units of `buffer` this call writes: all of them alone, this member's on a team.
    private static string OwnUnits(bool team, string buffer) => team
        ? $"{Global.MemoryMarshal}.CreateReadOnlySpan(ref {Global.Unsafe}.Add(ref {buffer}, unit), units)"
        : $"{Global.MemoryMarshal}.CreateReadOnlySpan(ref {buffer}, Units)";

    private static string OwnSlice(bool team, string span, string start) => team
        ? $"{span}.Slice({(start == "0" ? "" : start + " + ")}unit, units)"
        : start == "0" ? span : $"{span}.Slice({start}, Units)";

    private static void WriteBarrier(IndentedWriter w, string condition)
    {
        w.Line($"if ({condition})");
        w.Line($"    {Global.LstmTeam}.Barrier(team!, members);");
    }

    private static void WriteRun(IndentedWriter w, LstmKernelSpec s, string access, bool team)
    {
        bool alternate = KernelSizing.Alternates(s);
        w.Lines(s.ResetBefore ? RunTwoPasses : RunFused);
        if (alternate)
            w.Line("// `reverseFirst`: the direction of the first step's walk over W_hh; it alternates from there (see Step).");
        if (team)
            w.Lines(TeamParameters);
        using (w.Block($"{access} static void Run(float[] packed, {Global.ReadOnlySpan} input, {Global.Span} output, int steps, {Global.Span} state{(alternate ? ", bool reverseFirst = false" : "")}{TeamSignature(team)})"))
        {
            WriteFlushInput(w, "input");
            WriteStateRefs(w);
            if (team)
                WriteMemberRange(w);
            if (s.ResetBefore)
                w.Line($"ref float sums = ref {Global.Unsafe}.Add(ref h, 3 * ActivePaddedUnits);");
            using (w.Block("for (int t = 0; t < steps; t++)"))
            {
                if (s.ResetBefore)
                {
                    WriteDispatch(w, s.Units, f => $"Project{f.Name}(ref weights, ref {Global.Unsafe}.Add(ref x, t * Input), 1, ref sums);");
                    WriteDispatch(w, s.Units, f => $"Recur{f.Name}(ref weights, ref sums, ref h, ref c, ref hNext);");
                }
                else
                    WriteDispatch(w, s.Units, f => $"Step{f.Name}(ref weights, ref {Global.Unsafe}.Add(ref x, t * Input), ref h, ref c, ref hNext{(alternate ? ", reverseFirst ^ ((t & 1) != 0)" : "")}{(team ? ", first, end" : "")});");
                if (team)
                    WriteBarrier(w, "members > 1"); // every member has read h before any overwrites it
                WriteNextState(w, team);
                if (team)
                    WriteBarrier(w, "members > 1 && t + 1 < steps"); // and all of h is new before the next step reads it
            }
            w.Line($"{Global.LstmLayout}.CopyUnits({OwnUnits(team, "h")}, {OwnSlice(team, "output", "0")});");
            WriteReturnFlushed(w);
        }
        w.Line();
    }

    private static void WriteRunSequence(IndentedWriter w, LstmKernelSpec s, string access, bool team)
    {
        bool alternate = KernelSizing.Alternates(s);
        string range = team ? ", first, end" : "";
        w.Line("// Forward: chunks of ProjectionChunk steps; per chunk the input projection for every step, then the");
        w.Line("// recurrence. `state` = [h, h', c, sums], sums holding ProjectionChunk steps of 4·ActivePaddedUnits.");
        if (team)
        {
            w.Lines(TeamParameters);
            w.Line("// A member projects only its own columns' inputs, which only its own recurrence reads: no barrier for them.");
        }
        using (w.Block($"{access} static void RunSequence(float[] packed, {Global.ReadOnlySpan} input, {Global.Span} output, int steps, bool sequences, {Global.Span} state{TeamSignature(team)})"))
        {
            WriteFlushInput(w, "input");
            WriteStateRefs(w);
            if (team)
                WriteMemberRange(w);
            w.Line($"ref float sums = ref {Global.Unsafe}.Add(ref h, 3 * ActivePaddedUnits);");
            using (w.Block("for (int t0 = 0; t0 < steps; t0 += ProjectionChunk)"))
            {
                w.Line($"int n = {Global.Math}.Min(ProjectionChunk, steps - t0);");
                w.Line($"ref float xChunk = ref {Global.Unsafe}.Add(ref x, t0 * Input);");
                WriteDispatch(w, s.Units, f => $"Project{f.Name}(ref weights, ref xChunk, n, ref sums{range});");
                using (w.Block("for (int s = 0; s < n; s++)"))
                {
                    WriteDispatch(w, s.Units, f => $"Recur{f.Name}(ref weights, ref {Global.Unsafe}.Add(ref sums, s * 4 * ActivePaddedUnits), ref h, ref c, ref hNext{(alternate ? ", ((t0 + s) & 1) != 0" : "")}{range});");
                    if (team)
                    {
                        // A member's output is its own units of h', written before the barrier (nobody else writes them).
                        w.Line("if (sequences)");
                        w.Line($"    {Global.LstmLayout}.CopyUnits({OwnUnits(team, "hNext")}, {OwnSlice(team, "output", "(t0 + s) * Units")});");
                        WriteBarrier(w, "members > 1");
                        WriteSwap(w);
                    }
                    else
                    {
                        WriteSwap(w);
                        w.Line("if (sequences)");
                        w.Line($"    {Global.LstmLayout}.CopyUnits({OwnUnits(team, "h")}, {OwnSlice(team, "output", "(t0 + s) * Units")});");
                    }
                }
            }
            w.Line("if (!sequences)");
            w.Line($"    {Global.LstmLayout}.CopyUnits({OwnUnits(team, "h")}, {OwnSlice(team, "output", "0")});");
            w.Line("// After an odd number of swaps the final h is in the second buffer: leave it first in `state`, where a");
            w.Line("// model reads its final state (h, then c).");
            w.Line($"if (!{Global.Unsafe}.AreSame(ref h, ref {Global.MemoryMarshal}.GetReference(state)))");
            w.Line($"    {Global.LstmLayout}.CopyUnits({OwnUnits(team, "h")}, {OwnSlice(team, "state", "0")});");
            WriteReturnFlushed(w);
        }
        w.Line();
    }

    private static void WriteRunBatch(IndentedWriter w, LstmKernelSpec s)
    {
        w.Line("// ForwardBatch: sequences in groups of four in lock-step, so each weight load feeds four FMAs. A last group of");
        w.Line("// one to three sequences repeats its last sequence in the empty slots (their outputs are dropped).");
        w.Line("// `state` = [h, h', c] of the four sequences (each 4·ActivePaddedUnits) and sums, one tile's gate sums.");
        using (w.Block($"private static void RunBatch(float[] packed, {Global.ReadOnlySpan} inputs, {Global.Span} outputs, int batch, int steps, bool sequences, {Global.Span} state)"))
        {
            WriteFlushInput(w, "inputs");
            w.Line("int seqIn = steps * Input, seqOut = sequences ? steps * Units : Units;");
            w.Line($"ref float weights = ref {Global.MemoryMarshal}.GetReference({Global.LstmLayout}.Aligned(packed, 0));");
            w.Line($"ref float input = ref {Global.MemoryMarshal}.GetReference(inputs);");
            w.Line($"ref float sums = ref {Global.Unsafe}.Add(ref {Global.MemoryMarshal}.GetReference(state), 3 * BatchGroup * ActivePaddedUnits);");
            using (w.Block("for (int b = 0; b < batch; b += BatchGroup)"))
            {
                w.Line($"int count = {Global.Math}.Min(BatchGroup, batch - b);");
                w.Line("state.Slice(0, 3 * BatchGroup * ActivePaddedUnits).Clear();");
                w.Line($"ref float h = ref {Global.MemoryMarshal}.GetReference(state);");
                w.Line($"ref float hNext = ref {Global.Unsafe}.Add(ref h, BatchGroup * ActivePaddedUnits);");
                w.Line($"ref float c = ref {Global.Unsafe}.Add(ref h, 2 * BatchGroup * ActivePaddedUnits);");
                w.Line($"ref float x0 = ref {Global.Unsafe}.Add(ref input, b * seqIn);");
                w.Line($"ref float x1 = ref {Global.Unsafe}.Add(ref input, (b + {Global.Math}.Min(1, count - 1)) * seqIn);");
                w.Line($"ref float x2 = ref {Global.Unsafe}.Add(ref input, (b + {Global.Math}.Min(2, count - 1)) * seqIn);");
                w.Line($"ref float x3 = ref {Global.Unsafe}.Add(ref input, (b + count - 1) * seqIn);");
                using (w.Block("for (int t = 0; t < steps; t++)"))
                {
                    w.Line("int xt = t * Input;");
                    WriteDispatch(w, s.Units, f => $"BatchStep{f.Name}(ref weights, ref {Global.Unsafe}.Add(ref x0, xt), ref {Global.Unsafe}.Add(ref x1, xt), ref {Global.Unsafe}.Add(ref x2, xt), ref {Global.Unsafe}.Add(ref x3, xt), ref h, ref c, ref hNext, ref sums);");
                    WriteSwap(w);
                    w.Line("if (sequences)");
                    w.Line("    for (int q = 0; q < count; q++)");
                    w.Line($"        {Global.LstmLayout}.CopyUnits({Global.MemoryMarshal}.CreateReadOnlySpan(ref {Global.Unsafe}.Add(ref h, q * ActivePaddedUnits), Units), outputs.Slice((b + q) * seqOut + t * Units, Units));");
                }
                w.Line("if (!sequences)");
                w.Line("    for (int q = 0; q < count; q++)");
                w.Line($"        {Global.LstmLayout}.CopyUnits({Global.MemoryMarshal}.CreateReadOnlySpan(ref {Global.Unsafe}.Add(ref h, q * ActivePaddedUnits), Units), outputs.Slice((b + q) * seqOut, Units));");
            }
            WriteReturnFlushed(w);
        }
        w.Line();
    }

    // Denormal inputs are flushed before any product reads them (see LstmDenormals): the input itself when it holds
    // none, after one read-only pass; else a flushed copy in a pooled array, returned at the end.
    private static void WriteFlushInput(IndentedWriter w, string input)
    {
        w.Line("// Denormal inputs would make the products run in microcode: a copy with them flushed to zero replaces the");
        w.Line("// input if it holds any (one read-only pass otherwise).");
        w.Line($"{input} = {Global.LstmDenormals}.Flushed({input}, out float[]? flushed);");
    }

    private static void WriteReturnFlushed(IndentedWriter w) => w.Line($"{Global.LstmDenormals}.Return(flushed);");

    private static void WriteSwap(IndentedWriter w)
    {
        w.Line("// h' becomes h: swap the two buffers rather than copy (each step writes every unit of h').");
        w.Line("ref float previous = ref h;");
        w.Line("h = ref hNext;");
        w.Line("hNext = ref previous;");
    }

    private static void WriteStateRefs(IndentedWriter w)
    {
        w.Line($"ref float weights = ref {Global.MemoryMarshal}.GetReference({Global.LstmLayout}.Aligned(packed, 0));");
        w.Line($"ref float x = ref {Global.MemoryMarshal}.GetReference(input);");
        w.Line($"ref float h = ref {Global.MemoryMarshal}.GetReference(state);");
        w.Line($"ref float hNext = ref {Global.Unsafe}.Add(ref h, ActivePaddedUnits);");
        w.Line($"ref float c = ref {Global.Unsafe}.Add(ref h, 2 * ActivePaddedUnits);");
    }

    private static void WriteNextState(IndentedWriter w, bool team)
    {
        w.Line("// h' becomes h for the next step (padded units stay 0 and are never copied).");
        w.Line(team
            ? $"{Global.LstmLayout}.CopyUnits({OwnUnits(team, "hNext")}, {Global.MemoryMarshal}.CreateSpan(ref {Global.Unsafe}.Add(ref h, unit), units));"
            : $"{Global.LstmLayout}.CopyUnits({OwnUnits(team, "hNext")}, {Global.MemoryMarshal}.CreateSpan(ref h, Units));");
    }

    // One call per path behind the JIT-constant IsHardwareAccelerated checks.
    private static void WriteDispatch(IndentedWriter w, int units, Func<SimdFlavor, string> call)
    {
        var flavors = SimdFlavor.For(units);
        for (int k = 0; k < flavors.Length; k++)
        {
            var f = flavors[k];
            w.Line(f.Guard is null ? "else" : $"{(k == 0 ? "if" : "else if")} ({f.Guard})");
            w.Line("    " + call(f));
        }
    }
}

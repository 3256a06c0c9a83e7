using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LstmGen.BenchReport;

/// <summary>
/// One core's limits as the run's "Machine" rows measured them (MachineBenchmarks), in cycles: the clock from a
/// dependent-add chain, FMA latency and throughput, L1 and L2 read bandwidth, and the latency of one LSTM cell
/// update (σ/tanh chain) of one vector. <see cref="Lanes"/> and <see cref="L1dBytes"/> come from run-info.txt.
/// </summary>
internal sealed record Machine(double CycleNs, double FmaLatency, double FmasPerCycle, double L1BytesPerCycle,
    double L2BytesPerCycle, double ActivationChain, int Lanes, int L1dBytes)
{
    public double GHz => 1 / CycleNs;
    public double PeakGflops => FmasPerCycle * 2 * Lanes * GHz;

    /// <summary>Reads the Machine rows (time per operation, ns); null when the run has none.</summary>
    public static Machine? From(IReadOnlyDictionary<string, double> rowsNs, string runInfo)
    {
        double Get(string prefix) => rowsNs.FirstOrDefault(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Value;
        double cycle = Get("Cycle");
        if (cycle <= 0) return null;
        int lanes = Regex.Match(runInfo, @"vector width: (\d+) lanes") is { Success: true } w ? int.Parse(w.Groups[1].Value, CultureInfo.InvariantCulture) : 8;
        // lscpu gives the total over cores: "L1d 64 KiB (2 instances)".
        var l1 = Regex.Match(runInfo, @"L1d (\d+) KiB \((\d+) instances?\)");
        int l1d = l1.Success ? int.Parse(l1.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 / int.Parse(l1.Groups[2].Value, CultureInfo.InvariantCulture) : 32 * 1024;
        return new Machine(cycle, Get("FMA latency") / cycle, cycle / Get("FMA throughput"), 64 / (Get("L1 read") / cycle),
            64 / (Get("L2 read") / cycle), Get("Activation chain") / cycle, lanes, l1d);
    }

    public string Describe() =>
        $"clock {GHz:0.00} GHz (dependent adds); FMA latency {FmaLatency:0.0} cycles, {FmasPerCycle:0.00} {Lanes}-lane FMAs per cycle " +
        $"({PeakGflops:0} GFLOP/s); L1 read {L1BytesPerCycle:0} B/cycle, L2 read {L2BytesPerCycle:0} B/cycle; " +
        $"L1d {L1dBytes / 1024} KiB; one cell update (σ/tanh chain) {ActivationChain:0} cycles";
}

/// <summary>
/// The roofline of one batch-1 shape: per step, the cycles each resource needs at the very least, from the shape's
/// work and the measured <see cref="Machine"/>:
/// <list type="bullet">
/// <item>FMA: 4U·(I+U) multiply-adds per step ÷ lanes ÷ FMAs per cycle.</item>
/// <item>L1: the float32 bytes a step reads from L1 — Step: bias, W_ih and W_hh, 4·4U·(1+I+U); Forward: W_hh and the
/// step's precomputed input sums, 4·4U·(U+1) (the input projection reads W_ih once per chunk of steps, left out) —
/// ÷ L1 bytes per cycle.</item>
/// <item>L2: the part of those bytes that cannot stay in L1 from the previous step, max(0, bytes − L1d), ÷ L2 bytes per
/// cycle (the alternating walk keeps the last L1d of rows in L1; this assumes it keeps all of it).</item>
/// <item>Latency: the chain from h_{t−1} to h_t — each accumulator adds U/2 rows of W_hh·h (two sets of accumulators,
/// even and odd rows), one add joins the sets, then the cell update: (U/2 + 1) × FMA latency + the σ/tanh chain.</item>
/// </list>
/// The bound is the largest; "achieved" is bound ÷ measured time.
/// </summary>
internal sealed record Roofline(string Category, int Steps, double Fma, double L1, double L2, double Latency)
{
    public double Bound => Math.Max(Math.Max(Fma, L1), Math.Max(L2, Latency));

    public string Binding => Bound == Fma ? "FMA" : Bound == L1 ? "L1" : Bound == L2 ? "L2" : "latency";

    public static Roofline? For(string category, Machine m)
    {
        var match = Regex.Match(category, @"^(Forward|Step) (\d+)x(\d+)(?:x(\d+))?$");
        if (!match.Success) return null;
        int I = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), U = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        bool forward = match.Groups[1].Value == "Forward";
        int steps = forward ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : 1;
        double fma = 4.0 * U * (I + U) / m.Lanes / m.FmasPerCycle;
        double bytes = forward ? 16.0 * U * (U + 1) : 16.0 * U * (1 + I + U);
        double l1 = bytes / m.L1BytesPerCycle;
        double l2 = Math.Max(0, bytes - m.L1dBytes) / m.L2BytesPerCycle;
        double latency = (Math.Ceiling(U / 2.0) + 1) * m.FmaLatency + m.ActivationChain;
        return new Roofline(category, steps, fma, l1, l2, latency);
    }

    /// <summary>The bound of a whole call in ns.</summary>
    public double BoundNs(Machine m) => Bound * Steps * m.CycleNs;

    /// <summary>
    /// The markdown table: one row per shape, with the cycles per step of each measured row <paramref name="methods"/>
    /// names (NaN where the run has none) and the fraction of the bound it achieves.
    /// </summary>
    public static string Table(IEnumerable<Roofline> lines, Machine m, string[] methods, Func<string, string, double> ns)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| Shape | FMA | L1 | L2 | Latency | Binds | " + string.Join(" | ", methods.Select(x => $"{x}: cycles per step, achieved")) + " |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | --- |" + string.Concat(methods.Select(_ => " ---: |")));
        foreach (var r in lines)
        {
            sb.Append($"| {r.Category} | {r.Fma:0} | {r.L1:0} | {r.L2:0} | {r.Latency:0} | {r.Binding} |");
            foreach (var method in methods)
            {
                double cycles = ns(r.Category, method) / r.Steps / m.CycleNs;
                sb.Append(double.IsNaN(cycles) ? " ? |" : $" {cycles:0}, {r.Bound / cycles:0.00} |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }
}

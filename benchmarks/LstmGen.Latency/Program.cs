// First-call latency of a generated LSTM layer, one measurement per process. ../latency.sh publishes
// this program as JIT, ReadyToRun and NativeAOT builds and starts each one many times; see there.
//
//   LstmGen.Latency <start>        start: the launcher's wall clock just before it started this process, Unix
//                                  seconds with a fraction (bash's $EPOCHREALTIME); prints one CSV line
//   LstmGen.Latency --summarize <runs.csv> <commit> <load>
//                                  reads the lines of many runs and prints the markdown table (median, min)
//
// Timed, on the QuickStart sample's shape (Input = 28, Units = 128, Steps = 28) with the same deterministic weights
// (seed 42, ±1/√U, LstmWeights.FromPyTorch) and image:
//   start→Main          launcher's clock before the process started → first line of Main (wall clock, µs)
//   start→first result  → the first Forward has returned its h (wall clock, µs): runtime start, weights made
//                        and loaded (LoadWeights packs them), the first Forward
//   first Forward       Stopwatch around the first Forward call alone (µs)
//   calls 2–1000        mean per call of the next 999 calls (µs)
//   after 1000          mean per call of calls 1001–2000 (µs)
//   after 1 s           mean per call of 1000 calls after the process has run Forward for a further second (µs)
//   JIT'd methods       System.Runtime.JitInfo: methods compiled by the JIT before and right after the first Forward
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using LstmGen;

[LstmLayer(Input = 28, Units = 128, Steps = 28)]
public partial class FashionLstm { }

public static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Main(string[] args)
    {
        long mainUs = UnixMicroseconds();
        if (args.Length == 4 && args[0] == "--summarize")
            return Summarize(args[1], args[2], args[3]);
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: LstmGen.Latency <start as Unix seconds.micro> | --summarize <runs.csv> <commit> <load>");
            return 2;
        }
        long jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();

        const int I = FashionLstm.Input, U = FashionLstm.Units, T = FashionLstm.Steps;
        var rng = new Random(42);
        float scale = 1 / MathF.Sqrt(U);
        float[] Tensor(int n) { var a = new float[n]; for (int k = 0; k < n; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * scale; return a; }
        var weights = LstmWeights.FromPyTorch(I, U, Tensor(4 * U * I), Tensor(4 * U * U), Tensor(4 * U), Tensor(4 * U));
        var image = new float[T * I];
        for (int r = 0; r < T; r++)
            for (int c = 0; c < I; c++)
                image[r * I + c] = MathF.Exp(-((r - 13.5f) * (r - 13.5f) + (c - 11f) * (c - 11f)) / 60f);
        var lstm = new FashionLstm();
        lstm.LoadWeights(weights);
        var h = new float[U];

        long jitBeforeFirst = System.Runtime.JitInfo.GetCompiledMethodCount();
        long t0 = Stopwatch.GetTimestamp();
        lstm.Forward(image, h);
        long t1 = Stopwatch.GetTimestamp();
        long firstResultUs = UnixMicroseconds();
        long jitAfterFirst = System.Runtime.JitInfo.GetCompiledMethodCount();
        var firstH = (float[])h.Clone();

        double firstCallUs = Stopwatch.GetElapsedTime(t0, t1).TotalMicroseconds;
        double warmUs = Calls(lstm, image, h, 999);
        double after1000Us = Calls(lstm, image, h, 1000);
        for (long s = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(s).TotalSeconds < 1;)
            lstm.Forward(image, h);
        double after1sUs = Calls(lstm, image, h, 1000);

        // Not timed: the result must be right (and the same on every call).
        var kernel = new LstmKernel(weights);
        var hKernel = new float[U];
        kernel.Forward(image, hKernel);
        double diff = 0;
        for (int k = 0; k < U; k++) diff = Math.Max(diff, Math.Max(Math.Abs(firstH[k] - hKernel[k]), Math.Abs(h[k] - hKernel[k])));
        if (!(diff <= 1e-5))
        {
            Console.Error.WriteLine($"Forward disagrees with LstmKernel: max |diff| = {diff}");
            return 1;
        }

        long startUs = ParseUnixMicroseconds(args[0]);
        string path = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
        Console.WriteLine(string.Join(",",
            (mainUs - startUs).ToString(Inv), (firstResultUs - startUs).ToString(Inv), F(firstCallUs), F(warmUs), F(after1000Us), F(after1sUs),
            jitBeforeFirst.ToString(Inv), jitAfterFirst.ToString(Inv), path, jitBefore.ToString(Inv)));
        return 0;
    }

    private static double Calls(FashionLstm lstm, float[] image, float[] h, int n)
    {
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < n; k++) lstm.Forward(image, h);
        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / n;
    }

    private static string F(double v) => v.ToString("F2", Inv);

    private static long UnixMicroseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    // "1764000000.123456" → µs, without going through double.
    private static long ParseUnixMicroseconds(string s)
    {
        int dot = s.IndexOf('.');
        string whole = dot < 0 ? s : s[..dot], frac = dot < 0 ? "" : s[(dot + 1)..];
        frac = (frac + "000000")[..6];
        return long.Parse(whole, Inv) * 1_000_000 + long.Parse(frac, Inv);
    }

    // runs.csv: mode,<the CSV line above>. Prints a markdown table per mode: median and min of each column.
    private static int Summarize(string file, string commit, string load)
    {
        var rows = File.ReadAllLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(',')).ToList();
        var modes = rows.Select(r => r[0]).Distinct().ToList();
        string[] names = ["start→Main (ms)", "start→first result (ms)", "first Forward (µs)", "calls 2–1000 (µs/call)", "calls 1001–2000 (µs/call)", "after 1 s more (µs/call)"];
        double[] toUnit = [1e-3, 1e-3, 1, 1, 1, 1];
        Console.WriteLine($"| mode | runs | {string.Join(" | ", names)} | JIT'd methods before / after first Forward | SIMD path |");
        Console.WriteLine($"|---|---:|{string.Concat(names.Select(_ => "---:|"))}---|---|");
        foreach (string mode in modes)
        {
            var mine = rows.Where(r => r[0] == mode).ToList();
            var cells = new List<string>();
            for (int col = 0; col < names.Length; col++)
            {
                var v = mine.Select(r => double.Parse(r[col + 1], Inv) * toUnit[col]).OrderBy(x => x).ToArray();
                double median = v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
                string fmt = toUnit[col] < 1 ? "F1" : "F1";
                cells.Add($"{median.ToString(fmt, Inv)} (min {v[0].ToString(fmt, Inv)})");
            }
            var jit = mine.Select(r => $"{r[7]} / {r[8]}").Distinct();
            var paths = mine.Select(r => r[9]).Distinct();
            Console.WriteLine($"| {mode} | {mine.Count} | {string.Join(" | ", cells)} | {string.Join("; ", jit)} | {string.Join(", ", paths)} |");
        }
        Console.WriteLine();
        Console.WriteLine($"Cells: median (min) over the runs. Commit {commit}; load average (1, 5, 15 min) {load}.");
        return 0;
    }
}

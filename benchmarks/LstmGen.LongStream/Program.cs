// Long-run numerics of generated layers (../long-stream.sh runs both and prints the machine):
//
//   LstmGen.LongStream stream <steps> [window]
//       Streams <steps> steps of one deterministic input through a generated layer's Step and through LstmKernel.Step,
//       next to a float64 LSTM written from the equations (ReferenceCells). Reports:
//         - non-finite: steps whose h held NaN or ±∞ (must be 0);
//         - allocated: managed bytes the Step calls allocated after the warm-up (the first window, or 100,000 steps
//           if longer), measured around those calls only;
//         - drift: max |h − h_ref| over one window of steps (all units). The first window is a run of `window` steps;
//           the first 100 windows show how much that figure varies with the input alone. Per decade of steps, the
//           mean and the largest window drift; and the last window's.
//       Exits 1 if a step was non-finite, a Step call allocated after warm-up, or the last window drifted further
//       than the worst of the first 100 windows.
//   LstmGen.LongStream denormal [rounds] [normal]
//       Times Step and Forward of three generated layers and LstmKernel (the thread's CPU time, median ns per call over
//       the rounds, cases interleaved) on inputs and states that are normal, zero, tiny but normal, or denormal
//       (|v| < 2^-126); prints each case's ratio to normal. With `normal`, only the normal case (to compare builds).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using LstmGen;
using LstmGen.Tests;
using LstmGen.TrainingBenchmarks;

// The streaming shape: odd units (40 pads to 48 on Vector512, a single-column tile after the pairs).
[LstmLayer(Input = 8, Units = 40, Steps = 16)]
public partial class Stream8x40 { }

// The Fashion-MNIST layer, for the denormal timings.
[LstmLayer(Input = 28, Units = 128, Steps = 28)]
public partial class Fashion28x128 { }

// The smallest streaming shape, where flushing the input and the state costs the most relative to the step.
[LstmLayer(Input = 1, Units = 16, Steps = 16)]
public partial class Tiny1x16 { }

public static class Program
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Main(string[] args)
    {
        if (args.Length is 2 or 3 && args[0] == "stream")
            return Stream(long.Parse(args[1], Inv), args.Length == 3 ? int.Parse(args[2], Inv) : 1000);
        if (args.Length is >= 1 and <= 3 && args[0] == "denormal" && (args.Length < 3 || args[2] == "normal"))
            return Denormal(args.Length >= 2 ? int.Parse(args[1], Inv) : 9, normalOnly: args.Length == 3);
        Console.Error.WriteLine("usage: LstmGen.LongStream stream <steps> [window] | denormal [rounds] [normal]");
        return 2;
    }

    /// <summary>PyTorch-initialised weights (±1/√U) with Keras's forget-gate bias of +1, as [W_ih, W_hh, b].</summary>
    private static (float[] WIh, float[] WHh, float[] B) Weights(int input, int units, int seed, bool bias = true)
    {
        var rng = new Random(seed);
        float scale = 1 / MathF.Sqrt(units);
        float[] Draw(int n) => Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1) * scale).ToArray();
        var wIh = Draw(4 * units * input);
        var wHh = Draw(4 * units * units);
        var b = bias ? Draw(4 * units) : new float[4 * units];
        if (bias)
            for (int j = 0; j < units; j++)
                b[units + j] += 1f;
        return (wIh, wHh, b);
    }

    private static int Stream(long steps, int window)
    {
        const int I = Stream8x40.Input, U = Stream8x40.Units;
        var (wIh, wHh, b) = Weights(I, U, seed: 7);
        var weights = LstmWeights.FromPyTorch(I, U, wIh, wHh, b, ReadOnlySpan<float>.Empty);
        var layer = new Stream8x40();
        layer.LoadWeights(weights);
        var kernel = new LstmKernel(weights);
        double[] rIh = Array.ConvertAll(wIh, v => (double)v), rHh = Array.ConvertAll(wHh, v => (double)v), rB = Array.ConvertAll(b, v => (double)v);
        double[] refH = new double[U], refC = new double[U], refX = new double[I];

        var inputs = new Random(11);
        float[] x = new float[I], h = new float[U], hk = new float[U];
        long warmUp = Math.Max(window, Math.Min(steps, 100_000));
        long nonFinite = 0, allocated = 0;
        double windowDrift = 0, windowDriftKernel = 0, firstDrift = double.NaN, firstDriftKernel = double.NaN;
        double earlyWorst = 0, earlyWorstKernel = 0;
        long windows = 0;
        var decades = new SortedDictionary<long, Decade>();
        var clock = Stopwatch.StartNew();
        for (long t = 1; t <= steps; t++)
        {
            for (int k = 0; k < I; k++)
            {
                x[k] = (float)(inputs.NextDouble() * 2 - 1);
                refX[k] = x[k];
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            layer.Step(x, h);
            kernel.Step(x, hk);
            if (t > warmUp)
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            ReferenceCells.LstmStep(rIh, rHh, rB, refX, refH, refC);
            for (int j = 0; j < U; j++)
            {
                if (!float.IsFinite(h[j]) || !float.IsFinite(hk[j]))
                    nonFinite++;
                windowDrift = Math.Max(windowDrift, Math.Abs(h[j] - refH[j]));
                windowDriftKernel = Math.Max(windowDriftKernel, Math.Abs(hk[j] - refH[j]));
            }
            if (t % window == 0 || t == steps)
            {
                if (windows++ == 0)
                    (firstDrift, firstDriftKernel) = (windowDrift, windowDriftKernel);
                if (windows <= 100)
                    (earlyWorst, earlyWorstKernel) = (Math.Max(earlyWorst, windowDrift), Math.Max(earlyWorstKernel, windowDriftKernel));
                long decade = (long)Math.Pow(10, Math.Floor(Math.Log10(t)));
                if (!decades.TryGetValue(decade, out var d))
                    decades[decade] = d = new Decade();
                d.Add(windowDrift, windowDriftKernel);
                if (t == steps)
                    break;
                windowDrift = windowDriftKernel = 0;
            }
        }
        double seconds = clock.Elapsed.TotalSeconds;

        Console.WriteLine($"stream: Stream8x40 (Input = {I}, Units = {U}), {steps:N0} steps, window {window:N0}, SIMD path {SimdPath()}, {seconds:F1} s");
        Console.WriteLine($"non-finite steps: {nonFinite}");
        Console.WriteLine($"allocated by Step after {warmUp:N0} warm-up steps: {allocated} bytes");
        Console.WriteLine("| windows | generated Step: mean | max | LstmKernel.Step: mean | max |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| first (steps 1–{Math.Min(window, steps):N0}) | {firstDrift:E2} | | {firstDriftKernel:E2} | |");
        Console.WriteLine($"| first 100 (steps 1–{Math.Min(100L * window, steps):N0}) | | {earlyWorst:E2} | | {earlyWorstKernel:E2} |");
        foreach (var (decade, d) in decades)
            Console.WriteLine($"| {d.Count:N0} ending in [{decade:N0}, {10 * decade:N0}) | {d.Sum / d.Count:E2} | {d.Max:E2} | {d.SumKernel / d.Count:E2} | {d.MaxKernel:E2} |");
        Console.WriteLine($"| last (ending at step {steps:N0}) | {windowDrift:E2} | | {windowDriftKernel:E2} | |");
        bool drifted = windowDrift > earlyWorst || windowDriftKernel > earlyWorstKernel;
        Console.WriteLine(nonFinite == 0 && allocated == 0 && !drifted
            ? "PASS: finite, no allocation after warm-up, last window within the drift of the first 100 windows"
            : $"FAIL: non-finite {nonFinite}, allocated {allocated} bytes, last window drift {windowDrift:E2} / {windowDriftKernel:E2} against the first 100 windows' worst {earlyWorst:E2} / {earlyWorstKernel:E2}");
        return nonFinite == 0 && allocated == 0 && !drifted ? 0 : 1;
    }

    // Window drifts of one decade of steps.
    private sealed class Decade
    {
        public long Count;
        public double Sum, Max, SumKernel, MaxKernel;

        public void Add(double layer, double kernel)
        {
            Count++;
            (Sum, Max) = (Sum + layer, Math.Max(Max, layer));
            (SumKernel, MaxKernel) = (SumKernel + kernel, Math.Max(MaxKernel, kernel));
        }
    }

    // ---- denormal timings

    private const float DenormalScale = 1e-38f; // below float's smallest normal, 2^-126 ≈ 1.18e-38

    // A case: weights with or without bias, inputs scaled by `scale`. With no bias, the gate sums, c and h are about as
    // small as x: tiny normal at 1e-30 (x² underflows to 0 in σ/tanh), with x² below 2^-126 at 1e-20 (where σ/tanh would
    // square into a denormal), and denormal at 1e-38, unless the kernels flush. `Decay`: only the first step of each
    // sequence has input, the rest are zeros, so the state decays from there (from 1e-36, through 2^-126 within a few steps).
    private sealed record Case(string Name, bool Bias, float Scale, bool Decay = false);

    private static readonly Case[] Cases =
    [
        new("normal x, bias", true, 1f),
        new("denormal x, bias", true, DenormalScale),
        new("zero x, no bias", false, 0f),
        new("denormal x, no bias", false, DenormalScale),
        new("tiny normal x (1e-30), no bias", false, 1e-30f),
        new("small normal x (1e-20), no bias", false, 1e-20f),
        new("x of 1e-36 then zeros, no bias (state decays)", false, 1e-36f, Decay: true),
    ];

    // `normal`: only the first case, to compare the normal cost of two builds run back to back.
    private static int Denormal(int rounds, bool normalOnly)
    {
        var cases = normalOnly ? Cases[..1] : Cases;
        Console.WriteLine($"denormal: SIMD path {SimdPath()}, {rounds} rounds, median CPU ns per call; ratio to the first case");
        Console.WriteLine("| layer | call | case | ns per call | ratio | denormal share of h |");
        Console.WriteLine("|---|---|---|---|---|---|");
        Time("Fashion28x128", Fashion28x128.Input, Fashion28x128.Units, Fashion28x128.Steps, rounds, cases, () => new Fashion28x128());
        Time("Stream8x40", Stream8x40.Input, Stream8x40.Units, Stream8x40.Steps, rounds, cases, () => new Stream8x40());
        Time("Tiny1x16", Tiny1x16.Input, Tiny1x16.Units, Tiny1x16.Steps, rounds, cases, () => new Tiny1x16());
        Time("LstmKernel 28x128", Fashion28x128.Input, Fashion28x128.Units, Fashion28x128.Steps, rounds, cases, null);
        return 0;
    }

    // `create` makes the generated layer; null times LstmKernel.
    private static void Time(string name, int input, int units, int steps, int rounds, Case[] cases, Func<ILstmBatchLayer>? create)
    {
        var layers = cases.Select((c, k) =>
        {
            var (wIh, wHh, b) = Weights(input, units, seed: 3, c.Bias);
            var weights = LstmWeights.FromPyTorch(input, units, wIh, wHh, b, ReadOnlySpan<float>.Empty);
            ILstmBatchLayer layer;
            if (create is null)
                layer = new LstmKernel(weights);
            else
            {
                layer = create();
                layer.LoadWeights(weights);
            }
            var rng = new Random(5);
            var xs = Enumerable.Range(0, steps * input).Select(k => c.Decay && k >= input ? 0f : (float)(rng.NextDouble() * 2 - 1) * c.Scale).ToArray();
            return (Layer: layer, Inputs: xs, H: new float[units], Output: new float[units]);
        }).ToArray();

        // Calls per timing: about 20 ms (CPU time) of the normal case.
        int stepCalls = Calibrate(() => layers[0].Layer.Step(layers[0].Inputs.AsSpan(0, input), layers[0].H));
        int forwardCalls = Calibrate(() => layers[0].Layer.Forward(layers[0].Inputs, layers[0].Output));
        var stepNs = new double[cases.Length][];
        var forwardNs = new double[cases.Length][];
        for (int k = 0; k < cases.Length; k++)
            (stepNs[k], forwardNs[k]) = (new double[rounds], new double[rounds]);
        for (int r = 0; r < rounds; r++)
            for (int k = 0; k < cases.Length; k++)
            {
                var (layer, xs, h, output) = layers[k];
                double start = ThreadClock.Milliseconds();
                for (int n = 0; n < stepCalls; n++)
                    layer.Step(xs.AsSpan(n % steps * input, input), h);
                stepNs[k][r] = (ThreadClock.Milliseconds() - start) * 1e6 / stepCalls;
                start = ThreadClock.Milliseconds();
                for (int n = 0; n < forwardCalls; n++)
                    layer.Forward(xs, output);
                forwardNs[k][r] = (ThreadClock.Milliseconds() - start) * 1e6 / forwardCalls;
            }
        for (int k = 0; k < cases.Length; k++)
            Console.WriteLine($"| {name} | Step | {cases[k].Name} | {Median(stepNs[k]):F0} | {Median(stepNs[k]) / Median(stepNs[0]):F2} | {DenormalShare(layers[k].H):P0} |");
        for (int k = 0; k < cases.Length; k++)
            Console.WriteLine($"| {name} | Forward ({steps} steps) | {cases[k].Name} | {Median(forwardNs[k]):F0} | {Median(forwardNs[k]) / Median(forwardNs[0]):F2} | {DenormalShare(layers[k].Output):P0} |");
    }

    private static int Calibrate(Action call)
    {
        for (int n = 0; n < 1000; n++) // JIT and tiering
            call();
        int calls = 100;
        while (true)
        {
            double start = ThreadClock.Milliseconds();
            for (int n = 0; n < calls; n++)
                call();
            if (ThreadClock.Milliseconds() - start >= 20)
                return calls;
            calls *= 2;
        }
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }

    private static double DenormalShare(float[] values) => values.Count(float.IsSubnormal) / (double)values.Length;

    private static string SimdPath() =>
        System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
        : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256"
        : System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
}

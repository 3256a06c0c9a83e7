using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using BenchmarkDotNet.Running;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// <c>peak</c>: this machine's clock and FMA peak. <c>ab step|forward|backward DIR...</c>: same-process A/B of LstmGen builds (each DIR holds a
/// build of this project against one version of the runtime; the batches interleave, so machine noise hits all alike, and
/// time is the thread's CPU time, which other processes' slices do not inflate).
/// <c>quick</c>: a few seconds of each framework with a stopwatch. Anything else goes to BenchmarkDotNet.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "peak":
                Peak();
                break;
            case "ab":
                AB(args.Skip(1).ToArray());
                break;
            case "products":
                Products.Run();
                Products.Passes();
                break;
            case "quick":
                Quick(args.Length > 1 ? double.Parse(args[1]) : 3);
                break;
            default:
                BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
                break;
        }
    }

    private static void Peak()
    {
        double clock = MachinePeak.ClockHz();
        Console.WriteLine($"clock (dependent adds): {clock / 1e9:F2} GHz; 64 FLOP/cycle → {64 * clock / 1e9:F1} GFLOP/s per core");
        for (int threads = 1; threads <= Environment.ProcessorCount; threads++)
            Console.WriteLine($"Vector512 FMA, {threads} thread(s): {MachinePeak.FmaFlops(threads) / 1e9:F1} GFLOP/s");
    }

    /// <summary>Entry point of each build in an A/B run: per call, one LstmGen training step ("step"), the LSTM layer's
    /// forward pass ("forward") or its forward and backward pass ("backward").</summary>
    public static Action CreateWork(string what)
    {
        if (what == "step")
        {
            var training = new LstmGenTraining();
            return () => training.Step();
        }
        var (forward, backward) = Products.CreatePasses();
        return what == "forward" ? forward : backward;
    }

    private static void AB(string[] arguments)
    {
        string what = arguments[0];
        var directories = arguments.Skip(1).ToArray();
        var steps = new List<(string Name, Action Step)>();
        foreach (string directory in directories)
        {
            string full = Path.GetFullPath(directory);
            var context = new DirectoryLoadContext(full);
            var assembly = context.LoadFromAssemblyPath(Path.Combine(full, "LstmGen.TrainingBenchmarks.dll"));
            var create = assembly.GetType("LstmGen.TrainingBenchmarks.Program")!.GetMethod(nameof(CreateWork))!;
            steps.Add((directory, (Action)create.Invoke(null, [what])!));
        }
        const int rounds = 25, perRound = 10;
        var times = steps.Select(_ => new List<double>()).ToArray();
        for (int round = -2; round < rounds; round++) // two warm-up rounds
            for (int s = 0; s < steps.Count; s++)
            {
                double start = ThreadClock.Milliseconds();
                for (int n = 0; n < perRound; n++)
                    steps[s].Step();
                if (round >= 0)
                    times[s].Add((ThreadClock.Milliseconds() - start) / perRound);
            }
        for (int s = 0; s < steps.Count; s++)
        {
            var sorted = times[s].OrderBy(t => t).ToArray();
            double median = sorted[sorted.Length / 2], best = sorted[0];
            Console.WriteLine($"{what} {steps[s].Name}: median {median:F3} ms CPU, best {best:F3} ms" + (what == "step"
                ? $" ({TrainingTask.Batch * 1000 / median:F0} samples/s, {TrainingTask.FlopsPerSample * TrainingTask.Batch / median / 1e6:F1} GFLOP/s at the median)"
                : ""));
        }
    }

    // Rounds of each framework in turn, timed by wall clock and by the thread's CPU time (the one-thread steps run on the
    // calling thread, so on a shared machine CPU time is the fairer measure); TorchSharp on two threads by wall clock only.
    private static void Quick(double seconds)
    {
        Console.WriteLine($"FLOP per sample: {TrainingTask.FlopsPerSample / 1e6:F2} M");
        var lstmGen = new LstmGenTraining();
        var runs = new List<(string Name, Func<float> Step)>
        {
            ($"LstmGen ({lstmGen.SimdPath}), 1 thread, shards of {TrainerOptions.DefaultShardSize}", lstmGen.Step),
            ($"LstmGen ({lstmGen.SimdPath}), 1 thread, one shard of {TrainingTask.Batch}", new LstmGenTraining(1, TrainingTask.Batch).Step),
        };
#if LSTMGEN_TORCH
        TorchTraining? torch = null;
        if (TorchTraining.Failure is { } failure)
            Console.WriteLine(failure);
        else
        {
            torch = new TorchTraining(1);
            runs.Add(("TorchSharp, 1 thread", torch.Step));
        }
#endif
        var wall = runs.Select(_ => new List<double>()).ToArray();
        var cpu = runs.Select(_ => new List<double>()).ToArray();
        var total = Stopwatch.StartNew();
        for (int round = -3; round < 5 || total.Elapsed.TotalSeconds < seconds; round++)
            for (int r = 0; r < runs.Count; r++)
                for (int n = 0; n < 5; n++)
                {
                    long start = Stopwatch.GetTimestamp();
                    double cpuStart = ThreadClock.Milliseconds();
                    runs[r].Step();
                    if (round >= 0)
                    {
                        cpu[r].Add(ThreadClock.Milliseconds() - cpuStart);
                        wall[r].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    }
                }
        for (int r = 0; r < runs.Count; r++)
            Report(runs[r].Name, wall[r], cpu[r], runs[r].Step());
#if LSTMGEN_TORCH
        torch?.Dispose();
        if (TorchTraining.Failure is null)
        {
            using var two = new TorchTraining(2);
            var times = new List<double>();
            for (int n = -10; n < 200 && (n < 20 || times.Sum() < seconds * 1000); n++)
            {
                long start = Stopwatch.GetTimestamp();
                two.Step();
                if (n >= 0)
                    times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
            Report("TorchSharp, 2 threads", times, null, two.Step());
        }
#endif
    }

    private static void Report(string name, List<double> wall, List<double>? cpu, float loss)
    {
        static double Median(List<double> values) => values.OrderBy(v => v).ElementAt(values.Count / 2);
        static string Rate(double ms) =>
            $"{ms:F2} ms ({TrainingTask.Batch * 1000 / ms:F0} samples/s, {TrainingTask.FlopsPerSample * TrainingTask.Batch / ms / 1e6:F1} GFLOP/s)";
        Console.WriteLine($"{name}: wall median {Rate(Median(wall))}" + (cpu is null ? "" : $"; CPU median {Rate(Median(cpu))}, best {Rate(cpu.Min())}") +
            $"; loss {loss:F4}");
    }

    /// <summary>Loads a build's assemblies from its own directory and everything else (the framework) from the default context.</summary>
    private sealed class DirectoryLoadContext(string directory) : AssemblyLoadContext(Path.GetFileName(directory))
    {
        protected override Assembly? Load(AssemblyName name)
        {
            string path = Path.Combine(directory, name.Name + ".dll");
            return File.Exists(path) && name.Name != "System.Private.CoreLib" ? LoadFromAssemblyPath(path) : null;
        }
    }
}

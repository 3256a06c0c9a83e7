using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;
using LstmGen;

namespace Forward28x32Limits;

/// <summary>
/// Forward 28x32x28 on this CPU's Vector512 path: the generated kernel, a second copy of it (same code, placed
/// elsewhere by the JIT: the size of code-placement noise), and variants that each remove or change one thing.
/// LstmKernel is the baseline; Fma4000 converts nanoseconds to cycles.
/// </summary>
public class LimitsBenchmarks
{
    private readonly float[] _x = Inputs(), _out = new float[32];
    private readonly LstmKernel _kernel = new(Weights());
    private readonly ILstmLayer _generated = Load(new Generated()), _copy = Load(new GeneratedCopy()),
        _noActivations = Load(new NoActivations()), _noDivide = Load(new NoDivide()),
        _projectionOnly = Load(new ProjectionOnly()), _registerH = Load(new RegisterH()),
        _registerHHalves = Load(new RegisterHHalves());

    [Benchmark(Baseline = true)] public void Kernel() => _kernel.Forward(_x, _out);
    [Benchmark] public void Generated() => _generated.Forward(_x, _out);
    [Benchmark] public void GeneratedCopy() => _copy.Forward(_x, _out);
    [Benchmark] public void NoActivations() => _noActivations.Forward(_x, _out);
    [Benchmark] public void NoDivide() => _noDivide.Forward(_x, _out);
    [Benchmark] public void ProjectionOnly() => _projectionOnly.Forward(_x, _out);
    [Benchmark] public void RegisterH() => _registerH.Forward(_x, _out);
    [Benchmark] public void RegisterHHalves() => _registerHHalves.Forward(_x, _out);

    private readonly double _a = 0.999999, _b = 1e-9;

    /// <summary>4,000 dependent double FMAs, 4 cycles each on Zen 4: the mean in ns ÷ 16,000 is one cycle.</summary>
    [Benchmark]
    public double Fma4000()
    {
        double x = 1, a = _a, b = _b;
        for (int i = 0; i < 1000; i++)
        {
            x = Math.FusedMultiplyAdd(x, a, b);
            x = Math.FusedMultiplyAdd(x, a, b);
            x = Math.FusedMultiplyAdd(x, a, b);
            x = Math.FusedMultiplyAdd(x, a, b);
        }
        return x;
    }

    internal static LstmWeights Weights() => LstmWeights.CreateRandom(28, 32, seed: 1);

    internal static float[] Inputs()
    {
        var r = new Random(2);
        var x = new float[28 * 28];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(r.NextDouble() * 2 - 1);
        return x;
    }

    internal static ILstmLayer Load(ILstmLayer layer)
    {
        layer.LoadWeights(Weights());
        return layer;
    }
}

public static class Program
{
    public static int Main(string[] args)
    {
        // The exact variants must agree with the generated kernel, and it with LstmKernel (float64-tested elsewhere).
        var x = LimitsBenchmarks.Inputs();
        float[] expected = Run(LimitsBenchmarks.Load(new Generated()), x), kernel = new float[32];
        new LstmKernel(LimitsBenchmarks.Weights()).Forward(x, kernel);
        bool ok = Report("Generated vs LstmKernel", expected, kernel, 1e-5);
        ok &= Report("GeneratedCopy", expected, Run(LimitsBenchmarks.Load(new GeneratedCopy()), x), 0);
        ok &= Report("RegisterH", expected, Run(LimitsBenchmarks.Load(new RegisterH()), x), 0);
        ok &= Report("RegisterHHalves", expected, Run(LimitsBenchmarks.Load(new RegisterHHalves()), x), 0);
        if (!ok) return 1;
        if (args.Length > 0 && args[0] == "check") return 0;
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }

    private static float[] Run(ILstmLayer layer, float[] x)
    {
        var h = new float[32];
        layer.Forward(x, h);
        return h;
    }

    private static bool Report(string name, float[] expected, float[] actual, double tolerance)
    {
        double max = 0;
        for (int i = 0; i < expected.Length; i++) max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        Console.WriteLine($"{name}: max |difference| {max:G3} (allowed {tolerance:G3})");
        return max <= tolerance;
    }
}

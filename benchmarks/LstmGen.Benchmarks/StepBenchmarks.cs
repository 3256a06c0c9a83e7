using System;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace LstmGen.Benchmarks;

/// <summary>
/// One streaming Step (Input = 1, h and c carried over): generated kernel vs LstmKernel (the baseline
/// of each category), plus a naive scalar loop for 1×16. Each call takes the next of 256 fixed inputs.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(BenchConfig))]
public class StepBenchmarks
{
    private const string S8 = "Step 1x8", S16 = "Step 1x16", S64 = "Step 1x64";
    private const int InputCount = 256; // a power of two: the index wraps with a mask

    private readonly Stream1x8 _gen8 = new();
    private readonly Stream1x16 _gen16 = new();
    private readonly Stream1x64 _gen64 = new();
    private LstmKernel _ker8 = null!, _ker16 = null!, _ker64 = null!;
    private NaiveLstm _naive16 = null!;
    private float[] _xs = null!;
    private float[] _h8 = null!, _h16 = null!, _h64 = null!;
    private int _t;

    [GlobalSetup]
    public void Setup()
    {
        _xs = Check.Inputs(InputCount, seed: 2);
        (_ker8, _h8) = Prepare(_gen8, Stream1x8.Units, seed: 8);
        (_ker16, _h16) = Prepare(_gen16, Stream1x16.Units, seed: 16);
        (_ker64, _h64) = Prepare(_gen64, Stream1x64.Units, seed: 64);

        _naive16 = new NaiveLstm(LstmWeights.CreateRandom(1, 16, seed: 16));
        Check.AgreeStreaming("Naive 1x16 Step", _ker16, _naive16.Step, _naive16.ResetState, _xs);
    }

    // Loads the same weights into the generated layer and a new LstmKernel and checks a stream of Steps agrees.
    private (LstmKernel Kernel, float[] H) Prepare(ILstmLayer generated, int units, int seed)
    {
        var weights = LstmWeights.CreateRandom(1, units, seed);
        generated.LoadWeights(weights);
        var kernel = new LstmKernel(weights);
        Check.AgreeStreaming($"{generated.GetType().Name} Step", kernel, generated.Step, generated.ResetState, _xs);
        return (kernel, new float[units]);
    }

    private ReadOnlySpan<float> NextX() => _xs.AsSpan(_t++ & (InputCount - 1), 1);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S8)]
    public void Kernel8() => _ker8.Step(NextX(), _h8);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S8)]
    public void Generated8() => _gen8.Step(NextX(), _h8);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S16)]
    public void Kernel16() => _ker16.Step(NextX(), _h16);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S16)]
    public void Generated16() => _gen16.Step(NextX(), _h16);

    [Benchmark(Description = "Naive scalar"), BenchmarkCategory(S16)]
    public void Naive16() => _naive16.Step(NextX(), _h16);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S64)]
    public void Kernel64() => _ker64.Step(NextX(), _h64);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S64)]
    public void Generated64() => _gen64.Step(NextX(), _h64);
}

using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace LstmGen.Benchmarks;

/// <summary>
/// Forward over a whole sequence (from a zero state, last h out): generated kernel vs LstmKernel (the
/// baseline of each category), plus a naive scalar loop for 28×32×28. Shapes are Input×Units×Steps.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(BenchConfig))]
public class ForwardBenchmarks
{
    private const string F128 = "Forward 28x128x28", F64 = "Forward 28x64x28", F32 = "Forward 28x32x28";

    private readonly Forward28x128x28 _gen128 = new();
    private readonly Forward28x64x28 _gen64 = new();
    private readonly Forward28x32x28 _gen32 = new();
    private LstmKernel _ker128 = null!, _ker64 = null!, _ker32 = null!;
    private NaiveLstm _naive32 = null!;
    private float[] _input = null!; // one 28×28 sequence, [step, feature]
    private float[] _out128 = null!, _out64 = null!, _out32 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = Check.Inputs(28 * 28, seed: 1);
        (_ker128, _out128) = Prepare(_gen128, Forward28x128x28.Units, seed: 128);
        (_ker64, _out64) = Prepare(_gen64, Forward28x64x28.Units, seed: 64);
        (_ker32, _out32) = Prepare(_gen32, Forward28x32x28.Units, seed: 32);

        _naive32 = new NaiveLstm(LstmWeights.CreateRandom(28, 32, seed: 32));
        var expected = new float[32];
        _ker32.Forward(_input, expected);
        _naive32.Forward(_input, _out32);
        Check.Agree("Naive 28x32x28 Forward", expected, _out32);
    }

    // Loads the same weights into the generated layer and a new LstmKernel and checks their Forward agrees.
    private (LstmKernel Kernel, float[] Output) Prepare(ILstmLayer generated, int units, int seed)
    {
        var weights = LstmWeights.CreateRandom(28, units, seed);
        generated.LoadWeights(weights);
        var kernel = new LstmKernel(weights);
        var expected = new float[units];
        var actual = new float[units];
        kernel.Forward(_input, expected);
        generated.Forward(_input, actual);
        Check.Agree($"{generated.GetType().Name} Forward", expected, actual);
        return (kernel, actual);
    }

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F32)]
    public void Kernel32() => _ker32.Forward(_input, _out32);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F32)]
    public void Generated32() => _gen32.Forward(_input, _out32);

    [Benchmark(Description = "Naive scalar"), BenchmarkCategory(F32)]
    public void Naive32() => _naive32.Forward(_input, _out32);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F64)]
    public void Kernel64() => _ker64.Forward(_input, _out64);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F64)]
    public void Generated64() => _gen64.Forward(_input, _out64);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F128)]
    public void Kernel128() => _ker128.Forward(_input, _out128);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F128)]
    public void Generated128() => _gen128.Forward(_input, _out128);
}

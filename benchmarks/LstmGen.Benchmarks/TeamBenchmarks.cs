using System;
using BenchmarkDotNet.Attributes;

namespace LstmGen.Benchmarks;

/// <summary>
/// One sequence on several cores: Forward of a generated layer on the calling thread alone (the baseline of each
/// category) against the same call on a 2-thread ThreadTeam, with the default rule (a member needs at least 64 units,
/// so 28×32 and 28×64 run alone) and, for those two, with the split forced (minUnitsPerMember: 16). The timing does
/// not depend on the weights' values, so every shape runs seeded random weights (benchmarks/models has no 28×256 file).
/// </summary>
[Config(typeof(BenchConfig))]
public class TeamBenchmarks
{
    private const string T32 = "Team 28x32x28", T64 = "Team 28x64x28", T128 = "Team 28x128x28", T256 = "Team 28x256x28";

    private float[] _input = null!;
    private float[] _output = null!;
    private ThreadTeam _team = null!, _forced = null!;
    private readonly Forward28x32x28 _g32 = new();
    private readonly Forward28x64x28 _g64 = new();
    private readonly Forward28x128x28 _g128 = new();
    private readonly Forward28x256x28 _g256 = new();

    [GlobalSetup]
    public void Setup()
    {
        _input = Check.Inputs(28 * 28, seed: 1);
        _output = new float[256];
        _g32.LoadWeights(RandomWeights(28, 32, seed: 32));
        _g64.LoadWeights(RandomWeights(28, 64, seed: 64));
        _g128.LoadWeights(RandomWeights(28, 128, seed: 128));
        _g256.LoadWeights(RandomWeights(28, 256, seed: 256));
        _team = new ThreadTeam(2);
        _forced = new ThreadTeam(2, minUnitsPerMember: 16);
        // The team's result is bit for bit the lone call's (the tests check it on every path; here once per shape).
        Same(o => _g32.Forward(_input, o), o => _g32.Forward(_input, o, _forced), 32);
        Same(o => _g64.Forward(_input, o), o => _g64.Forward(_input, o, _forced), 64);
        Same(o => _g128.Forward(_input, o), o => _g128.Forward(_input, o, _team), 128);
        Same(o => _g256.Forward(_input, o), o => _g256.Forward(_input, o, _team), 256);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _team.Dispose();
        _forced.Dispose();
    }

    private static LstmWeights RandomWeights(int input, int units, int seed)
    {
        var rng = new Random(seed);
        float scale = 1f / MathF.Sqrt(units);
        float[] Draw(int n)
        {
            var a = new float[n];
            for (int k = 0; k < n; k++)
                a[k] = (float)(rng.NextDouble() * 2 - 1) * scale;
            return a;
        }
        return LstmWeights.FromPyTorch(input, units, Draw(4 * units * input), Draw(4 * units * units), Draw(4 * units), Draw(4 * units));
    }

    private static void Same(Action<float[]> alone, Action<float[]> onTeam, int units)
    {
        float[] one = new float[units], many = new float[units];
        alone(one);
        onTeam(many);
        if (!one.AsSpan().SequenceEqual(many))
            throw new InvalidOperationException($"28×{units}: the team's Forward differs from the lone call's.");
    }

    [Benchmark(Baseline = true, Description = "One core"), BenchmarkCategory(T32)]
    public void One32() => _g32.Forward(_input, _output.AsSpan(0, 32));

    [Benchmark(Description = "2-thread team (runs alone: 32 < 2·64 units)"), BenchmarkCategory(T32)]
    public void Team32() => _g32.Forward(_input, _output.AsSpan(0, 32), _team);

    [Benchmark(Description = "2-thread team, split forced"), BenchmarkCategory(T32)]
    public void Forced32() => _g32.Forward(_input, _output.AsSpan(0, 32), _forced);

    [Benchmark(Baseline = true, Description = "One core"), BenchmarkCategory(T64)]
    public void One64() => _g64.Forward(_input, _output.AsSpan(0, 64));

    [Benchmark(Description = "2-thread team (runs alone: 64 < 2·64 units)"), BenchmarkCategory(T64)]
    public void Team64() => _g64.Forward(_input, _output.AsSpan(0, 64), _team);

    [Benchmark(Description = "2-thread team, split forced"), BenchmarkCategory(T64)]
    public void Forced64() => _g64.Forward(_input, _output.AsSpan(0, 64), _forced);

    [Benchmark(Baseline = true, Description = "One core"), BenchmarkCategory(T128)]
    public void One128() => _g128.Forward(_input, _output.AsSpan(0, 128));

    [Benchmark(Description = "2-thread team"), BenchmarkCategory(T128)]
    public void Team128() => _g128.Forward(_input, _output.AsSpan(0, 128), _team);

    [Benchmark(Baseline = true, Description = "One core"), BenchmarkCategory(T256)]
    public void One256() => _g256.Forward(_input, _output);

    [Benchmark(Description = "2-thread team"), BenchmarkCategory(T256)]
    public void Team256() => _g256.Forward(_input, _output, _team);
}

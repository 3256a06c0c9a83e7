using System;
using BenchmarkDotNet.Attributes;

namespace LstmGen.Benchmarks;

/// <summary>
/// One streaming Step (Input = 1, h and c carried over): generated kernel vs LstmKernel (the baseline of
/// each category), ONNX Runtime on a one-step model with the state fed back (simple API and IoBinding),
/// TorchSharp where it loads, and a naive scalar loop for 1×16. Each call takes the next of 256 fixed inputs.
/// Two call styles: one call per invocation through the interface (ILstmLayer; LstmKernel is sealed, so its call is
/// direct), and a user's loop, <c>for (...) layer.Step(x, h)</c> on the concrete class, for both kernels ("direct
/// loop", 256 steps per invocation, reported per step), where the JIT may inline Step into the loop.
/// </summary>
[Config(typeof(BenchConfig))]
public class StepBenchmarks
{
    private const string S8 = "Step 1x8", S16 = "Step 1x16", S64 = "Step 1x64";
    private const int InputCount = 256; // a power of two: the index wraps with a mask

    private float[] _xs = null!;
    private Case _c8 = null!, _c16 = null!, _c64 = null!;
    private Stream1x8 _g8 = null!; // the generated layers of the cases, as their concrete classes
    private Stream1x16 _g16 = null!;
    private Stream1x64 _g64 = null!;
    private NaiveLstm _naive16 = null!;
    private Stream1x64Half _half64 = null!; // RecurrentWeights = Half
    private Stream1x64BFloat16 _bf64 = null!; // RecurrentWeights = BFloat16
    private Stream1x64Int8 _int64 = null!; // RecurrentWeights = Int8
    private int _t;

    [GlobalSetup]
    public void Setup()
    {
        _xs = Check.Inputs(InputCount, seed: 2);
        _c8 = new Case(_g8 = new Stream1x8(), _xs);
        _c16 = new Case(_g16 = new Stream1x16(), _xs);
        _c64 = new Case(_g64 = new Stream1x64(), _xs);

        _naive16 = new NaiveLstm(Models.Weights(1, 16));
        Check.AgreeStreaming("Naive 1x16 Step vs LstmKernel", _c16.Kernel, _naive16.Step, _naive16.ResetState, _xs);

        _half64 = new Stream1x64Half();
        _half64.LoadWeights(Models.Weights(1, 64));
        Check.AgreeStreaming("Generated Half 1x64 Step vs float32", _c64.Generated, _half64.Step, _half64.ResetState, _xs, 1e-3f);
        _bf64 = new Stream1x64BFloat16();
        _bf64.LoadWeights(Models.Weights(1, 64));
        Check.AgreeStreaming("Generated BFloat16 1x64 Step vs float32", _c64.Generated, _bf64.Step, _bf64.ResetState, _xs, 5e-3f);
        _int64 = new Stream1x64Int8();
        _int64.LoadWeights(Models.Weights(1, 64));
        Check.AgreeStreaming("Generated Int8 1x64 Step vs float32", _c64.Generated, _int64.Step, _int64.ResetState, _xs, 2e-2f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _c8.Dispose();
        _c16.Dispose();
        _c64.Dispose();
    }

    /// <summary>One shape: every contender loaded with lstm_1x{U}.npz / step_1x{U}.onnx; 256 steps checked against the generated kernel.</summary>
    private sealed class Case : IDisposable
    {
        public readonly ILstmLayer Generated;
        public readonly LstmKernel Kernel;
        public readonly OrtStream Ort;
        public readonly TorchLstm? Torch;
        public readonly float[] H;

        public Case(ILstmLayer generated, float[] xs)
        {
            int units = generated.Units, input = generated.Input;
            string name = $"{input}x{units}";
            var weights = Models.Weights(input, units);
            Generated = generated;
            Generated.LoadWeights(weights);
            Kernel = new LstmKernel(weights);
            H = new float[units];
            Check.AgreeStreaming($"LstmKernel {name} Step vs generated", Generated, Kernel.Step, Kernel.ResetState, xs);

            Ort = new OrtStream($"step_{name}.onnx", input, units);
            Check.AgreeStreaming($"ORT Run {name} Step vs generated", Generated, Ort.Step, Ort.ResetState, xs, Check.LibraryTolerance);
            Check.AgreeStreaming($"ORT IoBinding {name} Step vs generated", Generated, Ort.StepBound, Ort.ResetState, xs, Check.LibraryTolerance);

            if (TorchProbe.Failure is null)
            {
                Torch = new TorchLstm(weights);
                Check.AgreeStreaming($"TorchSharp {name} Step vs generated", Generated, Torch.Step, Torch.ResetState, xs, Check.LibraryTolerance);
            }
        }

        public void Dispose()
        {
            Ort.Dispose();
            Torch?.Dispose();
        }
    }

    private ReadOnlySpan<float> NextX() => _xs.AsSpan(_t++ & (InputCount - 1), 1);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S8)]
    public void Kernel8() => _c8.Kernel.Step(NextX(), _c8.H);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S8)]
    public void Generated8() => _c8.Generated.Step(NextX(), _c8.H);

    [Benchmark(OperationsPerInvoke = InputCount, Description = "LstmKernel, direct loop"), BenchmarkCategory(S8)]
    public void KernelLoop8()
    {
        LstmKernel layer = _c8.Kernel;
        float[] h = _c8.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(OperationsPerInvoke = InputCount, Description = "Generated, direct loop"), BenchmarkCategory(S8)]
    public void GeneratedLoop8()
    {
        Stream1x8 layer = _g8;
        float[] h = _c8.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(S8)]
    public void OrtRun8() => _c8.Ort.Step(NextX(), _c8.H);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(S8)]
    public void OrtBinding8() => _c8.Ort.StepBound(NextX(), _c8.H);

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(S8)]
    public void Torch8() => _c8.Torch!.Step(NextX(), _c8.H);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S16)]
    public void Kernel16() => _c16.Kernel.Step(NextX(), _c16.H);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S16)]
    public void Generated16() => _c16.Generated.Step(NextX(), _c16.H);

    [Benchmark(OperationsPerInvoke = InputCount, Description = "LstmKernel, direct loop"), BenchmarkCategory(S16)]
    public void KernelLoop16()
    {
        LstmKernel layer = _c16.Kernel;
        float[] h = _c16.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(OperationsPerInvoke = InputCount, Description = "Generated, direct loop"), BenchmarkCategory(S16)]
    public void GeneratedLoop16()
    {
        Stream1x16 layer = _g16;
        float[] h = _c16.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(Description = "Naive scalar"), BenchmarkCategory(S16)]
    public void Naive16() => _naive16.Step(NextX(), _c16.H);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(S16)]
    public void OrtRun16() => _c16.Ort.Step(NextX(), _c16.H);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(S16)]
    public void OrtBinding16() => _c16.Ort.StepBound(NextX(), _c16.H);

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(S16)]
    public void Torch16() => _c16.Torch!.Step(NextX(), _c16.H);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(S64)]
    public void Kernel64() => _c64.Kernel.Step(NextX(), _c64.H);

    [Benchmark(Description = "Generated"), BenchmarkCategory(S64)]
    public void Generated64() => _c64.Generated.Step(NextX(), _c64.H);

    [Benchmark(OperationsPerInvoke = InputCount, Description = "LstmKernel, direct loop"), BenchmarkCategory(S64)]
    public void KernelLoop64()
    {
        LstmKernel layer = _c64.Kernel;
        float[] h = _c64.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(OperationsPerInvoke = InputCount, Description = "Generated, direct loop"), BenchmarkCategory(S64)]
    public void GeneratedLoop64()
    {
        Stream1x64 layer = _g64;
        float[] h = _c64.H;
        for (int i = 0; i < InputCount; i++)
            layer.Step(_xs.AsSpan(i, 1), h);
    }

    [Benchmark(Description = "Generated, Half W_hh"), BenchmarkCategory(S64)]
    public void GeneratedHalf64() => _half64.Step(NextX(), _c64.H);

    [Benchmark(Description = "Generated, BFloat16 W_hh"), BenchmarkCategory(S64)]
    public void GeneratedBFloat1664() => _bf64.Step(NextX(), _c64.H);

    [Benchmark(Description = "Generated, Int8 W_hh"), BenchmarkCategory(S64)]
    public void GeneratedInt864() => _int64.Step(NextX(), _c64.H);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(S64)]
    public void OrtRun64() => _c64.Ort.Step(NextX(), _c64.H);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(S64)]
    public void OrtBinding64() => _c64.Ort.StepBound(NextX(), _c64.H);

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(S64)]
    public void Torch64() => _c64.Torch!.Step(NextX(), _c64.H);
}

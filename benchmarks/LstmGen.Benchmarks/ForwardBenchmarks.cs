using System;
using BenchmarkDotNet.Attributes;

namespace LstmGen.Benchmarks;

/// <summary>
/// Forward over a whole sequence (from a zero state, last h out): generated kernel vs LstmKernel (the
/// baseline of each category), ONNX Runtime (simple API and IoBinding), TorchSharp where it loads, and a
/// naive scalar loop for 28×32×28. Shapes are Input×Units×Steps; all run the weights of benchmarks/models.
/// Two call styles: one call per invocation through the interface (ILstmLayer; LstmKernel is sealed, so its call is
/// direct), and a loop of calls on the concrete class for both kernels ("direct loop", reported per call).
/// </summary>
[Config(typeof(BenchConfig))]
public class ForwardBenchmarks
{
    private const string F128 = "Forward 28x128x28", F64 = "Forward 28x64x28", F32 = "Forward 28x32x28";

    private float[] _input = null!; // one 28×28 sequence, [step, feature] (= ONNX's [T, 1, I])
    private Case _c128 = null!, _c64 = null!, _c32 = null!;
    private Forward28x128x28 _g128 = null!; // the generated layers of the cases, as their concrete classes
    private Forward28x64x28 _g64 = null!;
    private Forward28x32x28 _g32 = null!;
    private const int Loop = 8; // Forward calls per "direct loop" invocation
    private NaiveLstm _naive32 = null!;
    private ILstmLayer _half128 = null!, _half64 = null!, _bf128 = null!, _bf64 = null!; // RecurrentWeights = Half, BFloat16
    private ILstmLayer _int128 = null!, _int64 = null!; // RecurrentWeights = Int8

    [GlobalSetup]
    public void Setup()
    {
        _input = Check.Inputs(28 * 28, seed: 1);
        _c128 = new Case(_g128 = new Forward28x128x28(), _input);
        _c64 = new Case(_g64 = new Forward28x64x28(), _input);
        _c32 = new Case(_g32 = new Forward28x32x28(), _input);

        _naive32 = new NaiveLstm(Models.Weights(28, 32));
        var expected = new float[32];
        _c32.Kernel.Forward(_input, expected);
        Check.AgreeAfter("Naive 28x32x28 Forward", expected, _c32.Output, () => _naive32.Forward(_input, _c32.Output));

        _half128 = HalfCase(new Forward28x128x28Half(), _c128);
        _half64 = HalfCase(new Forward28x64x28Half(), _c64);
        _bf128 = HalfCase(new Forward28x128x28BFloat16(), _c128);
        _bf64 = HalfCase(new Forward28x64x28BFloat16(), _c64);
        _int128 = HalfCase(new Forward28x128x28Int8(), _c128, 2e-2f);
        _int64 = HalfCase(new Forward28x64x28Int8(), _c64, 2e-2f);
    }

    // A 16-bit- or int8-W_hh layer on the same weights, checked against the float32 generated kernel (rounding moves h
    // by ~1e-4 to 1e-3 in 16 bits, more in int8).
    private ILstmLayer HalfCase(ILstmLayer half, Case c, float tolerance = 5e-3f)
    {
        half.LoadWeights(Models.Weights(half.Input, half.Units));
        var expected = new float[half.Units];
        c.Generated.Forward(_input, expected);
        Check.AgreeAfter($"{half.GetType().Name} Forward vs float32", expected, c.Output, () => half.Forward(_input, c.Output), tolerance);
        return half;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _c128.Dispose();
        _c64.Dispose();
        _c32.Dispose();
    }

    /// <summary>One shape: every contender loaded with lstm_28x{U}.npz / forward_28x{U}x28.onnx and checked against the generated kernel.</summary>
    private sealed class Case : IDisposable
    {
        public readonly ILstmLayer Generated;
        public readonly LstmKernel Kernel;
        public readonly OrtSequence Ort;
        public readonly TorchLstm? Torch;
        public readonly float[] Output;

        public Case(ILstmLayer generated, float[] input)
        {
            int units = generated.Units, inputSize = generated.Input, steps = input.Length / inputSize;
            string name = $"{inputSize}x{units}x{steps}";
            var weights = Models.Weights(inputSize, units);
            Generated = generated;
            Generated.LoadWeights(weights);
            Kernel = new LstmKernel(weights);
            Output = new float[units];

            var expected = new float[units];
            Generated.Forward(input, expected);
            Check.AgreeAfter($"LstmKernel {name} Forward vs generated", expected, Output, () => Kernel.Forward(input, Output));

            Ort = new OrtSequence($"forward_{name}.onnx", input, Output, steps, batch: 1, inputSize, units);
            Check.AgreeAfter($"ORT Run {name} vs generated", expected, Output, () => Ort.Run(input, Output), Check.LibraryTolerance);
            Check.AgreeAfter($"ORT IoBinding {name} vs generated", expected, Output, Ort.RunBound, Check.LibraryTolerance);

            if (TorchProbe.Failure is null)
            {
                var torch = new TorchLstm(weights);
                Torch = torch;
                Check.AgreeAfter($"TorchSharp {name} vs generated", expected, Output, () => torch.Forward(input, Output), Check.LibraryTolerance);
            }
        }

        public void Dispose()
        {
            Ort.Dispose();
            Torch?.Dispose();
        }
    }

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F32)]
    public void Kernel32() => _c32.Kernel.Forward(_input, _c32.Output);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F32)]
    public void Generated32() => _c32.Generated.Forward(_input, _c32.Output);

    [Benchmark(OperationsPerInvoke = Loop, Description = "LstmKernel, direct loop"), BenchmarkCategory(F32)]
    public void KernelLoop32()
    {
        LstmKernel layer = _c32.Kernel;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c32.Output);
    }

    [Benchmark(OperationsPerInvoke = Loop, Description = "Generated, direct loop"), BenchmarkCategory(F32)]
    public void GeneratedLoop32()
    {
        Forward28x32x28 layer = _g32;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c32.Output);
    }

    [Benchmark(Description = "Naive scalar"), BenchmarkCategory(F32)]
    public void Naive32() => _naive32.Forward(_input, _c32.Output);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(F32)]
    public void OrtRun32() => _c32.Ort.Run(_input, _c32.Output);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(F32)]
    public void OrtBinding32() => _c32.Ort.RunBound();

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(F32)]
    public void Torch32() => _c32.Torch!.Forward(_input, _c32.Output);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F64)]
    public void Kernel64() => _c64.Kernel.Forward(_input, _c64.Output);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F64)]
    public void Generated64() => _c64.Generated.Forward(_input, _c64.Output);

    [Benchmark(OperationsPerInvoke = Loop, Description = "LstmKernel, direct loop"), BenchmarkCategory(F64)]
    public void KernelLoop64()
    {
        LstmKernel layer = _c64.Kernel;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c64.Output);
    }

    [Benchmark(OperationsPerInvoke = Loop, Description = "Generated, direct loop"), BenchmarkCategory(F64)]
    public void GeneratedLoop64()
    {
        Forward28x64x28 layer = _g64;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c64.Output);
    }

    [Benchmark(Description = "Generated, Half W_hh"), BenchmarkCategory(F64)]
    public void GeneratedHalf64() => _half64.Forward(_input, _c64.Output);

    [Benchmark(Description = "Generated, BFloat16 W_hh"), BenchmarkCategory(F64)]
    public void GeneratedBFloat1664() => _bf64.Forward(_input, _c64.Output);

    [Benchmark(Description = "Generated, Int8 W_hh"), BenchmarkCategory(F64)]
    public void GeneratedInt864() => _int64.Forward(_input, _c64.Output);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(F64)]
    public void OrtRun64() => _c64.Ort.Run(_input, _c64.Output);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(F64)]
    public void OrtBinding64() => _c64.Ort.RunBound();

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(F64)]
    public void Torch64() => _c64.Torch!.Forward(_input, _c64.Output);

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(F128)]
    public void Kernel128() => _c128.Kernel.Forward(_input, _c128.Output);

    [Benchmark(Description = "Generated"), BenchmarkCategory(F128)]
    public void Generated128() => _c128.Generated.Forward(_input, _c128.Output);

    [Benchmark(OperationsPerInvoke = Loop, Description = "LstmKernel, direct loop"), BenchmarkCategory(F128)]
    public void KernelLoop128()
    {
        LstmKernel layer = _c128.Kernel;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c128.Output);
    }

    [Benchmark(OperationsPerInvoke = Loop, Description = "Generated, direct loop"), BenchmarkCategory(F128)]
    public void GeneratedLoop128()
    {
        Forward28x128x28 layer = _g128;
        for (int i = 0; i < Loop; i++)
            layer.Forward(_input, _c128.Output);
    }

    [Benchmark(Description = "Generated, Half W_hh"), BenchmarkCategory(F128)]
    public void GeneratedHalf128() => _half128.Forward(_input, _c128.Output);

    [Benchmark(Description = "Generated, BFloat16 W_hh"), BenchmarkCategory(F128)]
    public void GeneratedBFloat16128() => _bf128.Forward(_input, _c128.Output);

    [Benchmark(Description = "Generated, Int8 W_hh"), BenchmarkCategory(F128)]
    public void GeneratedInt8128() => _int128.Forward(_input, _c128.Output);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(F128)]
    public void OrtRun128() => _c128.Ort.Run(_input, _c128.Output);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(F128)]
    public void OrtBinding128() => _c128.Ort.RunBound();

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(F128)]
    public void Torch128() => _c128.Torch!.Forward(_input, _c128.Output);
}

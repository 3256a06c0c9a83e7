using System;
using BenchmarkDotNet.Attributes;

namespace LstmGen.Benchmarks;

/// <summary>
/// 64 independent 28×128×28 sequences (last h of each out). ForwardBatch of the generated kernel and of
/// LstmKernel (the baseline) takes all 64 in one call ([B, T, I]), two sequences per weight load; the
/// "Forward loop" rows call Forward 64 times instead (re-reading the weights for each sequence), and the
/// "parallel" rows use ForwardBatchParallel over every core. ONNX Runtime (batch_28x128x28x64.onnx) and
/// TorchSharp take all 64 in one call, [T, B, I].
/// </summary>
[Config(typeof(BenchConfig))]
public class BatchBenchmarks
{
    private const string B64 = "Batch 28x128x28 x64";
    private const int Batch = 64, Steps = 28, Input = 28, Units = 128, SeqLength = Steps * Input;

    private readonly Forward28x128x28 _generated = new();
    private LstmKernel _kernel = null!;
    private OrtSequence _ort = null!;
    private TorchLstm? _torch;
    private float[] _sequences = null!; // [B, T, I]: sequence after sequence, as Forward takes them
    private float[] _tbi = null!;       // the same data as [T, B, I], as ONNX and PyTorch take it
    private float[] _output = null!;    // [B, U]

    [GlobalSetup]
    public void Setup()
    {
        _sequences = Check.Inputs(Batch * SeqLength, seed: 3);
        _tbi = new float[_sequences.Length];
        for (int b = 0; b < Batch; b++)
            for (int t = 0; t < Steps; t++)
                _sequences.AsSpan((b * Steps + t) * Input, Input).CopyTo(_tbi.AsSpan((t * Batch + b) * Input));
        _output = new float[Batch * Units];

        var weights = Models.Weights(Input, Units);
        _generated.LoadWeights(weights);
        _kernel = new LstmKernel(weights);
        var expected = new float[Batch * Units];
        ForwardEach(_generated, expected);
        Check.AgreeAfter("LstmKernel batch vs generated", expected, _output, () => ForwardEach(_kernel, _output));
        Check.AgreeAfter("Generated ForwardBatch vs generated Forward", expected, _output, () => _generated.ForwardBatch(_sequences, _output, Batch));
        Check.AgreeAfter("LstmKernel ForwardBatch vs generated Forward", expected, _output, () => _kernel.ForwardBatch(_sequences, _output, Batch));
        Check.AgreeAfter("Generated ForwardBatchParallel vs generated Forward", expected, _output,
            () => _generated.ForwardBatchParallel(_sequences, _output, Batch));
        Check.AgreeAfter("LstmKernel ForwardBatchParallel vs generated Forward", expected, _output,
            () => _kernel.ForwardBatchParallel(_sequences, _output, Batch));

        _ort = new OrtSequence("batch_28x128x28x64.onnx", _tbi, _output, Steps, Batch, Input, Units);
        Check.AgreeAfter("ORT Run batch vs generated", expected, _output, () => _ort.Run(_tbi, _output), Check.LibraryTolerance);
        Check.AgreeAfter("ORT IoBinding batch vs generated", expected, _output, _ort.RunBound, Check.LibraryTolerance);

        if (TorchProbe.Failure is null)
        {
            var torch = new TorchLstm(weights);
            _torch = torch;
            Check.AgreeAfter("TorchSharp batch vs generated", expected, _output, () => torch.Forward(_tbi, _output), Check.LibraryTolerance);
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ort.Dispose();
        _torch?.Dispose();
    }

    private void ForwardEach(ILstmLayer layer, float[] output)
    {
        for (int b = 0; b < Batch; b++)
            layer.Forward(_sequences.AsSpan(b * SeqLength, SeqLength), output.AsSpan(b * Units, Units));
    }

    [Benchmark(Baseline = true, Description = "LstmKernel"), BenchmarkCategory(B64)]
    public void KernelBatch() => _kernel.ForwardBatch(_sequences, _output, Batch);

    [Benchmark(Description = "Generated"), BenchmarkCategory(B64)]
    public void GeneratedBatch() => _generated.ForwardBatch(_sequences, _output, Batch);

    [Benchmark(Description = "LstmKernel Forward loop"), BenchmarkCategory(B64)]
    public void KernelLoop() => ForwardEach(_kernel, _output);

    [Benchmark(Description = "Generated Forward loop"), BenchmarkCategory(B64)]
    public void GeneratedLoop() => ForwardEach(_generated, _output);

    [Benchmark(Description = "LstmKernel parallel"), BenchmarkCategory(B64)]
    public void KernelParallel() => _kernel.ForwardBatchParallel(_sequences, _output, Batch);

    [Benchmark(Description = "Generated parallel"), BenchmarkCategory(B64)]
    public void GeneratedParallel() => _generated.ForwardBatchParallel(_sequences, _output, Batch);

    [Benchmark(Description = "ORT Run"), BenchmarkCategory(B64)]
    public void OrtRunBatch() => _ort.Run(_tbi, _output);

    [Benchmark(Description = "ORT IoBinding"), BenchmarkCategory(B64)]
    public void OrtBindingBatch() => _ort.RunBound();

    [Benchmark(Description = "TorchSharp"), BenchmarkCategory(B64)]
    public void TorchBatch() => _torch!.Forward(_tbi, _output);
}

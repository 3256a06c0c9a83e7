using System;
using BenchmarkDotNet.Attributes;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// One training batch (forward, backward, Adam) of LSTM(28→128)→Dense(10) on 64 samples, per framework and thread count.
/// LstmGen runs the batch as its Trainer does (shards of the default 32 samples on up to Threads threads, Adam; see
/// <see cref="LstmGenTraining"/>); TorchSharp runs with torch.set_num_threads(Threads). The columns add samples/s, GFLOP/s and the share of this machine's measured FMA peak.
/// </summary>
[Config(typeof(TrainingConfig))]
public class TrainingBenchmarks
{
    private LstmGenTraining? _lstmGen;
#if LSTMGEN_TORCH
    private TorchTraining? _torch;
#endif

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup(Target = nameof(LstmGen))]
    public void SetUpLstmGen() => _lstmGen = new LstmGenTraining(Threads);

    [Benchmark(Description = "LstmGen")]
    public float LstmGen() => _lstmGen!.Step();

#if LSTMGEN_TORCH
    [GlobalSetup(Target = nameof(TorchSharp))]
    public void SetUpTorch()
    {
        if (TorchTraining.Failure is { } failure)
            throw new InvalidOperationException(failure);
        _torch = new TorchTraining(Threads);
    }

    [Benchmark(Description = "TorchSharp")]
    public float TorchSharp() => _torch!.Step();

    [GlobalCleanup(Target = nameof(TorchSharp))]
    public void CleanUpTorch() => _torch?.Dispose();
#endif
}

using System;
using System.Threading;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// LstmGen's training step exactly as <see cref="Trainer"/> runs each batch: the batch cut into shards of
/// <see cref="TrainerOptions.ShardSize"/> samples computed on up to <c>threads</c> threads (<see cref="ShardedBatch"/>: forward,
/// BPTT, weight gradients, their sum), then the optimizer's update (<see cref="Adam"/>) and the shards' re-preparation of
/// the changed parameters. <see cref="Trainer.Fit"/> adds only shuffling, batch copies and progress around this.
/// </summary>
public sealed class LstmGenTraining
{
    private readonly ShardedBatch _batch;
    private readonly OptimizerState _adam;
    private readonly ReadOnlyMemory<float>[] _inputs, _targets;
    private int _step;

    public LstmGenTraining(int threads = 1, int shardSize = TrainerOptions.DefaultShardSize)
    {
        _batch = new ShardedBatch(TrainingTask.Architecture, TrainingTask.Batch, shardSize, threads);
        _batch.Layout.SetWeights(TrainingTask.InitialModelWeights());
        _batch.ParametersChanged();
        _adam = new Adam(TrainingTask.LearningRate).CreateState(_batch.Parameters.Length);
        var (inputs, labels) = TrainingTask.Data();
        _inputs = Array.ConvertAll(inputs, x => (ReadOnlyMemory<float>)x);
        _targets = Array.ConvertAll(labels, y => (ReadOnlyMemory<float>)TrainingTask.OneHot(y));
    }

    public string SimdPath => _batch.Layout.Kernels.Path;

    /// <summary>One batch: forward, backward, Adam. Returns the batch's loss.</summary>
    public float Step()
    {
        int n = _step++ % TrainingTask.Batches;
        double loss = _batch.Train(_inputs[n], _targets[n], TrainingTask.Batch, Loss.CrossEntropy, dropoutSeed: 0, countCorrect: false,
            CancellationToken.None, out _);
        _adam.Step(_batch.Parameters, _batch.Gradient, TrainingTask.LearningRate);
        _batch.ParametersChanged();
        return (float)loss;
    }
}

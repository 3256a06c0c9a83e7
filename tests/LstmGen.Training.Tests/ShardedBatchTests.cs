using System.Threading;
using static LstmGen.Training.Tests.TrainerTestData;

namespace LstmGen.Training.Tests;

/// <summary>
/// Batches cut into shards: the weighted sum of the shards' gradients is the whole batch's mean gradient, and a
/// cancellation inside a batch surfaces as <see cref="OperationCanceledException"/> on every path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ShardedBatchTests
{
    private static readonly ModelArchitecture Model = new(2, 4, ModelLayer.Lstm(5, returnSequences: true), ModelLayer.Gru(4), ModelLayer.Dense(3, Activation.Softmax));

    [Theory]
    [InlineData(10, 3, 1)]  // shards 3, 3, 3, 1 on one thread
    [InlineData(10, 3, 2)]  // the same on two
    [InlineData(7, 16, 2)]  // one shard: the batch itself
    public void ShardGradientsSumToTheBatchGradient(int batch, int shardSize, int threads)
    {
        var rng = new Random(batch * shardSize);
        var inputs = GradientCheck.Inputs(Model, batch, rng);
        var targets = GradientCheck.Targets(Model, Loss.CrossEntropy, batch, rng);
        var whole = new GradientWorkspace(Model, batch);
        whole.SetWeights(WeightInitialization.PyTorchDefault(Model, 5));
        float loss = whole.Compute(inputs, targets, batch, Loss.CrossEntropy);

        var sharded = new ShardedBatch(Model, batch, shardSize, threads);
        var parameters = sharded.Parameters;
        whole.Parameters.CopyTo(parameters, 0);
        sharded.ParametersChanged();
        double shardedLoss = sharded.Train(inputs, targets, batch, Loss.CrossEntropy, dropoutSeed: 1, countCorrect: true, CancellationToken.None, out int correct);

        Assert.Equal(loss, shardedLoss, 1e-6 * loss);
        Assert.Equal(whole.CountCorrect(targets, batch), correct);
        double scale = whole.Gradient.Max(Math.Abs);
        for (int k = 0; k < parameters.Length; k++)
            Assert.True(Math.Abs(sharded.Gradient[k] - whole.Gradient[k]) <= 1e-5 * Math.Abs(whole.Gradient[k]) + 1e-6 * scale,
                $"parameter {k}: sharded {sharded.Gradient[k]:R}, whole batch {whole.Gradient[k]:R}");
        if (batch <= shardSize)
            Assert.Equal(whole.Gradient, sharded.Gradient); // one shard, weight 1: exactly the batch's gradient
        Assert.Equal(loss, (float)sharded.Evaluate(inputs, targets, batch, Loss.CrossEntropy, countCorrect: false, CancellationToken.None, out _), 1e-6 * loss);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void CancellationInsideABatchIsAnOperationCanceledException(int threads)
    {
        var rng = new Random(3);
        var inputs = GradientCheck.Inputs(Model, 12, rng);
        var targets = GradientCheck.Targets(Model, Loss.CrossEntropy, 12, rng);
        var sharded = new ShardedBatch(Model, 12, 4, threads);
        WeightInitialization.FillPyTorchDefault(Model, 1, sharded.Parameters);
        var cancelled = new CancellationToken(canceled: true);
        Assert.Throws<OperationCanceledException>(() => sharded.Train(inputs, targets, 12, Loss.CrossEntropy, 1, false, cancelled, out _));
        Assert.Throws<OperationCanceledException>(() => sharded.Evaluate(inputs, targets, 12, Loss.CrossEntropy, false, cancelled, out _));
        var workspace = new GradientWorkspace(Model, 12);
        Assert.Throws<OperationCanceledException>(() => workspace.Compute(inputs, targets, 12, Loss.CrossEntropy, cancellationToken: cancelled));
        // Still usable afterwards.
        Assert.True(double.IsFinite(sharded.Train(inputs, targets, 12, Loss.CrossEntropy, 1, false, CancellationToken.None, out _)));
    }
}

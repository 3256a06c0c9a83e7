using System.Threading;
using static LstmGen.Training.Tests.TrainerTestData;

namespace LstmGen.Training.Tests;

/// <summary>
/// <see cref="Trainer.Fit"/>'s contract: reproducible runs (same seed, same weights; the thread count changes nothing),
/// progress reports, the best weights, early stopping, cancellation and divergence keeping the best weights.
/// </summary>
public sealed class TrainerTests(ITestOutputHelper log)
{
    private static TrainerOptions Options(int seed = 1, int threads = 1) => new()
    {
        Optimizer = new Adam(0.02f), BatchSize = 48, ShardSize = 16, Epochs = 3, Seed = seed, MaxDegreeOfParallelism = threads,
    };

    [Fact]
    public void SameSeedSameWeightsAndThreadCountChangesNothing()
    {
        // Batches of 48 in shards of 16 (the last batch of 200 samples: 8, one shard), dropout active: shuffles, masks
        // and the shard sums must all be independent of the threads.
        var train = SumSign(200, seed: 1);
        var one = new Trainer(Classifier, Options(threads: 1)).Fit(train);
        var again = new Trainer(Classifier, Options(threads: 1)).Fit(train);
        var two = new Trainer(Classifier, Options(threads: 2)).Fit(train);
        var every = new Trainer(Classifier, Options(threads: -1)).Fit(train);
        var otherSeed = new Trainer(Classifier, Options(seed: 2, threads: 1)).Fit(train);
        Assert.Equal(Flat(one.FinalWeights), Flat(again.FinalWeights));
        Assert.Equal(Flat(one.FinalWeights), Flat(two.FinalWeights));
        Assert.Equal(Flat(one.FinalWeights), Flat(every.FinalWeights));
        Assert.Equal(one.History.Select(h => h.Loss), two.History.Select(h => h.Loss));
        Assert.NotEqual(Flat(one.FinalWeights), Flat(otherSeed.FinalWeights));
        log.WriteLine($"epoch losses: {string.Join(", ", one.History.Select(h => h.Loss))}; {Environment.ProcessorCount} cores");
    }

    [Fact]
    public void InitialWeightsAreThePyTorchDefaultOfTheSeedAndGivenWeightsAreCopied()
    {
        var initial = WeightInitialization.PyTorchDefault(Classifier, 7);
        Assert.Equal(Flat(initial), Flat(new Trainer(Classifier, new TrainerOptions { Seed = 7 }).Weights));
        var fineTune = new Trainer(Classifier, initial, Options());
        Assert.Equal(Flat(initial), Flat(fineTune.Weights));
        fineTune.Fit(SumSign(64, seed: 3));
        Assert.NotEqual(Flat(initial), Flat(fineTune.Weights));
        Assert.Equal(Flat(WeightInitialization.PyTorchDefault(Classifier, 7)), Flat(initial)); // the caller's weights are untouched
    }

    [Fact]
    public void ShuffleOffVisitsSamplesInOrder()
    {
        // Without shuffling and with one batch per epoch, the order cannot matter: two runs, one with the data reversed, agree.
        var data = SumSign(32, seed: 4);
        var reversed = new Dataset(Enumerable.Range(0, 32).Reverse().SelectMany(k => data.Input(k).ToArray()).ToArray(),
            Enumerable.Range(0, 32).Reverse().SelectMany(k => data.Target(k).ToArray()).ToArray(), 32);
        var options = new TrainerOptions { Loss = Loss.CrossEntropy, Optimizer = new Sgd(0.1f), BatchSize = 32, ShardSize = 32, Epochs = 2, Shuffle = false };
        var architecture = new ModelArchitecture(1, Steps, ModelLayer.Lstm(4), ModelLayer.Dense(2, Activation.Softmax));
        var a = new Trainer(architecture, options).Fit(data).FinalWeights;
        var b = new Trainer(architecture, options).Fit(reversed).FinalWeights;
        Assert.Equal(Flat(a), Flat(b), (x, y) => Math.Abs(x - y) <= 1e-6f);
    }

    [Fact]
    public void ProgressReportsEveryBatchWithTheEpochsFigures()
    {
        var train = SumSign(100, seed: 5); // batches of 32: 32, 32, 32, 4
        var validation = SumSign(40, seed: 6);
        var schedule = LearningRateSchedule.Step(1, 0.5f);
        var recorder = new Recorder();
        var trainer = new Trainer(Classifier, new TrainerOptions { Optimizer = new Adam(0.01f), BatchSize = 32, Epochs = 2, Schedule = schedule, Seed = 3 });
        var result = trainer.Fit(train, validation, recorder);

        Assert.Equal(8, recorder.Reports.Count);
        for (int k = 0; k < 8; k++)
        {
            var p = recorder.Reports[k];
            Assert.Equal((k / 4 + 1, 2, k % 4 + 1, 4), (p.Epoch, p.Epochs, p.Batch, p.Batches));
            Assert.InRange(p.Loss, 0.01f, 5f);
            Assert.InRange(p.Accuracy!.Value, 0f, 1f);
            Assert.True(p.SamplesPerSecond > 0 && p.Elapsed > TimeSpan.Zero && p.GradientNorm > 0);
            Assert.Equal(schedule.LearningRate(0.01f, p.Epoch - 1, 2), p.LearningRate);
            Assert.Equal(p.Batch == 4, p.ValidationLoss.HasValue);
            Assert.Equal(p.Batch == 4, p.ValidationAccuracy.HasValue);
            if (k > 0)
                Assert.True(p.Elapsed >= recorder.Reports[k - 1].Elapsed);
        }
        for (int e = 0; e < 2; e++)
        {
            var last = recorder.Reports[4 * e + 3];
            var summary = result.History[e];
            Assert.Equal((e + 1, last.Loss, last.Accuracy, last.ValidationLoss, last.ValidationAccuracy, last.LearningRate),
                (summary.Epoch, summary.Loss, summary.Accuracy, summary.ValidationLoss, summary.ValidationAccuracy, summary.LearningRate));
        }
        // The accuracy counts whole samples: over the first epoch's 100 samples it is a multiple of 1/100.
        Assert.Equal(Math.Round(result.History[0].Accuracy!.Value * 100), result.History[0].Accuracy!.Value * 100, 3);
        Assert.Equal(StopReason.Completed, result.StopReason);
    }

    [Fact]
    public void ProgressIntervalThrottlesButKeepsEachEpochsLastBatch()
    {
        var recorder = new Recorder();
        new Trainer(Regressor, new TrainerOptions { Loss = Loss.MeanSquaredError, BatchSize = 8, Epochs = 2, ProgressInterval = TimeSpan.FromHours(1) })
            .Fit(TinyTasks.MeanRegression(64, Steps, seed: 7), progress: recorder);
        Assert.Equal(new[] { (1, 1), (1, 8), (2, 8) }, recorder.Reports.Select(p => (p.Epoch, p.Batch)));
        Assert.All(recorder.Reports, p => Assert.Null(p.Accuracy));
    }

    [Fact]
    public void BestWeightsAreThoseOfTheLowestValidationLossAndEarlyStoppingUsesThem()
    {
        var train = SumSign(256, seed: 8);
        var validation = Flipped(SumSign(128, seed: 9)); // worse the better the model learns
        var options = new TrainerOptions { Optimizer = new Adam(0.02f), BatchSize = 32, Epochs = 30, EarlyStoppingPatience = 2, Seed = 4 };
        var trainer = new Trainer(Classifier, options);
        var result = trainer.Fit(train, validation);

        Assert.Equal(StopReason.EarlyStopped, result.StopReason);
        Assert.Equal(result.BestEpoch + 2, result.History.Count);
        Assert.Equal(result.History.Min(h => h.ValidationLoss!.Value), result.BestLoss);
        Assert.Equal(result.History[result.BestEpoch - 1].ValidationLoss, result.BestLoss);
        Assert.Equal(Flat(result.BestWeights), Flat(trainer.BestWeights!));
        Assert.Equal(Flat(result.FinalWeights), Flat(trainer.Weights));
        Assert.NotEqual(Flat(result.BestWeights), Flat(result.FinalWeights));
        Assert.Equal(result.BestLoss, new Trainer(Classifier, result.BestWeights, options).Evaluate(validation).Loss);
        log.WriteLine($"stopped after {result.History.Count} epochs, best {result.BestEpoch}: {string.Join(", ", result.History.Select(h => h.ValidationLoss))}");
    }

    [Fact]
    public void WithoutValidationTheTrainingLossPicksTheBest()
    {
        var result = new Trainer(Regressor, new TrainerOptions { Loss = Loss.MeanSquaredError, Optimizer = new Adam(0.01f), BatchSize = 16, Epochs = 4 })
            .Fit(TinyTasks.MeanRegression(64, Steps, seed: 10));
        Assert.All(result.History, h => Assert.Null(h.ValidationLoss));
        Assert.Equal(result.History.Min(h => h.Loss), result.BestLoss);
        Assert.Equal(result.History[result.BestEpoch - 1].Loss, result.BestLoss);
    }

    [Fact]
    public void CancellingBeforeFitChangesNothing()
    {
        var trainer = new Trainer(Classifier, Options());
        var before = Flat(trainer.Weights);
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(SumSign(64, seed: 11), cancellationToken: new CancellationToken(canceled: true)));
        Assert.Equal(before, Flat(trainer.Weights));
        Assert.Null(trainer.BestWeights);
    }

    [Fact]
    public void CancellingKeepsTheBestWeightsAndTheLastFinishedBatch()
    {
        using var cancel = new CancellationTokenSource();
        float[]? afterFirstEpoch = null, atCancel = null;
        Trainer trainer = null!;
        var recorder = new Recorder(p =>
        {
            if (p.Epoch == 1 && p.Batch == p.Batches)
                afterFirstEpoch = Flat(trainer.Weights);
            if (p.Epoch == 2 && p.Batch == 2)
            {
                atCancel = Flat(trainer.Weights);
                cancel.Cancel();
            }
        });
        trainer = new Trainer(Classifier, Options());
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Fit(SumSign(200, seed: 12), progress: recorder, cancellationToken: cancel.Token));
        Assert.Equal((2, 2), (recorder.Reports[^1].Epoch, recorder.Reports[^1].Batch));
        Assert.Equal(afterFirstEpoch, Flat(trainer.BestWeights!));
        Assert.Equal(atCancel, Flat(trainer.Weights));
    }

    [Fact]
    public void DivergenceRollsBackToTheBestWeightsAndSaysWhere()
    {
        var trainer = new Trainer(Regressor, new TrainerOptions
        {
            Loss = Loss.MeanSquaredError, Optimizer = new Sgd(0.05f), BatchSize = 16, Epochs = 5, Schedule = new JumpSchedule(3, 1e38f),
        });
        var recorder = new Recorder();
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(TinyTasks.MeanRegression(64, Steps, seed: 13), progress: recorder));
        log.WriteLine(e.Message);
        Assert.Equal(3, e.Epoch);
        Assert.InRange(e.Batch, 1, 4);
        Assert.Contains($"epoch 3, batch {e.Batch} of 4", e.Message);
        Assert.NotNull(e.BestWeights);
        Assert.Equal(Flat(e.BestWeights!), Flat(trainer.BestWeights!));
        Assert.Equal(Flat(e.BestWeights!), Flat(trainer.Weights));
        Assert.All(Flat(trainer.Weights), v => Assert.True(float.IsFinite(v)));
        Assert.DoesNotContain(recorder.Reports, p => p.Epoch == 3 && p.Batch >= e.Batch);
    }

    [Fact]
    public void DivergenceInTheFirstEpochRestoresTheStartingWeights()
    {
        var trainer = new Trainer(Regressor, new TrainerOptions
        {
            Loss = Loss.MeanSquaredError, Optimizer = new Sgd(0.05f), BatchSize = 16, Epochs = 2, Schedule = new JumpSchedule(1, 1e38f),
        });
        var before = Flat(trainer.Weights);
        var e = Assert.Throws<TrainingDivergedException>(() => trainer.Fit(TinyTasks.MeanRegression(64, Steps, seed: 14)));
        Assert.Equal(1, e.Epoch);
        Assert.Null(e.BestWeights);
        Assert.Null(trainer.BestWeights);
        Assert.Equal(before, Flat(trainer.Weights));
        Assert.Contains("started from", e.Message);
        // The trainer stays usable: a sane run from the restored weights trains.
        var sane = new Trainer(Regressor, trainer.Weights, new TrainerOptions { Loss = Loss.MeanSquaredError, Optimizer = new Sgd(0.05f), BatchSize = 16, Epochs = 1 });
        Assert.True(float.IsFinite(sane.Fit(TinyTasks.MeanRegression(64, Steps, seed: 14)).BestLoss));
    }

    [Fact]
    public void FitAgainContinuesFromTheCurrentWeights()
    {
        var data = SumSign(96, seed: 15);
        var trainer = new Trainer(Classifier, Options());
        var first = trainer.Fit(data);
        Assert.Equal(Flat(first.FinalWeights), Flat(trainer.Weights));
        var second = trainer.Fit(data);
        Assert.NotEqual(Flat(first.FinalWeights), Flat(second.FinalWeights));
        Assert.True(second.History[^1].Loss < first.History[0].Loss);
    }
}

using System.Diagnostics;
using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>
/// Tiny tasks trained end to end to a stated quality on held-out data, in seconds: the sign of a sequence's sum (LSTM),
/// whether the first value exceeds the last (GRU, which must carry the first value through the sequence), and the mean
/// of a sequence by regression (MSE). Each logs its time and result.
/// </summary>
public sealed class TinyTaskTests(ITestOutputHelper log)
{
    private const int Steps = 6;

    [Fact]
    public void LstmLearnsTheSignOfASum() => Classify(ModelLayer.Lstm(8), TinyTasks.SumIsPositive, seed: 1);

    [Fact]
    public void GruRemembersTheFirstValue() => Classify(ModelLayer.Gru(8), TinyTasks.FirstExceedsLast, seed: 3);

    private void Classify(ModelLayer recurrent, Func<float[], bool> rule, int seed)
    {
        var (train, validation, test) = Split(TinyTasks.Classification(1536, Steps, seed, rule));
        var architecture = new ModelArchitecture(1, Steps, recurrent, Dense(2, Activation.Softmax));
        var evaluation = Train(architecture, train, validation, test, new TrainerOptions { Optimizer = new Adam(0.02f), BatchSize = 32, Epochs = 12, Seed = seed });
        Assert.True(evaluation.Accuracy >= 0.95f, $"held-out accuracy {evaluation.Accuracy}, expected ≥ 0.95");
    }

    [Fact]
    public void LstmRegressesTheMean()
    {
        // The mean of 6 values uniform in ±1 has variance 1/18 ≈ 0.056; predicting 0 scores that.
        var (train, validation, test) = Split(TinyTasks.MeanRegression(1536, Steps, seed: 5));
        var architecture = new ModelArchitecture(1, Steps, Lstm(8), Dense(1));
        var evaluation = Train(architecture, train, validation, test, new TrainerOptions
        {
            Loss = Loss.MeanSquaredError, Optimizer = new Adam(0.01f), BatchSize = 32, Epochs = 12, Seed = 3,
            Schedule = LearningRateSchedule.Cosine(), ClipGradientNorm = 1f,
        });
        Assert.Null(evaluation.Accuracy);
        Assert.True(evaluation.Loss <= 0.0028f, $"held-out MSE {evaluation.Loss}, expected ≤ 0.0028 (5 % of the variance)");
    }

    /// <summary>1024 training samples, 256 for validation (choosing the best epoch), 256 held out for the verdict.</summary>
    private static (Dataset Train, Dataset Validation, Dataset Test) Split(Dataset all)
    {
        var (train, rest) = all.Split(1024);
        var (validation, test) = rest.Split(256);
        return (train, validation, test);
    }

    private Evaluation Train(ModelArchitecture architecture, Dataset train, Dataset validation, Dataset test, TrainerOptions options)
    {
        var clock = Stopwatch.StartNew();
        var trainer = new Trainer(architecture, options);
        var before = trainer.Evaluate(test);
        var result = trainer.Fit(train, validation);
        var best = new Trainer(architecture, result.BestWeights, options);
        Assert.Equal(result.BestLoss, best.Evaluate(validation).Loss);
        var evaluation = best.Evaluate(test);
        log.WriteLine($"{architecture}: held-out {before} before, {evaluation} after {result.History.Count} epochs (best {result.BestEpoch}), " +
            $"{clock.Elapsed.TotalSeconds:F2} s");
        return evaluation;
    }
}

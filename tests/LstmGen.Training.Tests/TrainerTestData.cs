using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>Shared small models, datasets and comparisons for the trainer's tests.</summary>
public static class TrainerTestData
{
    public const int Steps = 5;

    /// <summary>LSTM → Dropout → Dense softmax: a classifier with an active dropout layer.</summary>
    public static ModelArchitecture Classifier { get; } = new(1, Steps, Lstm(6), Dropout(0.25), Dense(2, Activation.Softmax));

    /// <summary>LSTM → Dense(1): a regression model.</summary>
    public static ModelArchitecture Regressor { get; } = new(1, Steps, Lstm(6), Dense(1));

    public static Dataset SumSign(int count, int seed) => TinyTasks.Classification(count, Steps, seed, TinyTasks.SumIsPositive);

    /// <summary>The same samples with the other label: a validation set whose loss rises as training succeeds.</summary>
    public static Dataset Flipped(Dataset data)
    {
        var targets = data.Targets.ToArray();
        for (int k = 0; k < targets.Length; k++)
            targets[k] = 1 - targets[k];
        return new Dataset(data.Inputs, targets, data.Count);
    }

    /// <summary>Every weight of every layer, in order, as one vector (for bit-identity checks).</summary>
    public static float[] Flat(ModelWeights weights) => ReferenceNetwork.Flatten(weights).SelectMany(t => t.Values).ToArray();

    /// <summary>An IProgress that records every report synchronously on the training thread, and may act on it.</summary>
    public sealed class Recorder(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
    {
        public List<TrainingProgress> Reports { get; } = [];

        public void Report(TrainingProgress value)
        {
            Reports.Add(value);
            onReport?.Invoke(value);
        }
    }

    /// <summary>The optimizer's learning rate, then <see cref="Rate"/> from a 1-based epoch on: a way to make training diverge there.</summary>
    public sealed class JumpSchedule(int fromEpoch, float rate) : LearningRateSchedule
    {
        public float Rate => rate;

        public override float LearningRate(float initial, int epoch, int epochs) => epoch + 1 >= fromEpoch ? rate : initial;
    }
}

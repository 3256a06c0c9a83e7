using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LstmGen;
using LstmGen.Samples;
using LstmGen.Training;
using Spectre.Console;

namespace FashionMnistSample;

/// <summary>The data both commands train on: training and validation sets cut from the training images, and the test set.</summary>
internal sealed record ExperimentData(string Directory, Dataset Train, Dataset Validation, LabeledImages Test)
{
    /// <summary>
    /// Loads the training images (the first <c>--limit</c>), shuffles them with the seed and holds out the validation set;
    /// loads every test image.
    /// </summary>
    /// <exception cref="FileNotFoundException">The data set is not in the data folder.</exception>
    public static ExperimentData Load(Options options)
    {
        var train = FashionMnist.Load(options.DataDirectory, FashionMnistSplit.Train, options.Limit);
        var test = FashionMnist.Load(options.DataDirectory, FashionMnistSplit.Test);
        int validation = options.Validation ?? Math.Max(1, train.Count / 12);
        if (validation >= train.Count)
            throw new ArgumentException($"--validation: expected fewer than the {train.Count} training images, got {validation}.");
        var all = Dataset.FromLabels(train.Pixels, train.Labels, FashionMnist.Classes).Shuffle(options.Seed);
        var (fit, held) = all.Split(train.Count - validation);
        return new ExperimentData(options.DataDirectory, fit, held, test);
    }
}

/// <summary>
/// What one training run of a classifier gave: the kept weights (the epoch of best validation accuracy), the generated
/// model holding them, and its test accuracy.
/// </summary>
internal sealed record RunOutcome(int Units, TrainingResult Result, ModelWeights Weights, int KeptEpoch, ILstmModel Model, double TestAccuracy)
{
    /// <summary>The generated model's time per image, once measured (see <see cref="Experiment.MeasureLatency"/>).</summary>
    public double MicrosecondsPerImage { get; set; }

    /// <summary>The kept epoch's summary (epochs count from 1).</summary>
    public EpochSummary Best => Result.History[KeptEpoch - 1];
}

/// <summary>One training run: the trainer with the sample's settings, a progress bar per epoch, then the generated model on the test set.</summary>
internal static class Experiment
{
    public static TrainerOptions TrainerOptions(Options options, int epochs) => new()
    {
        Loss = Loss.CrossEntropy,
        Optimizer = new Adam(learningRate: options.LearningRate),
        Schedule = LearningRateSchedule.Cosine(),
        BatchSize = options.BatchSize,
        Epochs = epochs,
        ClipGradientNorm = 1f,
        Seed = options.Seed,
        ProgressInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>
    /// Trains the classifier with <paramref name="units"/> units, then loads the best weights into the generated class and
    /// measures its test accuracy and its latency per image.
    /// </summary>
    public static RunOutcome Run(ExperimentData data, Options options, int units, int epochs)
    {
        var trainer = new Trainer(Classifiers.Architecture(units, options.Dropout), TrainerOptions(options, epochs));
        TrainingResult result = null!;
        KeepBestAccuracy keeper = null!;
        if (AnsiConsole.Profile.Capabilities.Interactive)
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context => result = trainer.Fit(data.Train, data.Validation, keeper = new KeepBestAccuracy(trainer, new EpochBars(context, units))));
        else // a log (CI, a pipe): one line per epoch instead of bars redrawn
            result = trainer.Fit(data.Train, data.Validation, keeper = new KeepBestAccuracy(trainer, new EpochLines(units)));

        var model = Classifiers.Create(units);
        model.LoadWeights(keeper.Weights!);
        return new RunOutcome(units, result, keeper.Weights!, keeper.Epoch, model, data.Test.Accuracy(model));
    }

    /// <summary>
    /// Times one generated <c>Predict</c> (LSTM, Dense and softmax) of every run's model on one test image, all in one
    /// measurement so that rounds alternate between them and the machine's load hits all alike.
    /// </summary>
    public static void MeasureLatency(IReadOnlyList<RunOutcome> runs, LabeledImages test)
    {
        var image = test.Image(0).ToArray();
        var scores = new float[FashionMnist.Classes];
        var microseconds = Latency.Measure(rounds: 5, runs.Select(r => (Action)(() => r.Model.Predict(image, scores))).ToArray());
        for (int k = 0; k < runs.Count; k++)
            runs[k].MicrosecondsPerImage = microseconds[k];
    }

    /// <summary>
    /// Keeps a copy of the weights at the end of the epoch with the highest validation accuracy, the figure this sample is
    /// judged by (the trainer's own <see cref="TrainingResult.BestWeights"/> follow the validation loss, which on this task
    /// turns up a few epochs before the accuracy stops climbing), then passes the report on to the display.
    /// </summary>
    private sealed class KeepBestAccuracy(Trainer trainer, IProgress<TrainingProgress> display) : IProgress<TrainingProgress>
    {
        private float _accuracy = float.NegativeInfinity;

        public ModelWeights? Weights { get; private set; }
        public int Epoch { get; private set; }

        public void Report(TrainingProgress p)
        {
            // The epoch's last report comes after its last step and its validation: Weights are the epoch's weights.
            if (p.ValidationAccuracy is { } accuracy && accuracy > _accuracy)
                (_accuracy, Epoch, Weights) = (accuracy, p.Epoch, trainer.Weights);
            display.Report(p);
        }
    }

    /// <summary>
    /// One Spectre progress bar per epoch (loss, accuracy and images per second so far, elapsed and remaining time), plus
    /// one for the whole run; an epoch's bar gains the validation figures when the epoch ends.
    /// </summary>
    private sealed class EpochBars(ProgressContext context, int units) : IProgress<TrainingProgress>
    {
        private ProgressTask? _all, _epoch;
        private int _epochNumber = int.MinValue;

        public void Report(TrainingProgress p)
        {
            _all ??= context.AddTask($"[bold]LSTM({units}), {p.Epochs} epochs[/]", maxValue: (double)p.Epochs * p.Batches);
            if (p.Epoch != _epochNumber)
            {
                _epoch?.StopTask();
                _epoch = context.AddTask($"epoch {p.Epoch,2}/{p.Epochs}", maxValue: p.Batches);
                _epochNumber = p.Epoch;
            }
            _epoch!.Value = p.Batch;
            _all.Value = (double)(p.Epoch - 1) * p.Batches + p.Batch;
            string line = $"epoch {p.Epoch,2}/{p.Epochs}  loss {p.Loss:0.0000}  acc {Percent(p.Accuracy)}  {p.SamplesPerSecond,6:N0} img/s";
            if (p.ValidationLoss is { } validationLoss)
            {
                line += $"  [green]val loss {validationLoss:0.0000}  val acc {Percent(p.ValidationAccuracy)}[/]";
                _epoch.Value = p.Batches;
                _epoch.StopTask();
            }
            _epoch.Description = line;
        }
    }

    /// <summary>One line per finished epoch, for output that is not a terminal.</summary>
    private sealed class EpochLines(int units) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (p.Batch == p.Batches)
                Console.WriteLine($"LSTM({units}) epoch {p.Epoch,2}/{p.Epochs}  loss {p.Loss:0.0000}  acc {Percent(p.Accuracy)}  " +
                    $"val loss {p.ValidationLoss:0.0000}  val acc {Percent(p.ValidationAccuracy)}  {p.SamplesPerSecond:N0} img/s  " +
                    $"{p.Elapsed:hh\\:mm\\:ss}");
        }
    }

    public static string Percent(double? share) => share is { } s ? $"{100 * s:0.00}%" : "–";
}

using System;
using System.IO;
using LstmGen.Samples;
using Spectre.Console;

namespace FashionMnistSample;

/// <summary>
/// <c>train</c>: trains LSTM(Units) + Dense(10, softmax) on the training images, keeps the weights of the epoch with the
/// best validation accuracy, measures them with the generated classifier on every test image, and saves them with PyTorch's
/// names (<c>lstm.*</c>, <c>fc.*</c>) and a PNG of the curves.
/// </summary>
internal static class TrainCommand
{
    public static int Run(Options options)
    {
        int units = options.Units, epochs = options.Epochs ?? 30;
        string weightsPath = options.Out ?? $"fashion-lstm{units}.safetensors";
        string chartPath = Path.ChangeExtension(weightsPath, ".png");

        var data = ExperimentData.Load(options);
        AnsiConsole.MarkupLine($"[bold]Fashion-MNIST[/] from {Markup.Escape(data.Directory)}: {data.Train.Count:N0} training, " +
            $"{data.Validation.Count:N0} validation, {data.Test.Count:N0} test images, pixels / 255");
        AnsiConsole.MarkupLine($"[bold]Model[/]: [[LstmModel(Input = 28, Steps = 28)]] [[Lstm(Units = {units})]] [[Dense(Units = 10, Activation = Softmax)]], " +
            $"{Classifiers.KerasLstmParameters(units) + Classifiers.DenseParameters(units):N0} parameters");
        AnsiConsole.MarkupLine($"[bold]Training[/]: Adam, learning rate {options.LearningRate:G3} with a cosine schedule, batch {options.BatchSize}, " +
            $"gradient norm clipped to 1, dropout {options.Dropout} on h, {epochs} epoch{(epochs == 1 ? "" : "s")}, seed {options.Seed}, {Environment.ProcessorCount} cores");

        var run = Experiment.Run(data, options, units, epochs);
        Experiment.MeasureLatency([run], data.Test);
        var result = run.Result;

        var table = new Table().Title("Epochs").AddColumns("epoch", "learning rate", "loss", "accuracy", "val loss", "val accuracy", "time");
        foreach (var e in result.History)
        {
            string mark = e.Epoch == run.KeptEpoch ? " [green]◀ kept[/]" : "";
            table.AddRow($"{e.Epoch}", $"{e.LearningRate:0.00000}", $"{e.Loss:0.0000}", Experiment.Percent(e.Accuracy),
                $"{e.ValidationLoss:0.0000}", Experiment.Percent(e.ValidationAccuracy) + mark, $"{e.Elapsed:mm\\:ss}");
        }
        AnsiConsole.Write(table);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(weightsPath))!);
        run.Weights.SaveSafetensors(weightsPath, "lstm", "fc");
        Charts.SaveCurves(chartPath, result.History, run.KeptEpoch, $"Fashion-MNIST, LSTM({units}) + Dense(10)");

        var summary = new Table().HideHeaders().AddColumns("", "").Title("Result");
        summary.AddRow("test accuracy (generated model, all test images)", $"[bold]{Experiment.Percent(run.TestAccuracy)}[/] of {data.Test.Count:N0}");
        summary.AddRow("validation accuracy (kept epoch)", $"{Experiment.Percent(run.Best.ValidationAccuracy)} (epoch {run.KeptEpoch} of {result.History.Count}; lowest validation loss: epoch {result.BestEpoch})");
        summary.AddRow("training time", $"{result.Elapsed:hh\\:mm\\:ss} ({result.Elapsed.TotalSeconds / result.History.Count:0} s per epoch)");
        summary.AddRow("generated Predict, per image", $"{run.MicrosecondsPerImage:0.0} µs (Stopwatch, one thread)");
        summary.AddRow("weights", Markup.Escape(weightsPath));
        summary.AddRow("curves", Markup.Escape(chartPath));
        AnsiConsole.Write(summary);
        return 0;
    }
}

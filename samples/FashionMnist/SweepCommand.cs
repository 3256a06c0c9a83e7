using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using Spectre.Console;

namespace FashionMnistSample;

/// <summary>
/// <c>sweep</c>: the same classifier, data, epochs and seed for every Units value; the table, the choice on the validation
/// split, and sweep.md and sweep.png.
/// </summary>
internal static class SweepCommand
{
    /// <summary>A Units value counts as good as the best if its validation accuracy is within this many percentage points.</summary>
    private const double Tolerance = 0.5;

    public static int Run(Options options, string[] args)
    {
        int epochs = options.Epochs ?? 3;
        string folder = options.Out ?? ".";
        var data = ExperimentData.Load(options);
        AnsiConsole.MarkupLine($"[bold]Sweep[/]: Units ∈ {{{string.Join(", ", Classifiers.Units)}}}, {epochs} epochs each, seed {options.Seed}, dropout {options.Dropout}, " +
            $"{data.Train.Count:N0} training, {data.Validation.Count:N0} validation, {data.Test.Count:N0} test images");

        var runs = new List<RunOutcome>();
        foreach (int units in Classifiers.Units)
            runs.Add(Experiment.Run(data, options, units, epochs));
        Experiment.MeasureLatency(runs, data.Test);

        var best = runs.MaxBy(r => r.Best.ValidationAccuracy)!;
        var smallest = runs.First(r => 100 * (best.Best.ValidationAccuracy - r.Best.ValidationAccuracy) <= Tolerance);
        var rows = runs.Select(Row).ToList();

        var table = new Table().Title($"Units sweep, {epochs} epochs each");
        foreach (var header in Headers)
            table.AddColumn(new TableColumn(header).RightAligned());
        foreach (var row in rows)
            table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        string choice = $"Chosen on the validation split: Units = {best.Units} ({Experiment.Percent(best.Best.ValidationAccuracy)}); " +
            $"the smallest within {Tolerance} percentage points of it: Units = {smallest.Units}.";
        AnsiConsole.WriteLine(choice);

        Directory.CreateDirectory(folder);
        string markdown = Path.Combine(folder, "sweep.md"), chart = Path.Combine(folder, "sweep.png");
        File.WriteAllText(markdown, Markdown(options, args, epochs, data, rows, choice));
        Charts.SaveSweep(chart, runs, epochs);
        AnsiConsole.WriteLine($"Wrote {markdown} and {chart}.");
        return 0;
    }

    private static readonly string[] Headers =
        ["Units", "LSTM parameters (Keras)", "LSTM parameters (PyTorch)", "Dense parameters", "validation accuracy", "test accuracy",
         "training time", "Predict per image"];

    private static string[] Row(RunOutcome r) =>
    [
        r.Units.ToString(CultureInfo.InvariantCulture),
        $"{Classifiers.KerasLstmParameters(r.Units):N0}",
        $"{Classifiers.PyTorchLstmParameters(r.Units):N0}",
        $"{Classifiers.DenseParameters(r.Units):N0}",
        Experiment.Percent(r.Best.ValidationAccuracy),
        Experiment.Percent(r.TestAccuracy),
        $"{r.Result.Elapsed:h\\:mm\\:ss}",
        $"{r.MicrosecondsPerImage:0.0} µs",
    ];

    private static string Markdown(Options options, string[] args, int epochs, ExperimentData data, List<string[]> rows, string choice)
    {
        var md = new StringBuilder();
        md.AppendLine("# Fashion-MNIST: accuracy, size and speed against Units").AppendLine();
        md.AppendLine($"LSTM(Units) over 28 steps of 28 pixels, then Dense(10, softmax); {data.Train.Count:N0} training, " +
            $"{data.Validation.Count:N0} validation and {data.Test.Count:N0} test images; Adam ({options.LearningRate:G3}, cosine schedule), " +
            $"batch {options.BatchSize}, gradient norm clipped to 1, dropout {options.Dropout} on h in training, {epochs} epochs and seed {options.Seed} " +
            "for every Units value. " +
            "Accuracy is that of the epoch with the best validation accuracy, run by the generated class; latency is one generated " +
            "`Predict` (LSTM, Dense and softmax) on one thread, a Stopwatch figure (fastest of 5 rounds alternating between the six " +
            "models after all the training), not a BenchmarkDotNet one.")
            .AppendLine();
        md.AppendLine("| " + string.Join(" | ", Headers) + " |");
        md.AppendLine("|" + string.Concat(Headers.Select(_ => "---:|")));
        foreach (var row in rows)
            md.AppendLine("| " + string.Join(" | ", row) + " |");
        md.AppendLine().AppendLine(choice).AppendLine();
        md.AppendLine("![accuracy and latency against Units](sweep.png)").AppendLine();
        md.AppendLine($"Command: `dotnet run -c Release --project samples/FashionMnist -- {string.Join(' ', args)}`  ");
        md.AppendLine($"Machine: {CpuModel()}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, " +
            $".NET {Environment.Version}  ");
        md.AppendLine($"Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC (finished)");
        return md.ToString();
    }

    /// <summary>The processor's model name as lscpu (and /proc/cpuinfo) give it.</summary>
    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (line is not null)
                return line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}

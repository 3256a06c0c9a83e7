using System;
using System.Globalization;
using System.Linq;
using LstmGen.Samples;

namespace FashionMnistSample;

/// <summary>The command line: a command (train, sweep) and its options.</summary>
internal sealed class Options
{
    public const string Usage = """
        Usage (from the repository root):
          dotnet run -c Release --project samples/FashionMnist -- train [options]
          dotnet run -c Release --project samples/FashionMnist -- sweep [options]

        train   trains the LSTM classifier, reports test accuracy with the generated model, saves the best weights
                (by validation accuracy) and a PNG of the training and validation curves.
        sweep   trains it for every Units value (8, 16, 32, 64, 128, 256) with the same epochs and seed, and writes
                sweep.md and sweep.png: parameters, accuracy, training time and latency against Units.

        Options:
          --data DIR        the Fashion-MNIST IDX files (default: /usr/share/datasets/fashion-mnist, from the Debian
                            package dataset-fashion-mnist; samples/Shared/fashion-mnist-slice holds a 1,000-image slice)
          --epochs N        epochs (train: 30, sweep: 3)
          --limit N         use only the first N training images (default: all)
          --validation N    training images held out for validation (default: a twelfth, 5,000 of 60,000)
          --units U         LSTM units, train only: 8, 16, 32, 64, 128 or 256 (default 128)
          --dropout R       dropout rate on the LSTM's last h, in training only (default 0.25; 0: none)
          --batch N         batch size (default 64)
          --lr X            Adam's learning rate, annealed to 0 by a cosine schedule (default 0.002)
          --seed N          initialisation, shuffling and the validation split (default 1)
          --out PATH        train: the weights file (default fashion-lstm<U>.safetensors; the curves go beside it as .png)
                            sweep: the folder for sweep.md and sweep.png (default: the current folder)
        """;

    public required string Command { get; init; }
    public string DataDirectory { get; private set; } = FashionMnist.DebianDirectory;
    public bool DataDirectoryGiven { get; private set; }
    public int? Epochs { get; private set; }
    public int? Limit { get; private set; }
    public int? Validation { get; private set; }
    public int Units { get; private set; } = 128;
    public int BatchSize { get; private set; } = 64;
    public double Dropout { get; private set; } = 0.25;
    public float LearningRate { get; private set; } = 2e-3f;
    public int Seed { get; private set; } = 1;
    public string? Out { get; private set; }

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown command or option, or a value that is missing or not a number.</exception>
    public static Options Parse(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("train" or "sweep"))
            throw new ArgumentException(args.Length == 0 ? "expected a command, train or sweep." : $"unknown command '{args[0]}': expected train or sweep.");
        var options = new Options { Command = args[0] };
        for (int k = 1; k < args.Length; k++)
        {
            string name = args[k];
            string Value() => k + 1 < args.Length ? args[++k] : throw new ArgumentException($"{name}: expected a value after it.");
            switch (name)
            {
                case "--data": options.DataDirectory = Value(); options.DataDirectoryGiven = true; break;
                case "--epochs": options.Epochs = Positive(name, Value()); break;
                case "--limit": options.Limit = Positive(name, Value()); break;
                case "--validation": options.Validation = Positive(name, Value()); break;
                case "--units": options.Units = Positive(name, Value()); break;
                case "--dropout": options.Dropout = Rate(name, Value()); break;
                case "--batch": options.BatchSize = Positive(name, Value()); break;
                case "--lr": options.LearningRate = PositiveFloat(name, Value()); break;
                case "--seed": options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--out": options.Out = Value(); break;
                default: throw new ArgumentException($"unknown option '{name}'.");
            }
        }
        if (options.Command == "train" && !Classifiers.Units.Contains(options.Units))
            throw new ArgumentException($"--units: expected one of {string.Join(", ", Classifiers.Units)} (the generated classifiers), got {options.Units}.");
        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"{name}: expected a positive whole number, got '{value}'.");

    private static double Rate(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) && x >= 0 && x < 1
            ? x : throw new ArgumentException($"{name}: expected a rate from 0 up to (not including) 1, got '{value}'.");

    private static float PositiveFloat(string name, string value) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float x) && x > 0 && float.IsFinite(x)
            ? x : throw new ArgumentException($"{name}: expected a positive number, got '{value}'.");
}

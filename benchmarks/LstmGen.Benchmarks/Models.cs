using System;
using System.IO;

namespace LstmGen.Benchmarks;

/// <summary>
/// The committed model files of benchmarks/models (made by make_models.py): PyTorch weights as .npz and
/// the same nn.LSTM exported to ONNX, so every contender runs exactly the same weights.
/// </summary>
internal static class Models
{
    /// <summary>The folder holding the models: models/ next to the executable (copied by the build), else found upwards.</summary>
    public static string Directory { get; } = Find();

    /// <summary>The weights of lstm_{input}x{units}.npz, PyTorch's state_dict as saved by make_models.py.</summary>
    public static LstmWeights Weights(int input, int units) => LstmWeights.LoadNpz(PathOf($"lstm_{input}x{units}.npz"));

    /// <summary>The full path of a model file; throws with the folder searched if it is missing.</summary>
    public static string PathOf(string file)
    {
        string path = Path.Combine(Directory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{file} is not in {Directory}; run benchmarks/models/make_models.py.", path);
        return path;
    }

    private static string Find()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "models");
        if (File.Exists(Path.Combine(copied, "lstm_28x128.npz")))
            return copied;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "benchmarks", "models");
            if (File.Exists(Path.Combine(candidate, "lstm_28x128.npz")))
                return candidate;
        }
        throw new DirectoryNotFoundException($"benchmarks/models not found next to or above {AppContext.BaseDirectory}.");
    }
}

using System;
using System.ComponentModel;
using System.Linq;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary>What every command takes: the model file, and optionally the layer order.</summary>
internal class ModelSettings : CommandSettings
{
    [CommandArgument(0, "<file>")]
    [Description("The model file: .safetensors or .npz (PyTorch state_dict), .onnx, RTNeural .json, Keras .h5 / .weights.h5 / .keras.")]
    public string File { get; init; } = "";

    [CommandOption("-m|--modules <NAMES>")]
    [Description("Comma-separated module names (state_dict) or layer names (Keras) in layer order, for files that do not record it.")]
    public string? Modules { get; init; }

    /// <summary>Reads the file with the given layer order, if any.</summary>
    public ModelFile Load() => ModelFile.Load(File,
        Modules is null ? [] : Modules.Split(',', StringSplitOptions.TrimEntries).ToList());
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LstmGen.Tool;

/// <summary>
/// One weighted layer of a model file: its weights in LstmGen's form, where it came from, the gate order the file
/// stores, and the activations when the file records them (the weights' own record; null: the file does not say).
/// </summary>
internal sealed record LayerInfo(string Source, LayerWeights Weights, string GateOrder)
{
    public Activation? Activation => Weights.Activation;
    public Activation? RecurrentActivation => Weights.RecurrentActivation;
}

/// <summary>A model file read whole: every weighted layer in order, plus what inspect and scaffold report about it.</summary>
internal sealed class ModelFile
{
    private const string TorchLstmGates = "i,f,g,o PyTorch";
    private const string TorchGruGates = "r,z,n PyTorch";

    private ModelFile(string path, ModelFormat format, string formatName, IReadOnlyList<LayerInfo> layers)
    {
        Path = path;
        Format = format;
        FormatName = formatName;
        Layers = layers;
        Weights = new ModelWeights(layers.Select(l => l.Weights));
    }

    public string Path { get; }
    public ModelFormat Format { get; }

    /// <summary>"safetensors (PyTorch state_dict)", "Keras 2 HDF5", ...</summary>
    public string FormatName { get; }

    public IReadOnlyList<LayerInfo> Layers { get; }
    public ModelWeights Weights { get; }

    /// <summary>State_dict modules or Keras layer names in layer order, as the load call names them (empty when the call takes none).</summary>
    public IReadOnlyList<string> Modules { get; private init; } = [];

    /// <summary>How the module order was decided, for formats that do not record it.</summary>
    public string? OrderNote { get; private init; }

    /// <summary>The tensors as the file stores them (name, dtype, shape), when the format lists them.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; private init; } = [];

    /// <summary>
    /// True where every recurrent layer outputs its whole sequence (PyTorch's nn.LSTM and nn.GRU, RTNeural's per-step
    /// layers); false for Keras, whose layers return only the last state unless return_sequences is set.
    /// </summary>
    public bool RecurrentLayersReturnSequences { get; private init; } = true;

    /// <summary>The C# expression that loads this file as a <see cref="ModelWeights"/>, given a C# expression for the path.</summary>
    public Func<string, string> LoadExpression { get; private init; } = _ => "";

    /// <summary>Reads <paramref name="path"/>; <paramref name="modules"/> (may be empty) overrides the layer order.</summary>
    /// <exception cref="ToolException">The file is missing or not a model file.</exception>
    /// <exception cref="LstmFormatException">The file is malformed.</exception>
    public static ModelFile Load(string path, IReadOnlyList<string> modules)
    {
        var format = FormatDetection.Detect(path);
        return format switch
        {
            ModelFormat.Safetensors => LoadStateDict(path, format, modules),
            ModelFormat.Npz => LoadStateDict(path, format, modules),
            ModelFormat.Onnx => LoadOnnx(path),
            ModelFormat.RtNeuralJson => LoadRtNeural(path),
            _ => LoadKeras(path, modules),
        };
    }

    private static ModelFile LoadStateDict(string path, ModelFormat format, IReadOnlyList<string> given)
    {
        bool safetensors = format == ModelFormat.Safetensors;
        var tensors = safetensors ? StateDictModules.ListSafetensors(path) : StateDictModules.ListNpz(path);
        IReadOnlyList<LayerWeights> LoadModule(string m) =>
            (safetensors ? ModelWeights.LoadSafetensors(path, m) : ModelWeights.LoadNpz(path, m)).Layers;
        string note = "as given by --modules";
        var modules = given.Count > 0 ? given.ToList() : StateDictModules.Order(path, ModelWeights.DiscoverModules(path), out note);
        var layers = new List<LayerInfo>();
        foreach (string module in modules)
            foreach (var (weights, k) in LoadModule(module).Select((w, k) => (w, k)))
                layers.Add(new LayerInfo(Describe(module, weights, k), weights, weights is GruWeights ? TorchGruGates : weights is DenseWeights ? "-" : TorchLstmGates));
        string loader = safetensors ? "LoadSafetensors" : "LoadNpz";
        string names = string.Concat(modules.Select(m => ", " + Literal(m)));
        return new ModelFile(path, format, safetensors ? "safetensors (PyTorch state_dict)" : ".npz (PyTorch state_dict)", layers)
        {
            Modules = modules,
            OrderNote = note,
            Tensors = tensors,
            LoadExpression = p => $"ModelWeights.{loader}({p}{names})",
        };
    }

    /// <summary>"lstm l1" (layer 1 of module lstm), "fc"; "l1" alone for an unprefixed nn.LSTM.</summary>
    private static string Describe(string module, LayerWeights weights, int layer) =>
        weights is DenseWeights ? (module.Length == 0 ? "(no prefix)" : module)
        : module.Length == 0 ? $"l{layer}" : $"{module} l{layer}";

    private static ModelFile LoadOnnx(string path)
    {
        var weights = ModelWeights.LoadOnnx(path);
        var layers = weights.Layers.Select((w, k) => new LayerInfo($"layer {k} ({w.Kind})", w, w switch
        {
            GruWeights => "z,r,h ONNX",
            DenseWeights => "-",
            _ => "i,o,f,c ONNX",
        })).ToList();
        return new ModelFile(path, ModelFormat.Onnx, "ONNX (LSTM, GRU, Gemm / MatMul nodes)", layers)
        {
            OrderNote = "graph order of the weighted nodes",
            LoadExpression = p => $"ModelWeights.LoadOnnx({p})",
        };
    }

    private static ModelFile LoadRtNeural(string path)
    {
        var weights = ModelWeights.LoadRtNeural(path);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var layers = new List<LayerInfo>();
        if (doc.RootElement.TryGetProperty("layers", out var list))
        {
            // Keras export: the loader keeps every layer, in order, so layer k of the list is weights k.
            int k = 0;
            foreach (var layer in list.EnumerateArray())
            {
                var w = weights.Layers[k++];
                string type = layer.GetProperty("type").GetString() ?? "";
                layers.Add(new LayerInfo($"layers[{k - 1}] ({type})", w, w is LstmWeights ? "i,f,c,o Keras" : "-"));
            }
            return new ModelFile(path, ModelFormat.RtNeuralJson, "RTNeural JSON (Keras export)", layers)
            {
                OrderNote = "the file's layer list",
                LoadExpression = p => $"ModelWeights.LoadRtNeural({p})",
            };
        }
        foreach (var (w, k) in weights.Layers.Select((w, k) => (w, k)))
            layers.Add(new LayerInfo($"layer {k} ({w.Kind})", w, w is GruWeights ? TorchGruGates : w is DenseWeights ? "-" : TorchLstmGates));
        return new ModelFile(path, ModelFormat.RtNeuralJson, "RTNeural JSON (PyTorch state_dict)", layers)
        {
            OrderNote = "the order of the modules in the file",
            LoadExpression = p => $"ModelWeights.LoadRtNeural({p})",
        };
    }

    private static ModelFile LoadKeras(string path, IReadOnlyList<string> given)
    {
        using var file = KerasWeightsFile.Open(path);
        var byName = file.Layers.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (string name in given)
            if (!byName.ContainsKey(name))
                throw new ToolException($"{path}: no layer '{name}' (--modules); the file has {string.Join(", ", byName.Keys)}.");
        var tensors = new List<TensorEntry>();
        var weighted = new List<KerasLayerInfo>();
        foreach (var info in given.Count > 0 ? given.Select(n => byName[n]) : file.Layers)
        {
            var layerTensors = file.ReadLayer(info.Name);
            tensors.AddRange(layerTensors.Select(t => new TensorEntry($"{info.Name}/{t.Name}", "float32", t.Shape.Select(d => (long)d).ToList())));
            if (layerTensors.Count > 0)
                weighted.Add(info);
        }
        if (given.Count == 0 && file.Format == KerasFormat.Keras3WeightsHdf5 && weighted.All(l => l.ClassName is null))
            throw new ToolException($"{path}: a Keras 3 .weights.h5 does not record the order of its layers; pass --modules with " +
                $"{string.Join(",", weighted.Select(l => l.Name))} in model order.");
        var weights = file.ReadModel(weighted.Select(l => l.Name).ToList());
        var layers = weights.Layers.Select((w, k) => KerasLayer(weighted[k], w)).ToList();
        string formatName = file.Format switch
        {
            KerasFormat.Keras2Hdf5 => "Keras 2 HDF5 (.h5)",
            KerasFormat.Keras3WeightsHdf5 => "Keras 3 weights (.weights.h5)",
            _ => "Keras 3 archive (.keras)",
        };
        bool needsNames = given.Count > 0;
        string names = string.Join(", ", weighted.Select(l => Literal(l.Name)));
        return new ModelFile(path, ModelFormat.Keras, formatName, layers)
        {
            Modules = weighted.Select(l => l.Name).ToList(),
            OrderNote = needsNames ? "as given by --modules" : "the file's layer order",
            Tensors = tensors,
            RecurrentLayersReturnSequences = false,
            LoadExpression = p => needsNames ? $"KerasModelWeights.LoadKeras({p}, new[] {{ {names} }})" : $"KerasModelWeights.LoadKeras({p})",
        };
    }

    private static LayerInfo KerasLayer(KerasLayerInfo info, LayerWeights weights)
    {
        string source = info.ClassName is null ? info.Name : $"{info.Name} ({info.ClassName})";
        string gates = weights switch
        {
            GruWeights => "z,r,h Keras",
            DenseWeights => "-",
            _ => "i,f,c,o Keras",
        };
        return new LayerInfo(source, weights, gates);
    }

    /// <summary>A C# string literal.</summary>
    public static string Literal(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

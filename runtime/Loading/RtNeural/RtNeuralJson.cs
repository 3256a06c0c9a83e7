using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LstmGen.Loading;

/// <summary>
/// RTNeural's two JSON model formats:
/// <list type="bullet">
/// <item>the Keras-style export (RTNeural's <c>model_utils.save_model</c>): <c>{"in_shape": [...], "layers": [
/// {"type": "lstm", "shape": [null, null, U], "weights": [kernel [I, 4U], recurrent [U, 4U], bias [4U]]}, ...]}</c>;</item>
/// <item>a PyTorch <c>state_dict</c> dumped as JSON: <c>{"lstm.weight_ih_l0": [[...]], ...}</c>.</item>
/// </list>
/// This file reads LSTM layers; RtNeuralJson.Model.cs reads whole models.
/// </summary>
internal static partial class RtNeuralJson
{
    /// <summary>Every LSTM layer of the file, in order (Keras style: order in <c>layers</c>; PyTorch: module order, then k).</summary>
    public static List<LstmWeights> LoadAll(byte[] utf8, string file, string? prefix, LstmLoadOptions? options)
    {
        using var doc = JsonTensors.Parse(utf8, file);
        var root = doc.RootElement;
        var count = Describe(root, file, prefix).Count;
        var all = new List<LstmWeights>(count);
        for (int k = 0; k < count; k++)
            all.Add(Load(root, file, k, prefix, options));
        return all;
    }

    public static LstmWeights Load(byte[] utf8, string file, int layer, string? prefix, LstmLoadOptions? options)
    {
        if (layer < 0)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, "layer must be 0 or more.");
        using var doc = JsonTensors.Parse(utf8, file);
        return Load(doc.RootElement, file, layer, prefix, options);
    }

    private static LstmWeights Load(JsonElement root, string file, int layer, string? prefix, LstmLoadOptions? options)
    {
        options ??= LstmLoadOptions.Default;
        var layers = Describe(root, file, prefix);
        if (layer >= layers.Count)
            throw new LstmFormatException(file, null, $"there is no LSTM layer {layer}",
                $"a layer index below {layers.Count}", $"{layers.Count} LSTM layer{(layers.Count == 1 ? "" : "s")}: {string.Join(", ", layers.Select(l => l.Label))}");
        var chosen = layers[layer];
        return chosen.Keras is { } kerasLayer
            ? LoadKerasLayer(kerasLayer, chosen.Label, file, options)
            : StateDictLstm.Load(new JsonTensorSource(root, file), chosen.TorchLayer, chosen.TorchPrefix, reverse: false, options);
    }

    private readonly record struct LayerRef(string Label, JsonElement? Keras, string? TorchPrefix, int TorchLayer);

    /// <summary>The LSTM layers of the file, whichever flavour it is.</summary>
    private static List<LayerRef> Describe(JsonElement root, string file, string? prefix)
    {
        if (root.ValueKind != JsonValueKind.Object)
            throw new LstmFormatException(file, null, "not an RTNeural model: the top level is not a JSON object",
                "an object with \"layers\" (Keras export) or state_dict tensor names", JsonTensors.Describe(root));
        if (root.TryGetProperty("layers", out var layersElement))
        {
            if (prefix is not null)
                throw new ArgumentException($"prefix: only PyTorch state_dict JSON has module prefixes; {file} is a Keras-style RTNeural model.", nameof(prefix));
            return DescribeKeras(layersElement, file);
        }
        return DescribeTorch(root, file, prefix);
    }

    private static List<LayerRef> DescribeKeras(JsonElement layers, string file)
    {
        if (layers.ValueKind != JsonValueKind.Array)
            throw new LstmFormatException(file, "layers", "is not an array", "an array of layer objects", JsonTensors.Describe(layers));
        var result = new List<LayerRef>();
        int index = 0;
        foreach (var layer in layers.EnumerateArray())
        {
            string where = $"layers[{index}]";
            if (layer.ValueKind != JsonValueKind.Object)
                throw new LstmFormatException(file, where, "is not an object", "a layer object", JsonTensors.Describe(layer));
            if (!layer.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String)
                throw new LstmFormatException(file, where + ".type", "missing or not a string", "a layer type such as \"lstm\"",
                    layer.TryGetProperty("type", out var t) ? JsonTensors.Describe(t) : "no \"type\"");
            if (type.GetString() == "lstm")
                result.Add(new LayerRef(where, layer, null, 0));
            index++;
        }
        if (result.Count == 0)
            throw new LstmFormatException(file, "layers", "no layer of type \"lstm\"", "at least one LSTM layer",
                $"{index} layers of types {string.Join(", ", layers.EnumerateArray().Select(l => l.TryGetProperty("type", out var t) ? t.ToString() : "?").Distinct())}");
        return result;
    }

    [GeneratedRegex(@"^(.*)weight_ih_l(\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex WeightIhName();

    private static List<LayerRef> DescribeTorch(JsonElement root, string file, string? prefix)
    {
        // Modules in order of first appearance, layers k ascending within each.
        var modules = new List<string>();
        var layersOf = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject())
        {
            var match = WeightIhName().Match(property.Name);
            if (!match.Success) continue;
            string p = match.Groups[1].Value;
            if (prefix is not null && p != prefix) continue;
            if (!int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int k)) continue;
            if (!layersOf.TryGetValue(p, out var set))
            {
                layersOf[p] = set = new SortedSet<int>();
                modules.Add(p);
            }
            set.Add(k);
        }
        if (modules.Count == 0)
        {
            var names = root.EnumerateObject().Select(p => p.Name).Take(12).ToList();
            throw new LstmFormatException(file, prefix is null ? "*weight_ih_l0" : prefix + "weight_ih_l0",
                prefix is null ? "neither a Keras-style RTNeural model (no \"layers\") nor a PyTorch state_dict with nn.LSTM weights"
                    : $"no nn.LSTM weights under prefix '{prefix}'",
                "\"layers\" or tensors named <prefix>weight_ih_l<k>",
                names.Count == 0 ? "an empty object" : "keys " + string.Join(", ", names));
        }
        var result = new List<LayerRef>();
        foreach (string p in modules)
        {
            int expected = 0;
            foreach (int k in layersOf[p])
            {
                if (k != expected)
                    throw new LstmFormatException(file, $"{p}weight_ih_l{expected}", "tensor not found (the module's layers must be numbered from 0 without gaps)",
                        $"layers 0..{layersOf[p].Max} of module '{p}'", $"layers {string.Join(", ", layersOf[p])}");
                if (root.TryGetProperty($"{p}weight_ih_l{k}_reverse", out _))
                    throw new LstmFormatException(file, $"{p}weight_ih_l{k}_reverse", "bidirectional nn.LSTM modules are not supported by RTNeural models",
                        "a unidirectional nn.LSTM");
                result.Add(new LayerRef($"'{p}' layer {k}", null, p, k));
                expected++;
            }
        }
        return result;
    }

    private static LstmWeights LoadKerasLayer(JsonElement layer, string where, string file, LstmLoadOptions options)
    {
        // Declared units: the last entry of "shape" ([null, null, U]).
        if (!layer.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() == 0)
            throw new LstmFormatException(file, where + ".shape", "missing or not a non-empty array", "[null, null, units]",
                layer.TryGetProperty("shape", out var s) ? JsonTensors.Describe(s) : "no \"shape\"");
        var last = shape[shape.GetArrayLength() - 1];
        if (last.ValueKind != JsonValueKind.Number || !last.TryGetInt32(out int declared) || declared < 1)
            throw new LstmFormatException(file, where + ".shape", "the last entry (the unit count) is not a positive integer",
                "a positive integer", JsonTensors.Describe(last));

        if (!layer.TryGetProperty("weights", out var weights) || weights.ValueKind != JsonValueKind.Array)
            throw new LstmFormatException(file, where + ".weights", "missing or not an array", "[kernel, recurrent kernel, bias]",
                layer.TryGetProperty("weights", out var w) ? JsonTensors.Describe(w) : "no \"weights\"");
        if (weights.GetArrayLength() != 3)
            throw new LstmFormatException(file, where + ".weights", "wrong number of tensors",
                "3 (kernel [I, 4U], recurrent kernel [U, 4U], bias [4U])", $"{weights.GetArrayLength()}");

        string kernelName = where + ".weights[0] (kernel)", recurrentName = where + ".weights[1] (recurrent kernel)", biasName = where + ".weights[2] (bias)";
        var (rShape, recurrent) = JsonTensors.Read(weights[1], file, recurrentName);
        if (rShape.Length != 2 || rShape[1] != 4 * rShape[0])
            throw new LstmFormatException(file, recurrentName, "wrong shape", $"[U, 4U] = [{declared}, {4 * declared}]", TensorChecks.Shape(rShape));
        int units = checked((int)rShape[0]);
        if (units != declared)
            throw new LstmFormatException(file, recurrentName,
                $"unit count mismatch: the layer's \"shape\" declares {declared} units but its weights are for {units} units",
                $"{declared} units: recurrent kernel [{declared}, {4 * declared}]", $"{units} units: {TensorChecks.Shape(rShape)}");
        var (kShape, kernel) = JsonTensors.Read(weights[0], file, kernelName);
        if (kShape.Length != 2 || kShape[1] != 4L * units)
            throw new LstmFormatException(file, kernelName, "wrong shape", $"[I, 4U] = [I, {4 * units}]", TensorChecks.Shape(kShape));
        int input = checked((int)kShape[0]);
        var (bShape, bias) = JsonTensors.Read(weights[2], file, biasName);
        if (bShape.Length != 1 || bShape[0] != 4L * units)
            throw new LstmFormatException(file, biasName, "wrong shape", $"[4U] = [{4 * units}]", TensorChecks.Shape(bShape));

        if (!options.AllowNonFinite)
        {
            TensorChecks.CheckFinite(kernel, file, kernelName);
            TensorChecks.CheckFinite(recurrent, file, recurrentName);
            TensorChecks.CheckFinite(bias, file, biasName);
        }
        // RTNeural records the Keras activation; its LSTM always runs sigmoid gates, so it records no recurrent one.
        return LayerWeights.WithActivations(LstmWeights.FromKeras(input, units, kernel, recurrent, bias),
            RecordedActivation(layer, where, file), recurrentActivation: null);
    }

    /// <summary>
    /// The layer's <c>activation</c> (a Keras activation name; empty for none), or null when the layer has no such
    /// entry. A name LstmGen has no equivalent for is refused: no declared model could run the layer as trained.
    /// </summary>
    private static Activation? RecordedActivation(JsonElement layer, string where, string file)
    {
        if (!layer.TryGetProperty("activation", out var element))
            return null;
        if (element.ValueKind != JsonValueKind.String)
            throw new LstmFormatException(file, where + ".activation", "is not a string", "an activation name", JsonTensors.Describe(element));
        string name = element.GetString()!;
        return name switch
        {
            "" or "linear" => Activation.Linear,
            "tanh" => Activation.Tanh,
            "relu" => Activation.Relu,
            "sigmoid" => Activation.Sigmoid,
            "softmax" => Activation.Softmax,
            _ => throw new LstmFormatException(file, where + ".activation", $"activation \"{name}\" has no LstmGen equivalent",
                "\"\" (linear), \"tanh\", \"relu\", \"sigmoid\" or \"softmax\"", $"\"{name}\""),
        };
    }
}

using System.Collections.Generic;
using System.Text.Json;

namespace LstmGen.Loading;

internal static partial class RtNeuralJson
{
    /// <summary>
    /// Every layer of an RTNeural model as a whole model's weights. Keras flavour: the <c>layers</c> in order
    /// (<c>dense</c>/<c>time-distributed-dense</c> → Dense, <c>lstm</c> → LSTM); PyTorch flavour: the state_dict's
    /// modules in order of first appearance (every layer of an nn.LSTM or nn.GRU, then the next module, ...).
    /// </summary>
    public static ModelWeights LoadModel(byte[] utf8, string file, LstmLoadOptions? options)
    {
        options ??= LstmLoadOptions.Default;
        using var doc = JsonTensors.Parse(utf8, file);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new LstmFormatException(file, null, "not an RTNeural model: the top level is not a JSON object",
                "an object with \"layers\" (Keras export) or state_dict tensor names", JsonTensors.Describe(root));
        if (!root.TryGetProperty("layers", out var layersElement))
        {
            var source = new JsonTensorSource(root, file);
            return StateDictModel.Load(source, StateDictModel.DiscoverModules(source), options);
        }

        DescribeKeras(layersElement, file); // validates the list and that it holds an LSTM
        var layers = new List<LayerWeights>();
        int index = 0;
        foreach (var layer in layersElement.EnumerateArray())
        {
            string where = $"layers[{index++}]";
            string type = layer.GetProperty("type").GetString()!;
            switch (type)
            {
                case "lstm":
                    layers.Add(LoadKerasLayer(layer, where, file, options));
                    break;
                case "dense" or "time-distributed-dense":
                    layers.Add(LoadKerasDense(layer, where, file, options));
                    break;
                default:
                    throw new LstmFormatException(file, where + ".type", $"layer type \"{type}\" has no LstmGen model equivalent",
                        "\"lstm\", \"dense\" or \"time-distributed-dense\"", $"\"{type}\"");
            }
        }
        return new ModelWeights(layers);
    }

    private static DenseWeights LoadKerasDense(JsonElement layer, string where, string file, LstmLoadOptions options)
    {
        if (!layer.TryGetProperty("weights", out var weights) || weights.ValueKind != JsonValueKind.Array || weights.GetArrayLength() is not (1 or 2))
            throw new LstmFormatException(file, where + ".weights", "missing or not [kernel, bias]", "[kernel [in, out], bias [out]]",
                layer.TryGetProperty("weights", out var w) ? JsonTensors.Describe(w) : "no \"weights\"");
        string kernelName = where + ".weights[0] (kernel)", biasName = where + ".weights[1] (bias)";
        var (kShape, kernel) = JsonTensors.Read(weights[0], file, kernelName);
        if (kShape.Length != 2 || kShape[0] < 1 || kShape[1] < 1)
            throw new LstmFormatException(file, kernelName, "wrong shape", "[in, out]", TensorChecks.Shape(kShape));
        float[] bias = System.Array.Empty<float>();
        if (weights.GetArrayLength() == 2)
        {
            var (bShape, b) = JsonTensors.Read(weights[1], file, biasName);
            if (bShape.Length != 1 || bShape[0] != kShape[1])
                throw new LstmFormatException(file, biasName, "wrong shape", $"[{kShape[1]}]", TensorChecks.Shape(bShape));
            bias = b;
        }
        if (!options.AllowNonFinite)
        {
            TensorChecks.CheckFinite(kernel, file, kernelName);
            TensorChecks.CheckFinite(bias, file, biasName);
        }
        return LayerWeights.WithActivations(DenseWeights.FromKeras(checked((int)kShape[0]), checked((int)kShape[1]), kernel, bias),
            RecordedActivation(layer, where, file), recurrentActivation: null);
    }
}

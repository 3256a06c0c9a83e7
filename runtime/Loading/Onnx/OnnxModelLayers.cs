using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen.Loading;

/// <summary>
/// A whole ONNX model (as <c>torch.onnx.export</c> writes one) as a <see cref="ModelWeights"/>: every <c>LSTM</c>,
/// <c>GRU</c>, <c>Gemm</c> and <c>MatMul</c> (with the <c>Add</c> of its constant bias) node of the main graph, in graph
/// order. The glue PyTorch writes around them (shape arithmetic, squeezes, slices, transposes, reshapes, initial-state
/// expands) and the activations between layers carry no weights and are skipped; any other node is refused, since
/// a model without it would compute something else.
/// </summary>
internal static class OnnxModelLayers
{
    private static readonly HashSet<string> Glue = new(StringComparer.Ordinal)
    {
        "Constant", "ConstantOfShape", "Shape", "Gather", "Unsqueeze", "Squeeze", "Concat", "Expand", "Slice", "Transpose",
        "Reshape", "Flatten", "Identity", "Cast",
    };

    // Between layers they are the model's declared activations, not weights.
    private static readonly HashSet<string> Activations = new(StringComparer.Ordinal) { "Relu", "Tanh", "Sigmoid", "Softmax", "HardSigmoid" };

    private const string Supported = "LSTM, GRU, Gemm or MatMul (+ Add of a constant bias) nodes, with Relu, Tanh, Sigmoid, Softmax, " +
        "HardSigmoid and reshaping nodes (Squeeze, Unsqueeze, Slice, Gather, Concat, Transpose, Reshape, Shape, Expand, Constant, ...) between them";

    public static ModelWeights Load(OnnxModel model, LstmLoadOptions options)
    {
        string? file = model.FileName;
        var layers = new List<LayerWeights>();
        var biasAdds = new HashSet<OnnxNode>();
        foreach (var n in model.Nodes)
        {
            string who = $"node '{n.Name}' ({n.OpType})";
            if (!n.IsDefaultDomain)
                throw new LstmFormatException(file, n.Name, $"{who} is from the operator set '{n.Domain}', which has no LstmGen model equivalent",
                    Supported + ", all in the default ONNX domain", n.Domain);
            switch (n.OpType)
            {
                case "LSTM":
                    layers.Add(Lstm(model, n, who, options));
                    break;
                case "GRU":
                    var gru = OnnxLstm.ReadAttributes(model, n, who);
                    if (gru.Direction != "forward")
                        throw new LstmFormatException(file, "direction", $"{who} is {gru.Direction}; LstmGen models have forward GRU layers only",
                            "forward", gru.Direction);
                    layers.Add(OnnxGru.Load(model, n, who, 0, options));
                    break;
                case "Gemm":
                    layers.Add(Gemm(model, n, who, options));
                    break;
                case "MatMul":
                    layers.Add(MatMul(model, n, who, biasAdds, options));
                    break;
                case "Add" when biasAdds.Contains(n):
                    break;
                case var op when Glue.Contains(op) || Activations.Contains(op):
                    break;
                default:
                    throw new LstmFormatException(file, n.Name, $"{who} has no LstmGen model equivalent", Supported, n.OpType);
            }
        }
        if (layers.Count == 0)
            throw new LstmFormatException(file, null, "the graph has no weighted layer", "LSTM, GRU, Gemm or MatMul nodes",
                model.Nodes.Count == 0 ? "an empty graph" : "nodes " + string.Join(", ", model.Nodes.Select(n => n.OpType).Distinct().Take(12)));
        return new ModelWeights(layers);
    }

    private static LayerWeights Lstm(OnnxModel model, OnnxNode n, string who, LstmLoadOptions options)
    {
        var attrs = OnnxLstm.ReadAttributes(model, n, who);
        return attrs.Direction switch
        {
            "forward" => OnnxLstm.Load(model, n, who, 0, options),
            "bidirectional" => new BidirectionalWeights(OnnxLstm.Load(model, n, who, 0, options), OnnxLstm.Load(model, n, who, 1, options)),
            _ => throw new LstmFormatException(model.FileName, "direction", $"{who} runs in reverse only, which LstmGen models do not have",
                "forward or bidirectional", attrs.Direction),
        };
    }

    // Y = alpha·A·op(B) + beta·C: a Dense layer when A is the data, B a constant ([out, in] with transB = 1, as PyTorch
    // writes nn.Linear; [in, out] with transB = 0) and C an optional constant bias of out elements.
    private static DenseWeights Gemm(OnnxModel model, OnnxNode n, string who, LstmLoadOptions options)
    {
        string? file = model.FileName;
        float alpha = 1f, beta = 1f;
        long transA = 0, transB = 0;
        foreach (var slice in n.Attributes)
        {
            var a = OnnxLstm.ReadAttribute(model, slice, n);
            switch (a.Name)
            {
                case "alpha": alpha = a.F ?? 1f; break;
                case "beta": beta = a.F ?? 1f; break;
                case "transA": transA = a.I ?? 0; break;
                case "transB": transB = a.I ?? 0; break;
                default:
                    throw new LstmFormatException(file, a.Name, $"{who} has an attribute this loader does not know", "alpha, beta, transA, transB", $"'{a.Name}'");
            }
        }
        if (transA != 0 || alpha != 1f || beta != 1f)
            throw new LstmFormatException(file, n.Name, $"{who} is not a plain Dense layer (the data transposed or the product scaled)",
                "transA = 0, alpha = 1, beta = 1", $"transA = {transA}, alpha = {alpha}, beta = {beta}");
        var weight = OnnxLstm.Required(model, n, 1, "B", who);
        OnnxLstm.CheckRank(file, weight, 2, "B", who, transB == 1 ? "[out, in]" : "[in, out]");
        long input = transB == 1 ? weight.Dims[1] : weight.Dims[0], units = transB == 1 ? weight.Dims[0] : weight.Dims[1];
        float[] w = Decode(model, weight, input, units, $"input B of {who}", options);
        float[] bias = Bias(model, n, 2, "C", who, units, options);
        return transB == 1 ? DenseWeights.FromPyTorch((int)input, (int)units, w, bias) : DenseWeights.FromKeras((int)input, (int)units, w, bias);
    }

    // Y = A·B with B a constant [in, out] (PyTorch's nn.Linear on 3-D data), and the Add of a constant bias when
    // the product's only consumer is one.
    private static DenseWeights MatMul(OnnxModel model, OnnxNode n, string who, HashSet<OnnxNode> biasAdds, LstmLoadOptions options)
    {
        string? file = model.FileName;
        if (model.TryGetConstant(n.Input(0), out _))
            throw new LstmFormatException(file, n.Input(0), $"input A of {who} is a constant: only data × weights is a Dense layer",
                "the data as input A, the weights as input B", "a constant input A");
        var weight = OnnxLstm.Required(model, n, 1, "B", who);
        OnnxLstm.CheckRank(file, weight, 2, "B", who, "[in, out]");
        long input = weight.Dims[0], units = weight.Dims[1];
        float[] w = Decode(model, weight, input, units, $"input B of {who}", options);
        float[] bias = Array.Empty<float>();
        string product = n.Outputs.Length > 0 ? n.Outputs[0] : "";
        var consumers = model.Nodes.Where(c => c.Inputs.Contains(product)).ToList();
        if (consumers is [{ OpType: "Add" } add] && add.IsDefaultDomain && add.Inputs.Length == 2)
        {
            int biasInput = add.Inputs[0] == product ? 1 : 0;
            if (model.TryGetConstant(add.Inputs[biasInput], out _))
            {
                bias = Bias(model, add, biasInput, "bias", $"node '{add.Name}' (Add, the bias of {who})", units, options)!;
                biasAdds.Add(add);
            }
        }
        return DenseWeights.FromKeras((int)input, (int)units, w, bias);
    }

    private static float[] Decode(OnnxModel model, OnnxTensor t, long input, long units, string role, LstmLoadOptions options)
    {
        if (input < 1 || units < 1 || input * units > int.MaxValue)
            throw new LstmFormatException(model.FileName, t.ValueName, $"{role} is not a usable Dense weight", "[in, out] with in, out ≥ 1",
                TensorChecks.Shape(t.Dims));
        model.CheckData(t, input * units, role);
        var values = new float[input * units];
        model.Decode(t, 0, values);
        if (!options.AllowNonFinite)
            TensorChecks.CheckFinite(values, model.FileName, t.ValueName);
        return values;
    }

    // A bias of [units] elements ([units] or [1, units]; broadcast over the rows); empty when the input is absent.
    private static float[] Bias(OnnxModel model, OnnxNode n, int index, string role, string who, long units, LstmLoadOptions options)
    {
        var t = OnnxLstm.Optional(model, n, index, role, who);
        if (t is null)
            return Array.Empty<float>();
        if (t.Dims.Length is 0 or > 2 || t.Dims[^1] != units || (t.Dims.Length == 2 && t.Dims[0] != 1))
            throw new LstmFormatException(model.FileName, t.ValueName, $"input {role} of {who} is not a bias of the layer's {units} outputs",
                $"[{units}]", TensorChecks.Shape(t.Dims));
        model.CheckData(t, units, $"input {role} of {who}");
        var values = new float[units];
        model.Decode(t, 0, values);
        if (!options.AllowNonFinite)
            TensorChecks.CheckFinite(values, model.FileName, t.ValueName);
        return values;
    }
}

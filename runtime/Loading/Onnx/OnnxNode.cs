namespace LstmGen.Loading;

/// <summary>One node of the main graph: identity, wiring, and where its attributes are.</summary>
internal sealed class OnnxNode(int index, string name, string opType, string domain, string[] inputs, string[] outputs, ProtoSlice[] attributes)
{
    public int Index { get; } = index;
    public string Name { get; } = name;
    public string OpType { get; } = opType;
    public string Domain { get; } = domain;
    public string[] Inputs { get; } = inputs;
    public string[] Outputs { get; } = outputs;
    public ProtoSlice[] Attributes { get; } = attributes;

    /// <summary>The ONNX operator set: empty or "ai.onnx".</summary>
    public bool IsDefaultDomain => Domain.Length == 0 || Domain == "ai.onnx";

    /// <summary>Input <paramref name="k"/>'s name, or "" when absent (ONNX's way of skipping an optional input).</summary>
    public string Input(int k) => k < Inputs.Length ? Inputs[k] : "";
}

using System.Collections.Generic;

namespace LstmGen.Loading;

/// <summary>An AttributeProto's fields that matter here; list fields are counted, strings kept.</summary>
internal sealed class OnnxAttribute
{
    public string Name { get; set; } = "";
    public long? Type { get; set; }
    public float? F { get; set; }
    public long? I { get; set; }
    public string? S { get; set; }
    public ProtoSlice? Tensor { get; set; }
    public List<string> Strings { get; } = new();
    /// <summary>Elements of floats / ints, and graph, tensor or type fields present.</summary>
    public int ListCount { get; set; }
}

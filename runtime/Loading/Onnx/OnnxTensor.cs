using System;

namespace LstmGen.Loading;

/// <summary>A TensorProto's header: shape, element type and which field holds the data.</summary>
internal sealed class OnnxTensor(string valueName, string origin, ProtoSlice message)
{
    public string ValueName { get; } = valueName;
    public string Origin { get; } = origin;
    public ProtoSlice Message { get; } = message;
    public long[] Dims { get; set; } = Array.Empty<long>();
    public bool TooManyDims { get; set; }
    public int DataType { get; set; }
    public ProtoSlice? Raw { get; set; }
    public long FloatCount { get; set; }
    public long DoubleCount { get; set; }
    public long Int32Count { get; set; }
    public string? OtherData { get; set; }
    public string? Unsupported { get; set; }
    public bool External { get; set; }
    public string? ExternalLocation { get; set; }
}

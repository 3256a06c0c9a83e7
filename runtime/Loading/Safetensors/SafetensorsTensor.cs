using System.Collections.Generic;
using LstmGen.Loading;

namespace LstmGen;

/// <summary>One tensor's entry in a <see cref="SafetensorsFile"/> header.</summary>
public sealed class SafetensorsTensor
{
    private readonly long[] _shape;

    internal SafetensorsTensor(string name, string dtype, long[] shape, long elementCount, long dataOffset, long byteLength)
    {
        Name = name;
        DType = dtype;
        _shape = shape;
        ElementCount = elementCount;
        DataOffset = dataOffset;
        ByteLength = byteLength;
        FloatKind = dtype switch
        {
            "F16" => StoredFloat.Float16,
            "BF16" => StoredFloat.BFloat16,
            "F32" => StoredFloat.Float32,
            "F64" => StoredFloat.Float64,
            _ => null,
        };
    }

    /// <summary>The tensor's name, e.g. <c>encoder.lstm.weight_ih_l0</c>.</summary>
    public string Name { get; }

    /// <summary>The dtype as written in the header: F64, F32, F16, BF16, I64, U8, BOOL, ...</summary>
    public string DType { get; }

    /// <summary>The shape, outermost dimension first (empty for a scalar).</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The number of elements (the product of <see cref="Shape"/>).</summary>
    public long ElementCount { get; }

    /// <summary>Where the data starts, in bytes from the start of the data section.</summary>
    public long DataOffset { get; }

    /// <summary>The data's length in bytes.</summary>
    public long ByteLength { get; }

    /// <summary>True for the dtypes <see cref="SafetensorsFile.ReadFloat32"/> converts: F16, BF16, F32 and F64.</summary>
    public bool IsFloatingPoint => FloatKind is not null;

    internal StoredFloat? FloatKind { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {DType} [{string.Join(", ", _shape)}]";
}

using System.Buffers.Binary;

namespace LstmGen.Tests;

internal static class LittleEndian
{
    /// <summary>float32 values as little-endian bytes, as safetensors, .npy '&lt;f4' and ONNX raw_data store them.</summary>
    public static byte[] Floats(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int k = 0; k < values.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * k), values[k]);
        return bytes;
    }
}

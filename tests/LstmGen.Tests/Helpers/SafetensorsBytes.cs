using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LstmGen.Tests;

/// <summary>safetensors files built in memory: F32 tensors as written, or any header text with any data.</summary>
internal static class SafetensorsBytes
{
    /// <summary>A valid safetensors file of F32 tensors, contiguous, in list order.</summary>
    public static byte[] FromTensors(IEnumerable<(string Name, long[] Shape, float[] Data)> tensors, string? metadata = "{\"format\":\"pt\"}")
    {
        var parts = new List<string>();
        if (metadata is not null) parts.Add($"\"__metadata__\":{metadata}");
        var data = new MemoryStream();
        foreach (var (name, shape, values) in tensors)
        {
            long begin = data.Length;
            data.Write(LittleEndian.Floats(values));
            parts.Add($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Length}]}}");
        }
        return Raw("{" + string.Join(",", parts) + "}", data.ToArray());
    }

    /// <summary>A safetensors file with this exact header text (padded to 8 bytes) and data.</summary>
    public static byte[] Raw(string header, byte[] data, ulong? headerLength = null) => Raw(Encoding.UTF8.GetBytes(header), data, headerLength);

    public static byte[] Raw(byte[] header, byte[] data, ulong? headerLength = null)
    {
        var h = header.ToList();
        if (headerLength is null)
            while (h.Count % 8 != 0) h.Add((byte)' ');
        var file = new byte[8 + h.Count + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerLength ?? (ulong)h.Count);
        h.CopyTo(file, 8);
        data.CopyTo(file, 8 + h.Count);
        return file;
    }
}

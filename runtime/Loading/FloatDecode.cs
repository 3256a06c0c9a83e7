using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmGen.Loading;

/// <summary>
/// Decodes raw little- or big-endian float16 / bfloat16 / float32 / float64 bytes into float32: the one decoder of the
/// safetensors, NumPy and ONNX readers.
/// </summary>
internal static class FloatDecode
{
    public static int Size(StoredFloat kind) => kind switch
    {
        StoredFloat.Float16 or StoredFloat.BFloat16 => 2,
        StoredFloat.Float32 => 4,
        _ => 8,
    };

    /// <summary>Converts <paramref name="src"/> (whole elements) into <paramref name="dst"/>.</summary>
    public static void Decode(ReadOnlySpan<byte> src, Span<float> dst, StoredFloat kind, bool bigEndian)
    {
        int n = src.Length / Size(kind);
        switch (kind)
        {
            case StoredFloat.Float16:
                for (int k = 0; k < n; k++)
                {
                    ushort bits = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src.Slice(2 * k)) : BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * k));
                    dst[k] = Widen(bits, StoredFloat.Float16);
                }
                break;
            case StoredFloat.BFloat16:
                for (int k = 0; k < n; k++)
                {
                    ushort bits = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(src.Slice(2 * k)) : BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * k));
                    dst[k] = Widen(bits, StoredFloat.BFloat16);
                }
                break;
            case StoredFloat.Float32:
                if (bigEndian == !BitConverter.IsLittleEndian)
                    MemoryMarshal.Cast<byte, float>(src.Slice(0, 4 * n)).CopyTo(dst);
                else
                    for (int k = 0; k < n; k++)
                        dst[k] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(MemoryMarshal.Read<int>(src.Slice(4 * k))));
                break;
            default:
                for (int k = 0; k < n; k++)
                    dst[k] = (float)(bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(src.Slice(8 * k)) : BinaryPrimitives.ReadDoubleLittleEndian(src.Slice(8 * k)));
                break;
        }
    }

    /// <summary>One float16 or bfloat16 value as float32 (exact: both fit in float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Widen(ushort bits, StoredFloat kind) => kind == StoredFloat.BFloat16
        ? BitConverter.UInt32BitsToSingle((uint)bits << 16)
        : (float)BitConverter.UInt16BitsToHalf(bits);

    /// <summary>
    /// Reads exactly <paramref name="count"/> elements from <paramref name="stream"/> in chunks (so the
    /// only large allocation is the result) and converts them. Returns null if the stream ends first.
    /// </summary>
    public static float[]? ReadExactly(Stream stream, long count, StoredFloat kind, bool bigEndian)
    {
        var result = count == 0 ? Array.Empty<float>() : new float[count];
        int size = Size(kind);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int chunkElements = buffer.Length / size;
            for (long done = 0; done < count;)
            {
                int n = (int)Math.Min(chunkElements, count - done);
                int bytes = n * size;
                int got = stream.ReadAtLeast(buffer.AsSpan(0, bytes), bytes, throwOnEndOfStream: false);
                if (got < bytes)
                    return null;
                Decode(buffer.AsSpan(0, bytes), result.AsSpan((int)done, n), kind, bigEndian);
                done += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return result;
    }
}

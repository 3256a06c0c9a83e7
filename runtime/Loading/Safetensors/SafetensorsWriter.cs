using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LstmGen.Loading;

/// <summary>One F32 tensor to write: its name, shape (outermost first) and row-major values.</summary>
internal readonly record struct Float32Tensor(string Name, int[] Shape, ReadOnlyMemory<float> Values);

/// <summary>
/// Writes F32 tensors as a safetensors file the way the reference implementation lays it out: an 8-byte little-endian
/// header length, the JSON header (<c>__metadata__</c> first, then the tensors sorted by name, padded with spaces to a
/// multiple of 8 bytes so the data starts aligned), then each tensor's little-endian bytes, contiguous, in header order.
/// </summary>
internal static class SafetensorsWriter
{
    /// <summary>
    /// Writes <paramref name="tensors"/> to <paramref name="path"/> in one step: into a temporary file in the same folder,
    /// flushed to disk, then moved over <paramref name="path"/>. If anything fails the temporary file is deleted and an
    /// existing file at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written (the folder does not exist, the disk is full, ...).</exception>
    public static void WriteFile(string path, IReadOnlyList<Float32Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        string full = Path.GetFullPath(path);
        string temporary = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Write(stream, tensors, metadata);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(temporary); }
            catch (IOException) { }               // the original error matters more than a leftover temporary file
            catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes the file's bytes to <paramref name="stream"/>. Tensor names must be distinct.</summary>
    public static void Write(Stream stream, IReadOnlyList<Float32Tensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        // The reference implementation orders tensors by dtype alignment, then by name (byte order of the UTF-8); all are F32 here.
        var ordered = tensors.OrderBy(t => Encoding.UTF8.GetBytes(t.Name), Utf8Order.Instance).ToArray();
        byte[] header = Header(ordered, metadata);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
        stream.Write(length);
        stream.Write(header);
        foreach (var tensor in ordered)
            WriteLittleEndian(stream, tensor.Values.Span);
    }

    private static byte[] Header(Float32Tensor[] tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new MemoryStream();
        // Names are written as they are (no \u escapes beyond what JSON requires), like the reference implementation.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata.Count > 0)
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata.OrderBy(p => p.Key, StringComparer.Ordinal))
                    json.WriteString(key, value);
                json.WriteEndObject();
            }
            long offset = 0;
            foreach (var tensor in tensors)
            {
                long end = offset + 4L * tensor.Values.Length;
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                    json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(end);
                json.WriteEndArray();
                json.WriteEndObject();
                offset = end;
            }
            json.WriteEndObject();
        }
        // Spaces up to a multiple of 8 bytes: the data then starts 8-byte aligned, as the format recommends.
        while (buffer.Length % 8 != 0)
            buffer.WriteByte((byte)' ');
        return buffer.ToArray();
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> bytes = stackalloc byte[4096];
        for (int start = 0; start < values.Length; start += bytes.Length / 4)
        {
            int count = Math.Min(bytes.Length / 4, values.Length - start);
            for (int i = 0; i < count; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.Slice(4 * i), values[start + i]);
            stream.Write(bytes.Slice(0, 4 * count));
        }
    }

    private sealed class Utf8Order : IComparer<byte[]>
    {
        public static readonly Utf8Order Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}

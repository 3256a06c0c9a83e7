using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Text.Json;
using LstmGen.Loading;

namespace LstmGen;

/// <summary>
/// A safetensors file (Hugging Face's format: an 8-byte little-endian header length, a JSON header
/// mapping tensor names to dtype, shape and data offsets, then the raw little-endian data). Opening
/// reads and validates the header only; tensor data is read when asked for, one tensor at a time.
/// </summary>
/// <remarks>
/// <para>The header is checked completely before anything else is read: its length (at most
/// <see cref="MaxHeaderLength"/> bytes and within the file), valid JSON with one object at the top,
/// no duplicate names, a known dtype for every tensor, non-negative integer shapes whose element
/// count times the dtype size equals the tensor's byte range, and byte ranges that lie inside the
/// data section and cover it exactly, without overlaps or gaps. Any violation throws
/// <see cref="LstmFormatException"/>; no tensor data is allocated for a header that claims more
/// bytes than the file holds.</para>
/// <para>An instance reads from its stream on demand and is not thread-safe. Dispose it to close the file.</para>
/// </remarks>
public sealed class SafetensorsFile : IDisposable, ITensorSource
{
    /// <summary>The largest header accepted, in bytes (the limit of the reference implementation).</summary>
    public const long MaxHeaderLength = 100_000_000;

    // dtype name → element size in bytes; the floating-point ones also map to a decoder.
    private static readonly Dictionary<string, int> DTypeSizes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 1, ["U8"] = 1, ["I8"] = 1, ["F8_E5M2"] = 1, ["F8_E4M3"] = 1, ["F8_E8M0"] = 1,
        ["I16"] = 2, ["U16"] = 2, ["F16"] = 2, ["BF16"] = 2,
        ["I32"] = 4, ["U32"] = 4, ["F32"] = 4,
        ["I64"] = 8, ["U64"] = 8, ["F64"] = 8, ["C64"] = 8,
    };

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _dataStart;
    private readonly Dictionary<string, SafetensorsTensor> _byName;
    private bool _disposed;

    private SafetensorsFile(Stream stream, bool leaveOpen, string fileName, long dataStart,
        List<SafetensorsTensor> tensors, Dictionary<string, string> metadata)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        FileName = fileName;
        _dataStart = dataStart;
        Tensors = tensors.AsReadOnly();
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
        Metadata = new ReadOnlyDictionary<string, string>(metadata);
    }

    /// <summary>The path, or the name given for a stream (<c>&lt;stream&gt;</c> if none), as used in error messages.</summary>
    public string FileName { get; }

    /// <summary>Every tensor in the file, in the order of their data.</summary>
    public IReadOnlyList<SafetensorsTensor> Tensors { get; }

    /// <summary>The header's <c>__metadata__</c> string pairs (empty if it has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    IReadOnlyCollection<string> ITensorSource.Names => Tensors.Select(t => t.Name).ToArray(); // in data order, as Tensors

    /// <summary>Opens a file and validates its header.</summary>
    /// <exception cref="LstmFormatException">The header is malformed (see the remarks on <see cref="SafetensorsFile"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SafetensorsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.RandomAccess);
        return Open(stream, path, leaveOpen: false);
    }

    /// <summary>
    /// Reads a safetensors file that starts at the stream's current position and validates its header.
    /// A stream that cannot seek is first copied into memory.
    /// </summary>
    /// <param name="stream">The stream; it must stay open until this instance is disposed unless it was copied.</param>
    /// <param name="name">A name for error messages (a file name or URL), or null.</param>
    /// <param name="leaveOpen">True to leave <paramref name="stream"/> open when this instance is disposed.</param>
    /// <exception cref="LstmFormatException">The header is malformed (see the remarks on <see cref="SafetensorsFile"/>).</exception>
    public static SafetensorsFile Open(Stream stream, string? name = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
            throw new ArgumentException("stream: the stream cannot be read.", nameof(stream));
        string file = name ?? "<stream>";
        Stream source = stream;
        bool sourceLeaveOpen = leaveOpen;
        try
        {
            if (!stream.CanSeek)
            {
                var copy = new MemoryStream();
                stream.CopyTo(copy);
                copy.Position = 0;
                if (!leaveOpen)
                    stream.Dispose();
                source = copy;
                sourceLeaveOpen = false;
            }
            long start = source.Position;
            long length = source.Length - start;
            if (length < 8)
                throw new LstmFormatException(file, null, "too short for a safetensors file", "at least 8 bytes (the header length)", $"{length} bytes");
            Span<byte> prefix = stackalloc byte[8];
            source.ReadExactly(prefix);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength > MaxHeaderLength)
                throw new LstmFormatException(file, null, "header length is absurd (not a safetensors file, or a corrupt one)",
                    $"at most {MaxHeaderLength} bytes", $"{headerLength} bytes");
            if ((long)headerLength > length - 8)
                throw new LstmFormatException(file, null, "header length runs past the end of the file",
                    $"at most {length - 8} bytes", $"{headerLength} bytes");
            var header = new byte[headerLength];
            source.ReadExactly(header);
            long dataStart = start + 8 + (long)headerLength;
            long dataLength = length - 8 - (long)headerLength;
            var (tensors, metadata) = ParseHeader(header, file);
            CheckLayout(tensors, dataLength, file);
            return new SafetensorsFile(source, sourceLeaveOpen, file, dataStart, tensors, metadata);
        }
        catch
        {
            if (!sourceLeaveOpen)
                source.Dispose();
            throw;
        }
    }

    /// <summary>The tensor named <paramref name="name"/>, or null if the file has none.</summary>
    public SafetensorsTensor? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out var t) ? t : null;
    }

    /// <summary>
    /// Reads one tensor's elements, row-major, converted to float32 (F16, BF16 and F64 are converted;
    /// F64 values beyond float32's range become ±∞).
    /// </summary>
    /// <exception cref="LstmFormatException">No such tensor, its dtype is not F16, BF16, F32 or F64, or it is too large for one array.</exception>
    public float[] ReadFloat32(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var t = Find(name) ?? throw new LstmFormatException(FileName, name, "tensor not found",
            actual: $"{Tensors.Count} tensors");
        if (t.FloatKind is not { } kind)
            throw new LstmFormatException(FileName, name, "not a floating-point tensor", "dtype F16, BF16, F32 or F64", t.DType);
        if (t.ElementCount > Array.MaxLength)
            throw new LstmFormatException(FileName, name, "too many elements for one array", $"at most {Array.MaxLength}", t.ElementCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _stream.Position = _dataStart + t.DataOffset;
        return FloatDecode.ReadExactly(_stream, t.ElementCount, kind, bigEndian: false)
            ?? throw new LstmFormatException(FileName, name, "the file ends inside the tensor's data (was it truncated after opening?)");
    }

    long[] ITensorSource.GetShape(string name) => _byName[name].Shape.ToArray();

    /// <summary>Closes the stream unless it was opened with leaveOpen.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_leaveOpen)
            _stream.Dispose();
    }

    // ---- Header ----

    private static (List<SafetensorsTensor>, Dictionary<string, string>) ParseHeader(byte[] header, string file)
    {
        if (header.Length == 0 || header[0] != (byte)'{')
            throw new LstmFormatException(file, null, "header is not a JSON object", "a header starting with '{'",
                header.Length == 0 ? "an empty header" : $"first byte 0x{header[0]:X2}");
        var tensors = new List<SafetensorsTensor>();
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            var reader = new Utf8JsonReader(header, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 16 });
            reader.Read(); // StartObject, checked above
            while (Next(ref reader) != JsonTokenType.EndObject)
            {
                string key = reader.GetString()!;
                if (!seen.Add(key))
                    throw new LstmFormatException(file, key, "duplicate name in the header (a JSON object with a repeated key)");
                reader.Read();
                if (key == "__metadata__")
                    ParseMetadata(ref reader, metadata, file);
                else
                    tensors.Add(ParseTensor(ref reader, key, file));
            }
            if (reader.Read())
                throw new LstmFormatException(file, null, "header has data after its JSON object");
        }
        catch (JsonException e)
        {
            throw new LstmFormatException(file, null, "header is not valid JSON: " + e.Message, innerException: e);
        }
        catch (InvalidOperationException e)
        {
            throw new LstmFormatException(file, null, "header is not valid JSON: " + e.Message, innerException: e);
        }
        return (tensors, metadata);
    }

    /// <summary>Reads the next token of an object: a property name, or its end.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
            throw new JsonException("unexpected end of the header");
        return reader.TokenType;
    }

    private static void ParseMetadata(ref Utf8JsonReader reader, Dictionary<string, string> metadata, string file)
    {
        if (reader.TokenType == JsonTokenType.Null)
            return;
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new LstmFormatException(file, "__metadata__", "metadata is not a JSON object", "an object of strings", reader.TokenType.ToString());
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
                throw new LstmFormatException(file, "__metadata__", $"metadata value of '{key}' is not a string", "a string", reader.TokenType.ToString());
            if (!metadata.TryAdd(key, reader.GetString()!))
                throw new LstmFormatException(file, "__metadata__", $"duplicate metadata key '{key}'");
        }
    }

    private static SafetensorsTensor ParseTensor(ref Utf8JsonReader reader, string name, string file)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new LstmFormatException(file, name, "tensor entry is not a JSON object", "{dtype, shape, data_offsets}", reader.TokenType.ToString());
        string? dtype = null;
        List<long>? shape = null, offsets = null;
        while (Next(ref reader) != JsonTokenType.EndObject)
        {
            string field = reader.GetString()!;
            reader.Read();
            switch (field)
            {
                case "dtype":
                    if (dtype is not null) throw Duplicate(file, name, field);
                    if (reader.TokenType != JsonTokenType.String)
                        throw new LstmFormatException(file, name, "dtype is not a string", "a string such as \"F32\"", reader.TokenType.ToString());
                    dtype = reader.GetString()!;
                    break;
                case "shape":
                    if (shape is not null) throw Duplicate(file, name, field);
                    shape = ReadIntegers(ref reader, file, name, field);
                    break;
                case "data_offsets":
                    if (offsets is not null) throw Duplicate(file, name, field);
                    offsets = ReadIntegers(ref reader, file, name, field);
                    if (offsets.Count != 2)
                        throw new LstmFormatException(file, name, "data_offsets must hold two numbers", "[begin, end]", $"{offsets.Count} numbers");
                    break;
                default:
                    reader.Skip(); // unknown fields are ignored, as by the reference implementation
                    break;
            }
        }
        if (dtype is null || shape is null || offsets is null)
            throw new LstmFormatException(file, name, "tensor entry lacks " + (dtype is null ? "dtype" : shape is null ? "shape" : "data_offsets"),
                "dtype, shape and data_offsets");
        if (!DTypeSizes.TryGetValue(dtype, out int size))
            throw new LstmFormatException(file, name, "unknown dtype", "one of " + string.Join(", ", DTypeSizes.Keys), dtype);

        long begin = offsets[0], end = offsets[1];
        long count = 1;
        foreach (long d in shape)
            if (!TryMultiply(count, d, out count))
                throw new LstmFormatException(file, name, "shape's element count overflows", "a shape whose product fits in 64 bits", TensorChecks.Shape(shape));
        if (begin > end)
            throw new LstmFormatException(file, name, "data_offsets are out of order (begin after end)", "begin ≤ end", $"[{begin}, {end}]");
        if (!TryMultiply(count, size, out long bytes) || bytes != end - begin)
            throw new LstmFormatException(file, name, "shape does not match the tensor's byte range",
                $"{TensorChecks.Shape(shape)} × {size} bytes ({dtype}) = {(TryMultiply(count, size, out long b) ? b.ToString(System.Globalization.CultureInfo.InvariantCulture) : "overflow")} bytes",
                $"data_offsets [{begin}, {end}] = {end - begin} bytes");
        return new SafetensorsTensor(name, dtype, shape.ToArray(), count, begin, end - begin);
    }

    private static LstmFormatException Duplicate(string file, string name, string field) =>
        new(file, name, $"duplicate field '{field}' in the tensor entry");

    private static List<long> ReadIntegers(ref Utf8JsonReader reader, string file, string name, string field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new LstmFormatException(file, name, $"{field} is not an array", "an array of non-negative integers", reader.TokenType.ToString());
        var list = new List<long>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long v) || v < 0)
                throw new LstmFormatException(file, name, $"{field} holds something other than a non-negative integer",
                    "non-negative integers", reader.TokenType == JsonTokenType.Number
                        ? System.Text.Encoding.UTF8.GetString(reader.ValueSpan) : reader.TokenType.ToString());
            list.Add(v);
        }
        return list;
    }

    /// <summary>Byte ranges must lie in the data section and tile it exactly, like the reference implementation demands.</summary>
    private static void CheckLayout(List<SafetensorsTensor> tensors, long dataLength, string file)
    {
        foreach (var t in tensors)
            if (t.DataOffset + t.ByteLength > dataLength)
                throw new LstmFormatException(file, t.Name, "data_offsets run past the end of the file",
                    $"end ≤ {dataLength} (the data section's length)", $"end = {t.DataOffset + t.ByteLength}");
        tensors.Sort((a, b) => a.DataOffset != b.DataOffset ? a.DataOffset.CompareTo(b.DataOffset) : a.ByteLength.CompareTo(b.ByteLength));
        long position = 0;
        SafetensorsTensor? previous = null;
        foreach (var t in tensors)
        {
            if (t.DataOffset < position)
                throw new LstmFormatException(file, t.Name, $"data overlaps tensor '{previous!.Name}'",
                    $"begin ≥ {position}", $"[{t.DataOffset}, {t.DataOffset + t.ByteLength}]");
            if (t.DataOffset > position)
                throw new LstmFormatException(file, t.Name, $"bytes {position}..{t.DataOffset} of the data belong to no tensor",
                    $"begin = {position}", $"begin = {t.DataOffset}");
            position = t.DataOffset + t.ByteLength;
            previous = t;
        }
        if (position != dataLength)
            throw new LstmFormatException(file, null, $"the last {dataLength - position} bytes of the data belong to no tensor",
                $"{position} bytes of data", $"{dataLength} bytes");
    }

    private static bool TryMultiply(long a, long b, out long product)
    {
        try
        {
            product = checked(a * b);
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }
}

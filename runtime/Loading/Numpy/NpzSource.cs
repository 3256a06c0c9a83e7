using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;

namespace LstmGen.Loading;

/// <summary>A .npz archive's <c>.npy</c> entries as named tensors, headers and data read on demand.</summary>
internal sealed class NpzSource : ITensorSource, IDisposable
{
    // Deflate cannot expand data by more than about 1032:1; an entry claiming more is corrupt or hostile.
    private const long MaxDeflateRatio = 1032;

    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NpyHeader> _headers = new(StringComparer.Ordinal);

    /// <summary>Opens the archive (the stream is left open) and lists its .npy entries.</summary>
    public NpzSource(Stream stream, string file)
    {
        FileName = file;
        try
        {
            _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in _zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                    continue;
                string name = entry.FullName.Substring(0, entry.FullName.Length - 4);
                if (!_entries.TryAdd(name, entry))
                    throw new LstmFormatException(file, name, "duplicate entry in the archive");
            }
        }
        catch (InvalidDataException e)
        {
            _zip?.Dispose();
            throw new LstmFormatException(file, null, "not a valid .npz (zip) archive: " + e.Message, innerException: e);
        }
        catch
        {
            _zip?.Dispose();
            throw;
        }
    }

    public string FileName { get; }

    public IReadOnlyCollection<string> Names => _entries.Keys;

    public long[] GetShape(string name) => Header(name).Shape;

    public float[] ReadFloat32(string name)
    {
        var header = Header(name);
        var entry = _entries[name];
        try
        {
            using var stream = entry.Open();
            NpyFormat.ReadHeader(stream, FileName, name);
            return NpyFormat.ReadData(stream, header, entry.Length - header.HeaderBytes, FileName, name);
        }
        catch (InvalidDataException e)
        {
            throw new LstmFormatException(FileName, name, "corrupt archive entry: " + e.Message, innerException: e);
        }
    }

    private NpyHeader Header(string name)
    {
        if (_headers.TryGetValue(name, out var cached))
            return cached;
        var entry = _entries[name];
        if (entry.Length > entry.CompressedLength * MaxDeflateRatio + 4096)
            throw new LstmFormatException(FileName, name, "entry claims an impossible uncompressed size",
                $"at most {MaxDeflateRatio}× its {entry.CompressedLength} compressed bytes", $"{entry.Length} bytes");
        NpyHeader header;
        try
        {
            using var stream = entry.Open();
            header = NpyFormat.ReadHeader(stream, FileName, name);
        }
        catch (InvalidDataException e)
        {
            throw new LstmFormatException(FileName, name, "corrupt archive entry: " + e.Message, innerException: e);
        }
        long available = entry.Length - header.HeaderBytes;
        if (available != header.DataBytes)
            throw new LstmFormatException(FileName, name,
                available < header.DataBytes ? "the entry is shorter than its header's shape says" : "the entry is longer than its header's shape says",
                $"{header.DataBytes} data bytes for shape {header.ShapeText} '{header.Descr}'", $"{available} bytes");
        _headers[name] = header;
        return header;
    }

    public void Dispose() => _zip.Dispose();
}

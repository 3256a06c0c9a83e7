using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace LstmGen.Hdf5;

/// <summary>
/// A read-only HDF5 reader for the subset Keras (through h5py) writes: superblocks 0–3, object headers 1 and 2,
/// groups as symbol tables (v1 B-tree + local heap) or link messages, attributes with fixed- and variable-length
/// strings, and uncompressed contiguous, compact or chunked datasets.
/// </summary>
/// <remarks>
/// Every size and address read from the file is checked against the file's length before anything is allocated or
/// read, so a file cannot make the reader allocate more than it holds; every malformation is an
/// <see cref="LstmFormatException"/> naming the file and the object. Structures are read once and cached by address.
/// </remarks>
internal sealed class Hdf5File : IDisposable
{
    private readonly Stream _stream;
    private readonly long _base; // stream position of the superblock: addresses count from it
    private readonly bool _ownsStream;
    private readonly Dictionary<long, Hdf5ObjectHeader> _headers = new();
    private readonly Dictionary<long, byte[]> _localHeaps = new();
    private readonly Dictionary<long, byte[]> _globalHeaps = new();
    private long _metadataBytes; // read so far for structures (not dataset data); see ReadAt

    private static ReadOnlySpan<byte> Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private Hdf5File(Stream stream, long superblock, bool ownsStream, string fileName, string? innerName)
    {
        _stream = stream;
        _base = superblock;
        _ownsStream = ownsStream;
        FileName = fileName;
        InnerName = innerName;
        Length = stream.Length - superblock;
    }

    /// <summary>The name errors give as the file.</summary>
    public string FileName { get; }

    /// <summary>For an HDF5 image inside an archive, its entry name (errors at the root name it).</summary>
    public string? InnerName { get; }

    /// <summary>Bytes from the superblock to the end of the stream: no structure or data can lie beyond.</summary>
    public long Length { get; }

    public int OffsetSize { get; private set; }

    public int LengthSize { get; private set; }

    public Hdf5Group Root { get; private set; } = null!;

    /// <summary>Opens the HDF5 image whose superblock starts at stream position <paramref name="superblock"/>.</summary>
    public static Hdf5File Open(Stream stream, long superblock, bool ownsStream, string fileName, string? innerName)
    {
        var file = new Hdf5File(stream, superblock, ownsStream, fileName, innerName);
        file.ReadSuperblock();
        return file;
    }

    public LstmFormatException Error(string? path, string problem, string? expected = null, string? actual = null) =>
        new(FileName, path ?? InnerName, problem, expected, actual);

    private void ReadSuperblock()
    {
        string where = InnerName ?? "/";
        byte[] head = ReadAt(0, Math.Min(Length, 128), where, "superblock", exact: false);
        var c = new Hdf5Cursor(head, this, where, "superblock");
        c.Signature(Signature);
        int version = c.U8();
        long root;
        switch (version)
        {
            case 0 or 1:
                c.Skip(4); // free-space, root symbol table entry and shared header versions, reserved
                OffsetSize = c.U8();
                LengthSize = c.U8();
                CheckSizes(where);
                c.Skip(1 + 2 + 2 + 4 + (version == 1 ? 4 : 0)); // reserved, group K values, flags, (v1) indexed-storage K
                c.Skip(4 * OffsetSize); // base, free-space, end-of-file and driver addresses
                c.Skip(OffsetSize); // root entry: link name offset
                root = c.Address() ?? throw Error(where, "the superblock has no root group", "an object header address", "undefined");
                break;
            case 2 or 3:
                OffsetSize = c.U8();
                LengthSize = c.U8();
                CheckSizes(where);
                c.Skip(1 + 3 * OffsetSize); // flags, base, extension and end-of-file addresses
                root = c.Address() ?? throw Error(where, "the superblock has no root group", "an object header address", "undefined");
                break;
            default:
                throw Error(where, "unsupported HDF5 superblock version", "0, 1, 2 or 3", version.ToString());
        }
        Root = new Hdf5Group(this, "/", Header(root, "/"));
    }

    private void CheckSizes(string where)
    {
        if (OffsetSize is not (2 or 4 or 8) || LengthSize is not (2 or 4 or 8))
            throw Error(where, "unsupported HDF5 offset or length size", "2, 4 or 8 bytes", $"offsets {OffsetSize}, lengths {LengthSize} bytes");
    }

    /// <summary>
    /// Reads <paramref name="count"/> bytes at <paramref name="address"/>, after checking that they lie inside the file
    /// (with <paramref name="exact"/> false, as many as there are).
    /// </summary>
    public byte[] ReadAt(long address, long count, string path, string what, bool exact = true)
    {
        if (address < 0 || address > Length)
            throw Error(path, $"{what} lies outside the file", $"an address below {Length}", address.ToString());
        if (!exact)
            count = Math.Min(count, Length - address);
        if (count < 0 || count > Length - address)
            throw Error(path, $"{what} runs past the end of the file", $"at most {Length - address} bytes at address {address}", $"{count} bytes");
        // Each structure is read once (cached by address) and a well-formed file's structures do not overlap, so
        // together they fit in the file. Structures that claim the same bytes over and over are refused here.
        _metadataBytes += count;
        if (_metadataBytes > 2 * Length + 4096)
            throw Error(path, $"{what}: the file's structures overlap (more structure read than the file holds)",
                $"at most {2 * Length + 4096} bytes of structures", $"{_metadataBytes} bytes");
        var bytes = new byte[count];
        ReadInto(address, bytes, path, what);
        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="address"/>, checked against the file's length.</summary>
    public void ReadInto(long address, Span<byte> buffer, string path, string what)
    {
        if (address < 0 || address > Length || buffer.Length > Length - address)
            throw Error(path, $"{what} runs past the end of the file", $"{buffer.Length} bytes within the file's {Length}", $"at address {address}");
        _stream.Position = _base + address;
        int n = _stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        if (n != buffer.Length)
            throw Error(path, $"{what} could not be read: the stream ended early", $"{buffer.Length} bytes", $"{n} bytes");
    }

    /// <summary>
    /// A version 1 B-tree node of <paramref name="type"/> (0: group members, 1: chunks): its level, entry count, and
    /// the bytes of its keys and children (entries + 1 keys of <paramref name="keySize"/> bytes around the children).
    /// </summary>
    public (int Level, int Entries, byte[] Body) BTreeNode(long address, int type, long keySize, string path, string what)
    {
        var head = new Hdf5Cursor(ReadAt(address, 8 + 2 * OffsetSize, path, what), this, path, what);
        head.Signature("TREE"u8);
        int actual = head.U8();
        if (actual != type)
            throw Error(path, $"not a {what}", $"node type {type}", actual.ToString());
        int level = head.U8();
        int entries = head.U16(); // then the left and right siblings, which a walk from the root does not need
        return (level, entries, ReadAt(address + 8 + 2 * OffsetSize, entries * (keySize + OffsetSize) + keySize, path, what));
    }

    /// <summary>The object header at <paramref name="address"/>, read once.</summary>
    public Hdf5ObjectHeader Header(long address, string path)
    {
        if (!_headers.TryGetValue(address, out var header))
        {
            header = Hdf5ObjectHeader.Read(this, address, path);
            _headers[address] = header;
        }
        return header;
    }

    /// <summary>A local heap's data segment (group member names), read once.</summary>
    public byte[] LocalHeap(long address, string path)
    {
        if (_localHeaps.TryGetValue(address, out var data))
            return data;
        var c = new Hdf5Cursor(ReadAt(address, 8 + 2 * LengthSize + OffsetSize, path, "local heap"), this, path, "local heap");
        c.Signature("HEAP"u8);
        c.Skip(4); // version, reserved
        long size = c.Length(Length, "data segment size");
        c.Skip(LengthSize); // free list
        long at = c.Address() ?? throw Error(path, "local heap without a data segment", "an address", "undefined");
        data = ReadAt(at, size, path, "local heap data");
        _localHeaps[address] = data;
        return data;
    }

    /// <summary>A name stored in a local heap at <paramref name="offset"/> (NUL-terminated).</summary>
    public static string HeapString(byte[] heap, ulong offset, Hdf5File file, string path)
    {
        if (offset >= (ulong)heap.Length)
            throw file.Error(path, "name offset outside the local heap", $"below {heap.Length}", offset.ToString());
        var rest = heap.AsSpan((int)offset);
        int end = rest.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? rest : rest[..end]);
    }

    /// <summary>Object <paramref name="index"/> of the global heap collection at <paramref name="address"/> (variable-length data).</summary>
    public ReadOnlySpan<byte> GlobalHeapObject(long address, uint index, string path)
    {
        if (!_globalHeaps.TryGetValue(address, out var collection))
        {
            var c = new Hdf5Cursor(ReadAt(address, 8 + LengthSize, path, "global heap"), this, path, "global heap");
            c.Signature("GCOL"u8);
            c.Skip(4); // version, reserved
            long size = c.Length(Length, "collection size");
            collection = ReadAt(address, size, path, "global heap collection");
            _globalHeaps[address] = collection;
        }
        var objects = new Hdf5Cursor(collection, this, path, "global heap collection");
        objects.Skip(8 + LengthSize);
        while (objects.Remaining >= 8 + LengthSize)
        {
            ushort id = objects.U16();
            objects.Skip(6); // reference count, reserved
            long size = objects.Length(collection.Length, "object size");
            if (id == 0)
                break; // free space: the rest of the collection
            var data = objects.Bytes(size);
            if (id == index)
                return data;
            objects.Skip(Math.Min((8 - size % 8) % 8, objects.Remaining)); // objects are padded to 8 bytes
        }
        throw Error(path, "variable-length data not found in its global heap", $"object {index} in the collection at {address}", "no such object");
    }

    public void Dispose()
    {
        if (_ownsStream)
            _stream.Dispose();
    }
}

using System;
using System.Buffers.Binary;

namespace LstmGen.Hdf5;

/// <summary>
/// Reads little-endian fields from one HDF5 structure already in memory. Reading past its end is an
/// <see cref="LstmFormatException"/> naming the file, the object and the structure, never an index error.
/// </summary>
internal ref struct Hdf5Cursor
{
    private readonly ReadOnlySpan<byte> _bytes;
    private readonly Hdf5File _file;
    private readonly string _path;
    private readonly string _what;

    public Hdf5Cursor(ReadOnlySpan<byte> bytes, Hdf5File file, string path, string what)
    {
        _bytes = bytes;
        _file = file;
        _path = path;
        _what = what;
        Position = 0;
    }

    public int Position { get; set; }

    public readonly int Remaining => _bytes.Length - Position;

    public ReadOnlySpan<byte> Bytes(long count)
    {
        if (count < 0 || count > Remaining)
            throw _file.Error(_path, $"truncated {_what}", $"{count} more bytes at byte {Position}", $"{Remaining} bytes left");
        var span = _bytes.Slice(Position, (int)count);
        Position += (int)count;
        return span;
    }

    public void Skip(long count) => Bytes(count);

    public byte U8() => Bytes(1)[0];

    public ushort U16() => BinaryPrimitives.ReadUInt16LittleEndian(Bytes(2));

    public uint U32() => BinaryPrimitives.ReadUInt32LittleEndian(Bytes(4));

    /// <summary>An unsigned field of 1 to 8 bytes.</summary>
    public ulong Unsigned(int size)
    {
        var span = Bytes(size);
        ulong value = 0;
        for (int k = size - 1; k >= 0; k--)
            value = (value << 8) | span[k];
        return value;
    }

    /// <summary>A file address (the superblock's offset size); null for the undefined address (all bits set).</summary>
    public long? Address()
    {
        int size = _file.OffsetSize;
        ulong value = Unsigned(size);
        if (value == ulong.MaxValue >> (64 - 8 * size))
            return null;
        return value <= (ulong)long.MaxValue ? (long)value
            : throw _file.Error(_path, $"address out of range in {_what}", $"at most {_file.Length}", value.ToString());
    }

    /// <summary>A length field (the superblock's length size), as a count no larger than <paramref name="max"/>.</summary>
    public long Length(long max, string field)
    {
        ulong value = Unsigned(_file.LengthSize);
        if (value > (ulong)max)
            throw _file.Error(_path, $"{field} in {_what} is larger than the file can hold", $"at most {max}", value.ToString());
        return (long)value;
    }

    public void Signature(ReadOnlySpan<byte> expected)
    {
        var actual = Bytes(expected.Length);
        if (!actual.SequenceEqual(expected))
            throw _file.Error(_path, $"bad signature for {_what}", System.Text.Encoding.ASCII.GetString(expected), Convert.ToHexString(actual));
    }
}

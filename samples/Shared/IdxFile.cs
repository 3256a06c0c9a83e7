using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace LstmGen.Samples;

/// <summary>
/// One IDX file, the format MNIST and Fashion-MNIST ship in: a magic number (two zero bytes, the element type,
/// the number of dimensions), each dimension's size as a big-endian 32-bit integer, then the values, row-major.
/// Only unsigned bytes (type 0x08) are read, the only type these data sets use.
/// </summary>
public sealed class IdxFile
{
    private const byte UnsignedByte = 0x08;

    private IdxFile(string name, int count, int[] recordShape, byte[] values)
    {
        Name = name;
        Count = count;
        RecordShape = recordShape;
        Values = values;
        RecordLength = Product(recordShape);
    }

    /// <summary>The file the values came from, for messages.</summary>
    public string Name { get; }

    /// <summary>Records in the file: the first dimension (images, labels).</summary>
    public int Count { get; }

    /// <summary>The other dimensions: [28, 28] for an image file, empty for a label file.</summary>
    public int[] RecordShape { get; }

    /// <summary>Bytes per record: the product of <see cref="RecordShape"/>.</summary>
    public int RecordLength { get; }

    /// <summary>Every record's values, one after another.</summary>
    public byte[] Values { get; }

    /// <summary>
    /// Reads an IDX file of unsigned bytes with <paramref name="dimensions"/> dimensions, gzipped (as the data sets
    /// ship) or not: a file starting with gzip's magic bytes is decompressed.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">A bad magic number, a header or data shorter than the header declares
    /// (truncated), or bytes after the declared records; the message names the file, what was expected and what was found.</exception>
    public static IdxFile Read(string path, int dimensions)
    {
        using var stream = File.OpenRead(path);
        return Read(stream, path, dimensions);
    }

    /// <inheritdoc cref="Read(string, int)"/>
    /// <param name="stream">The file's bytes, gzipped or not; read to its end and left open.</param>
    /// <param name="name">The file's name for messages.</param>
    /// <param name="dimensions">Dimensions the file must have: 3 for images, 1 for labels.</param>
    public static IdxFile Read(Stream stream, string name, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        var bytes = ReadAll(stream, name);

        uint expectedMagic = (uint)UnsignedByte << 8 | (uint)dimensions;
        if (bytes.Length < 4)
            throw new InvalidDataException($"{name}: truncated: expected a 4-byte IDX magic number, the file has {bytes.Length} bytes.");
        uint magic = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        if (magic != expectedMagic)
            throw new InvalidDataException($"{name}: bad magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} " +
                $"(an IDX file of unsigned bytes with {dimensions} dimension{(dimensions == 1 ? "" : "s")}).");

        int headerLength = 4 + 4 * dimensions;
        if (bytes.Length < headerLength)
            throw new InvalidDataException($"{name}: truncated: expected a {headerLength}-byte header, the file has {bytes.Length} bytes.");
        var sizes = new int[dimensions];
        long valueCount = 1;
        for (int d = 0; d < dimensions; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (size > int.MaxValue)
                throw new InvalidDataException($"{name}: dimension {d} is {size}, more than {int.MaxValue}.");
            sizes[d] = (int)size;
            valueCount = size != 0 && valueCount > long.MaxValue / size ? long.MaxValue : valueCount * size; // saturates: then "truncated"
        }

        long dataLength = bytes.Length - headerLength;
        if (dataLength < valueCount)
            throw new InvalidDataException($"{name}: truncated: the header declares {sizes[0]} records ({Shape(sizes)}, {valueCount} bytes), " +
                $"the file holds {dataLength} bytes after the header.");
        if (dataLength > valueCount)
            throw new InvalidDataException($"{name}: the header declares {sizes[0]} records ({Shape(sizes)}, {valueCount} bytes), " +
                $"but {dataLength} bytes follow it: the count is wrong or the file has trailing data.");
        return new IdxFile(name, sizes[0], sizes[1..], bytes[headerLength..]);
    }

    private static byte[] ReadAll(Stream stream, string name)
    {
        var copy = new MemoryStream();
        Span<byte> head = stackalloc byte[2];
        int got = stream.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        if (got == 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            // Put the two bytes back in front of the rest for the decompressor.
            using var gzip = new GZipStream(new PrefixedStream(head.ToArray(), stream), CompressionMode.Decompress, leaveOpen: true);
            try { gzip.CopyTo(copy); }
            catch (InvalidDataException e) { throw new InvalidDataException($"{name}: not a valid gzip stream: {e.Message}", e); }
            catch (EndOfStreamException e) { throw new InvalidDataException($"{name}: truncated gzip stream: {e.Message}", e); }
        }
        else
        {
            copy.Write(head[..got]);
            stream.CopyTo(copy);
        }
        return copy.ToArray();
    }

    private static string Shape(int[] sizes) => string.Join("×", sizes);

    private static int Product(int[] sizes)
    {
        int n = 1;
        foreach (int s in sizes) n *= s;
        return n;
    }

    /// <summary>A few bytes already read, then the rest of a stream: lets the gzip check peek without seeking.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int _position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - _position);
                prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return rest.Read(buffer);
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

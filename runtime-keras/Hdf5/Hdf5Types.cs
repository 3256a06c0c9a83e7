using System;

namespace LstmGen.Hdf5;

/// <summary>HDF5 datatype classes, in the format's numbering.</summary>
internal enum Hdf5TypeClass
{
    FixedPoint, FloatingPoint, Time, String, BitField, Opaque, Compound, Reference, Enumerated, VariableLength, Array,
}

/// <summary>
/// A datatype message: its class and element size; for floats whether they are IEEE 754 binary32/binary64 and
/// big-endian; for strings the padding; for variable-length types whether they are strings.
/// </summary>
internal sealed record Hdf5Datatype(Hdf5TypeClass Class, int Size, bool BigEndian, bool IsIeeeFloat, int StringPadding, bool IsVariableString)
{
    public static Hdf5Datatype Parse(ReadOnlySpan<byte> body, Hdf5File file, string path)
    {
        var c = new Hdf5Cursor(body, file, path, "datatype message");
        int classAndVersion = c.U8();
        int typeClass = classAndVersion & 0x0F;
        if (typeClass > (int)Hdf5TypeClass.Array)
            throw file.Error(path, "unknown datatype class", "0 to 10", typeClass.ToString());
        var bits = c.Bytes(3);
        uint size = c.U32();
        if (size is 0 or > 1 << 20)
            throw file.Error(path, "datatype size out of range", "1 byte to 1 MiB", size.ToString());
        var cls = (Hdf5TypeClass)typeClass;
        bool bigEndian = false, ieee = false;
        if (cls == Hdf5TypeClass.FloatingPoint)
        {
            bigEndian = (bits[0] & 0x01) != 0;
            bool vax = (bits[0] & 0x40) != 0;
            int normalization = (bits[0] >> 4) & 0x03, sign = bits[1];
            ushort offset = c.U16(), precision = c.U16();
            int expLocation = c.U8(), expSize = c.U8(), mantissaLocation = c.U8(), mantissaSize = c.U8();
            uint bias = c.U32();
            ieee = !vax && normalization == 2 && offset == 0 && mantissaLocation == 0 && (size, precision, expLocation, expSize, mantissaSize, bias, sign) switch
            {
                (4, 32, 23, 8, 23, 127, 31) => true,
                (8, 64, 52, 11, 52, 1023, 63) => true,
                _ => false,
            };
        }
        return new Hdf5Datatype(cls, (int)size, bigEndian, ieee, bits[0] & 0x0F,
            cls == Hdf5TypeClass.VariableLength && (bits[0] & 0x0F) == 1);
    }
}

/// <summary>A dataspace: scalar, simple (with dimensions) or null.</summary>
internal sealed record Hdf5Dataspace(Hdf5DataspaceKind Kind, ulong[] Dimensions)
{
    /// <summary>Elements it holds (1 for a scalar, 0 for null); null if the product overflows.</summary>
    public ulong? Count
    {
        get
        {
            if (Kind == Hdf5DataspaceKind.Null) return 0;
            ulong n = 1;
            foreach (ulong d in Dimensions)
            {
                if (d != 0 && n > ulong.MaxValue / d) return null;
                n *= d;
            }
            return n;
        }
    }

    public static Hdf5Dataspace Parse(ReadOnlySpan<byte> body, Hdf5File file, string path)
    {
        var c = new Hdf5Cursor(body, file, path, "dataspace message");
        int version = c.U8();
        int rank = c.U8();
        int flags = c.U8();
        Hdf5DataspaceKind kind;
        switch (version)
        {
            case 1:
                c.Skip(5); // reserved
                kind = rank == 0 ? Hdf5DataspaceKind.Scalar : Hdf5DataspaceKind.Simple;
                break;
            case 2:
                int type = c.U8();
                kind = type switch
                {
                    0 => Hdf5DataspaceKind.Scalar,
                    1 => Hdf5DataspaceKind.Simple,
                    2 => Hdf5DataspaceKind.Null,
                    _ => throw file.Error(path, "unknown dataspace type", "0 (scalar), 1 (simple) or 2 (null)", type.ToString()),
                };
                break;
            default:
                throw file.Error(path, "unsupported dataspace message version", "1 or 2", version.ToString());
        }
        if (rank > 32)
            throw file.Error(path, "dataspace rank out of range", "at most 32", rank.ToString());
        var dims = new ulong[kind == Hdf5DataspaceKind.Simple ? rank : 0];
        for (int k = 0; k < dims.Length; k++)
            dims[k] = c.Unsigned(file.LengthSize);
        _ = flags; // maximum dimensions (and v1 permutations) follow; a reader has no use for them
        return new Hdf5Dataspace(kind, dims);
    }
}

internal enum Hdf5DataspaceKind { Scalar, Simple, Null }

internal enum Hdf5LayoutClass { Compact, Contiguous, Chunked }

/// <summary>
/// A data layout message: compact data in the message, a contiguous block (address null when never written), or
/// chunks indexed by a version 1 B-tree (chunk dimensions in elements, without the element-size dimension).
/// </summary>
internal sealed record Hdf5Layout(Hdf5LayoutClass Class, long? Address, ReadOnlyMemory<byte> CompactData, uint[] ChunkDimensions)
{
    public static Hdf5Layout Parse(ReadOnlyMemory<byte> body, Hdf5File file, string path)
    {
        var c = new Hdf5Cursor(body.Span, file, path, "data layout message");
        int version = c.U8();
        if (version is 1 or 2)
        {
            int rank = c.U8();
            int cls = c.U8();
            c.Skip(5);
            long? address = cls == 0 ? null : c.Address();
            if (rank is 0 or > 33)
                throw file.Error(path, "layout dimensionality out of range", "1 to 33", rank.ToString());
            var dims = new uint[rank];
            for (int k = 0; k < rank; k++)
                dims[k] = c.U32();
            switch (cls)
            {
                case 0:
                    uint size = c.U32();
                    int at = c.Position;
                    c.Skip(size);
                    return new Hdf5Layout(Hdf5LayoutClass.Compact, null, body.Slice(at, (int)size), []);
                case 1:
                    return new Hdf5Layout(Hdf5LayoutClass.Contiguous, address, default, []);
                case 2:
                    return new Hdf5Layout(Hdf5LayoutClass.Chunked, address, default, dims[..^1]); // the last is the element size
            }
            throw file.Error(path, "unknown data layout class", "0 (compact), 1 (contiguous) or 2 (chunked)", cls.ToString());
        }
        if (version is not (3 or 4))
            throw file.Error(path, "unsupported data layout message version", "1 to 4", version.ToString());
        int layoutClass = c.U8();
        switch (layoutClass)
        {
            case 0:
            {
                int size = c.U16();
                int at = c.Position;
                c.Skip(size);
                return new Hdf5Layout(Hdf5LayoutClass.Compact, null, body.Slice(at, size), []);
            }
            case 1:
                return new Hdf5Layout(Hdf5LayoutClass.Contiguous, c.Address(), default, []);
            case 2 when version == 3:
            {
                int rank = c.U8();
                if (rank is < 2 or > 33)
                    throw file.Error(path, "chunk dimensionality out of range", "2 to 33", rank.ToString());
                long? address = c.Address();
                var dims = new uint[rank - 1];
                for (int k = 0; k < dims.Length; k++)
                    dims[k] = c.U32();
                return new Hdf5Layout(Hdf5LayoutClass.Chunked, address, default, dims);
            }
            case 2:
                throw file.Error(path, "unsupported chunked layout (version 4 chunk indexes are not read; Keras writes contiguous datasets)",
                    "a contiguous, compact or version 3 chunked layout", "layout version 4, chunked");
            default:
                throw file.Error(path, "unsupported data layout class", "0 (compact), 1 (contiguous) or 2 (chunked)", layoutClass.ToString());
        }
    }
}

/// <summary>Reads a fill value message (old or new) into the element's bytes; empty when none is defined.</summary>
internal static class Hdf5FillValue
{
    public static byte[] Parse(Hdf5ObjectHeader header, Hdf5File file, string path)
    {
        if (header.Find(Hdf5ObjectHeader.FillValue) is { } message)
        {
            var c = new Hdf5Cursor(message.Body.Span, file, path, "fill value message");
            int version = c.U8();
            bool defined;
            switch (version)
            {
                case 1 or 2:
                    c.Skip(2); // allocation and write times
                    defined = c.U8() != 0 || version == 1;
                    break;
                case 3:
                    defined = (c.U8() & 0x20) != 0;
                    break;
                default:
                    throw file.Error(path, "unsupported fill value message version", "1, 2 or 3", version.ToString());
            }
            if (!defined || c.Remaining < 4)
                return [];
            uint size = c.U32();
            return c.Bytes(size).ToArray();
        }
        if (header.Find(Hdf5ObjectHeader.FillValueOld) is { } old)
        {
            var c = new Hdf5Cursor(old.Body.Span, file, path, "fill value message");
            uint size = c.U32();
            return c.Bytes(size).ToArray();
        }
        return [];
    }
}

internal static class Hdf5Bytes
{
    /// <summary>Reverses each element's bytes in place (big-endian data to the machine's little-endian order).</summary>
    public static void SwapElements(Span<byte> bytes, int elementSize)
    {
        for (int k = 0; k + elementSize <= bytes.Length; k += elementSize)
            bytes.Slice(k, elementSize).Reverse();
    }
}

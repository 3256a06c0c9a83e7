using System;
using System.Collections.Generic;

namespace LstmGen.Hdf5;

/// <summary>One header message: its type and body (a slice of the header chunk it came from).</summary>
internal readonly record struct Hdf5Message(int Type, ReadOnlyMemory<byte> Body, bool Shared);

/// <summary>An object header (version 1 or 2) with its continuation blocks: the object's messages.</summary>
internal sealed class Hdf5ObjectHeader
{
    public const int Dataspace = 0x01, LinkInfo = 0x02, Datatype = 0x03, FillValueOld = 0x04, FillValue = 0x05, Link = 0x06,
        Layout = 0x08, FilterPipeline = 0x0B, Attribute = 0x0C, Continuation = 0x10, SymbolTable = 0x11, AttributeInfo = 0x15;

    private Hdf5ObjectHeader(long address, List<Hdf5Message> messages)
    {
        Address = address;
        Messages = messages;
    }

    public long Address { get; }

    public List<Hdf5Message> Messages { get; }

    /// <summary>The group's members, once listed (see <see cref="Hdf5Group"/>).</summary>
    public List<(string Name, long Address)>? Links { get; set; }

    /// <summary>The object's attributes, once parsed (see <see cref="Hdf5Object"/>).</summary>
    public List<Hdf5Attribute>? Attributes { get; set; }

    public Hdf5Message? Find(int type)
    {
        foreach (var m in Messages)
            if (m.Type == type)
                return m;
        return null;
    }

    private static bool IsRead(int type) => type is Dataspace or LinkInfo or Datatype or FillValueOld or FillValue or Link or Layout
        or FilterPipeline or Attribute or SymbolTable or AttributeInfo;

    public static Hdf5ObjectHeader Read(Hdf5File file, long address, string path)
    {
        var messages = new List<Hdf5Message>();
        var blocks = new Queue<(long Address, long Length)>();
        var seen = new HashSet<long> { address };
        byte[] prefix = file.ReadAt(address, 16, path, "object header", exact: false);
        int version;
        if (prefix.Length >= 4 && prefix.AsSpan(0, 4).SequenceEqual("OHDR"u8))
        {
            version = 2;
            prefix = file.ReadAt(address, 34, path, "object header", exact: false); // a version 2 prefix has up to 4 + 2 + 16 + 4 + 8 bytes
            var c = new Hdf5Cursor(prefix, file, path, "object header");
            c.Skip(4);
            if (c.U8() != 2)
                throw file.Error(path, "unsupported object header version", "2", prefix[4].ToString());
            int flags = c.U8();
            if ((flags & 0x20) != 0) c.Skip(16); // times
            if ((flags & 0x10) != 0) c.Skip(4); // attribute phase change values
            int sizeBytes = 1 << (flags & 3);
            long size = (long)Math.Min(c.Unsigned(sizeBytes), (ulong)file.Length);
            blocks.Enqueue((address + c.Position, size));
            ReadBlocks(file, path, version, blocks, seen, messages, v2FlagsCreationOrder: (flags & 0x04) != 0);
        }
        else
        {
            var c = new Hdf5Cursor(prefix, file, path, "object header");
            version = c.U8();
            if (version != 1)
                throw file.Error(path, "unsupported object header version (or not an object header)", "1 or 2", version.ToString());
            c.Skip(1 + 2 + 4); // reserved, message count, reference count
            long size = c.U32();
            blocks.Enqueue((address + 16, size)); // the 12-byte prefix is padded to 16
            ReadBlocks(file, path, version, blocks, seen, messages, v2FlagsCreationOrder: false);
        }
        return new Hdf5ObjectHeader(address, messages);
    }

    private static void ReadBlocks(Hdf5File file, string path, int version, Queue<(long Address, long Length)> blocks,
        HashSet<long> seen, List<Hdf5Message> messages, bool v2FlagsCreationOrder)
    {
        bool first = true;
        while (blocks.TryDequeue(out var block))
        {
            byte[] bytes = file.ReadAt(block.Address, block.Length, path, "object header messages");
            var c = new Hdf5Cursor(bytes, file, path, "object header messages");
            int end = bytes.Length;
            if (version == 2 && !first)
            {
                c.Signature("OCHK"u8);
                end -= 4; // a continuation block ends with its checksum (chunk 0's follows the size its prefix gives)
            }
            first = false;
            int headerSize = version == 1 ? 8 : 4 + (v2FlagsCreationOrder ? 2 : 0);
            while (end - c.Position >= headerSize)
            {
                int type, size, flags;
                if (version == 1)
                {
                    type = c.U16();
                    size = c.U16();
                    flags = c.U8();
                    c.Skip(3);
                }
                else
                {
                    type = c.U8();
                    size = c.U16();
                    flags = c.U8();
                    if (v2FlagsCreationOrder) c.Skip(2);
                }
                if (size > end - c.Position)
                    throw file.Error(path, "object header message runs past its block", $"at most {end - c.Position} bytes", $"{size} bytes (message type {type})");
                var body = new ReadOnlyMemory<byte>(bytes, c.Position, size);
                c.Skip(size);
                if (type == Continuation)
                {
                    var m = new Hdf5Cursor(body.Span, file, path, "header continuation");
                    long at = m.Address() ?? throw file.Error(path, "header continuation without an address", "an address", "undefined");
                    long length = m.Length(file.Length, "continuation length");
                    if (!seen.Add(at))
                        throw file.Error(path, "object header continuations form a loop", "each block once", $"block {at} again");
                    blocks.Enqueue((at, length));
                }
                else if (size > 0 && IsRead(type)) // only what the reader uses is kept (0 is padding)
                    messages.Add(new Hdf5Message(type, body, (flags & 0x02) != 0));
            }
        }
    }
}

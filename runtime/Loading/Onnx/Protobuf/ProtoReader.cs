using System;
using System.Buffers.Binary;
using System.Text;

namespace LstmGen.Loading;

/// <summary>
/// A minimal, allocation-free protobuf wire-format reader over one buffer: tags, varints, 32/64-bit
/// fixed values and length-delimited payloads, with every length checked against the end of the
/// enclosing message before it is used, unknown fields skipped (groups included), and nesting limited
/// to <see cref="MaxDepth"/>. It knows no schema: callers interpret field numbers.
/// </summary>
/// <remarks>Every fault throws <see cref="ProtoFormatException"/>; nothing is read past the message end.</remarks>
internal ref struct ProtoReader
{
    /// <summary>Nesting deeper than this is refused (protobuf's own default limit is 100).</summary>
    public const int DefaultMaxDepth = 64;

    /// <summary>Protobuf field numbers are 1 .. 2^29 − 1.</summary>
    public const int MaxFieldNumber = (1 << 29) - 1;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _end;
    private int _pos;

    /// <summary>A reader for the top-level message that fills <paramref name="buffer"/>.</summary>
    public ProtoReader(ReadOnlySpan<byte> buffer, int maxDepth = DefaultMaxDepth)
        : this(buffer, new ProtoSlice(0, buffer.Length, 0), maxDepth)
    {
    }

    /// <summary>A reader for a nested message found earlier (see <see cref="ReadLengthDelimited"/>).</summary>
    public ProtoReader(ReadOnlySpan<byte> buffer, ProtoSlice message, int maxDepth = DefaultMaxDepth)
    {
        if (message.Start < 0 || message.Length < 0 || message.End > buffer.Length || message.End < message.Start)
            throw new ArgumentOutOfRangeException(nameof(message), message, $"slice outside the {buffer.Length}-byte buffer");
        if (message.Depth > maxDepth)
            throw new ProtoFormatException(message.Start, $"messages nested deeper than {maxDepth} levels");
        _buffer = buffer;
        _pos = message.Start;
        _end = message.End;
        Depth = message.Depth;
        MaxDepth = maxDepth;
    }

    /// <summary>The nesting depth of the message being read (0 = top level).</summary>
    public int Depth { get; }

    /// <summary>The deepest nesting accepted.</summary>
    public int MaxDepth { get; }

    /// <summary>Absolute offset of the next byte to read.</summary>
    public readonly int Position => _pos;

    /// <summary>True when the whole message has been read.</summary>
    public readonly bool AtEnd => _pos >= _end;

    /// <summary>
    /// Reads the next field's tag; false at the end of the message. Field 0, field numbers above
    /// 2^29 − 1, wire types 6 and 7, and an end-group tag outside a group are malformed.
    /// </summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (_pos >= _end)
        {
            field = 0;
            wireType = default;
            return false;
        }
        int at = _pos;
        ulong tag = ReadVarint();
        ulong number = tag >> 3;
        int type = (int)(tag & 7);
        if (number == 0 || number > MaxFieldNumber)
            throw new ProtoFormatException(at, $"field number {number} is outside 1..{MaxFieldNumber}");
        if (type > 5)
            throw new ProtoFormatException(at, $"wire type {type} does not exist (field {number})");
        if (type == (int)WireType.EndGroup)
            throw new ProtoFormatException(at, $"end-group tag for field {number} without a start-group");
        field = (int)number;
        wireType = (WireType)type;
        return true;
    }

    /// <summary>A base-128 varint of at most 10 bytes whose value fits 64 bits.</summary>
    public ulong ReadVarint()
    {
        int at = _pos;
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (_pos >= _end)
                throw new ProtoFormatException(at, "varint runs past the end of its message");
            byte b = _buffer[_pos++];
            if (shift == 63 && b > 1)
                throw new ProtoFormatException(at, "varint overflows 64 bits");
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
                return value;
        }
        throw new ProtoFormatException(at, "varint longer than 10 bytes");
    }

    /// <summary>An int64 / enum / int32 field (two's complement, so −1 is ten bytes on the wire).</summary>
    public long ReadInt64() => (long)ReadVarint();

    /// <summary>A little-endian 32-bit value (fixed32, sfixed32, float).</summary>
    public uint ReadFixed32()
    {
        Need(4, "32-bit value");
        uint v = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_pos, 4));
        _pos += 4;
        return v;
    }

    /// <summary>A little-endian 64-bit value (fixed64, sfixed64, double).</summary>
    public ulong ReadFixed64()
    {
        Need(8, "64-bit value");
        ulong v = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_pos, 8));
        _pos += 8;
        return v;
    }

    /// <summary>A float field (wire type 32-bit).</summary>
    public float ReadFloat() => BitConverter.UInt32BitsToSingle(ReadFixed32());

    /// <summary>
    /// A length-delimited payload (bytes, string, packed repeated field or nested message). The length is
    /// checked against what is left of the enclosing message before anything else happens. The slice's
    /// depth is one more than this message's; it is only enforced when the slice is opened as a message.
    /// </summary>
    public ProtoSlice ReadLengthDelimited()
    {
        int at = _pos;
        ulong length = ReadVarint();
        int left = _end - _pos;
        if (length > (ulong)left)
            throw new ProtoFormatException(at, $"length {length} runs past the end of its message ({left} bytes left)");
        var slice = new ProtoSlice(_pos, (int)length, Depth + 1);
        _pos += (int)length;
        return slice;
    }

    /// <summary>A nested message: its payload, opened as a reader one level deeper.</summary>
    public ProtoReader ReadMessage()
    {
        var slice = ReadLengthDelimited();
        if (slice.Depth > MaxDepth)
            throw new ProtoFormatException(slice.Start, $"messages nested deeper than {MaxDepth} levels");
        return new ProtoReader(_buffer, slice, MaxDepth);
    }

    /// <summary>A string field, decoded as UTF-8 (invalid sequences become U+FFFD).</summary>
    public string ReadString() => Encoding.UTF8.GetString(Bytes(ReadLengthDelimited()));

    /// <summary>The bytes of a slice of this reader's buffer.</summary>
    public readonly ReadOnlySpan<byte> Bytes(ProtoSlice slice) => _buffer.Slice(slice.Start, slice.Length);

    /// <summary>Skips the value of a field whose tag was just read, including a whole group.</summary>
    public void Skip(int field, WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: Need(8, "64-bit value"); _pos += 8; break;
            case WireType.Fixed32: Need(4, "32-bit value"); _pos += 4; break;
            case WireType.LengthDelimited: ReadLengthDelimited(); break;
            case WireType.StartGroup: SkipGroup(field, Depth + 1); break;
            default: throw new ProtoFormatException(_pos, $"cannot skip wire type {(int)wireType} (field {field})");
        }
    }

    private void SkipGroup(int field, int depth)
    {
        int start = _pos;
        if (depth > MaxDepth)
            throw new ProtoFormatException(start, $"groups nested deeper than {MaxDepth} levels");
        while (true)
        {
            if (_pos >= _end)
                throw new ProtoFormatException(start, $"group for field {field} is not closed before the end of its message");
            int at = _pos;
            ulong tag = ReadVarint();
            ulong number = tag >> 3;
            int type = (int)(tag & 7);
            if (number == 0 || number > MaxFieldNumber || type > 5)
                throw new ProtoFormatException(at, $"malformed tag {tag} inside a group");
            if (type == (int)WireType.EndGroup)
            {
                if ((int)number != field)
                    throw new ProtoFormatException(at, $"end-group for field {number} closes the group of field {field}");
                return;
            }
            if (type == (int)WireType.StartGroup)
                SkipGroup((int)number, depth + 1);
            else
                Skip((int)number, (WireType)type);
        }
    }

    private readonly void Need(int bytes, string what)
    {
        if (_end - _pos < bytes)
            throw new ProtoFormatException(_pos, $"{what} runs past the end of its message ({_end - _pos} bytes left)");
    }

    /// <summary>
    /// Counts the varints of a packed repeated field's payload without decoding them, checking that
    /// each is at most 10 bytes and the last one is complete. <paramref name="offset"/> is the
    /// payload's absolute position, for messages.
    /// </summary>
    public static int CountVarints(ReadOnlySpan<byte> packed, int offset)
    {
        int count = 0, run = 0;
        for (int k = 0; k < packed.Length; k++)
        {
            if (++run > 10)
                throw new ProtoFormatException(offset + k, "varint longer than 10 bytes in a packed field");
            if (packed[k] < 0x80)
            {
                count++;
                run = 0;
            }
        }
        if (run != 0)
            throw new ProtoFormatException(offset + packed.Length, "packed field ends inside a varint");
        return count;
    }

    /// <summary>Decodes the varint at <paramref name="pos"/> of a payload already checked by <see cref="CountVarints"/>.</summary>
    public static ulong DecodeVarint(ReadOnlySpan<byte> packed, ref int pos)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = packed[pos++];
            value |= shift < 64 ? (ulong)(b & 0x7F) << shift : 0;
            if (b < 0x80)
                return value;
        }
    }
}

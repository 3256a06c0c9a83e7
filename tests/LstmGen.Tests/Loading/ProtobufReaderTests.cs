using LstmGen.Loading;

namespace LstmGen.Tests;

/// <summary>The runtime's protobuf wire-format reader on hand-built bytes (encodings from the protobuf spec).</summary>
public sealed class ProtobufReaderTests
{
    private static byte[] B(params int[] bytes) => bytes.Select(b => (byte)b).ToArray();

    private static ulong Varint(byte[] bytes)
    {
        var r = new ProtoReader(bytes);
        ulong v = r.ReadVarint();
        Assert.True(r.AtEnd);
        return v;
    }

    [Fact]
    public void VarintsDecode()
    {
        Assert.Equal(0UL, Varint(B(0x00)));
        Assert.Equal(1UL, Varint(B(0x01)));
        Assert.Equal(127UL, Varint(B(0x7F)));
        Assert.Equal(128UL, Varint(B(0x80, 0x01)));
        Assert.Equal(300UL, Varint(B(0xAC, 0x02)));          // the spec's example
        Assert.Equal(150UL, Varint(B(0x96, 0x01)));
        Assert.Equal(ulong.MaxValue, Varint(B(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)));
        Assert.Equal(0UL, Varint(B(0x80, 0x80, 0x00)));       // non-minimal encodings are legal
        // An int64 −1 is ten bytes; ReadInt64 gives back the two's complement.
        var r = new ProtoReader(B(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
        Assert.Equal(-1L, r.ReadInt64());
        foreach (ulong v in new ulong[] { 0, 1, 127, 128, 16383, 16384, (ulong)int.MaxValue, 1UL << 35, 1UL << 63, ulong.MaxValue - 1 })
            Assert.Equal(v, Varint(Pb.VarintBytes(v)));
    }

    [Fact]
    public void BadVarintsThrowWithOffset()
    {
        var e = Assert.Throws<ProtoFormatException>(() => Varint(B(0x80, 0x80)));
        Assert.Contains("runs past the end", e.Message);
        Assert.Equal(0, e.Offset);
        e = Assert.Throws<ProtoFormatException>(() => Varint(B(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02)));
        Assert.Contains("overflows 64 bits", e.Message);
        e = Assert.Throws<ProtoFormatException>(() => Varint(B(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)));
        Assert.Contains("overflows", e.Message); // the 10th byte may only carry bit 63
        e = Assert.Throws<ProtoFormatException>(() => Varint(Array.Empty<byte>()));
        Assert.Contains("runs past the end", e.Message);
    }

    [Fact]
    public void TagsSplitIntoFieldAndWireType()
    {
        // field 1 varint 150 (08 96 01), field 2 string "testing", field 3 fixed32, field 4 fixed64, field 2^29−1 varint
        var bytes = Pb.Cat(B(0x08, 0x96, 0x01), B(0x12, 0x07), "testing"u8.ToArray(), Pb.Fixed32Field(3, 0xDEADBEEF),
            Pb.Fixed64Field(4, 0x0123456789ABCDEF), Pb.VarintField(ProtoReader.MaxFieldNumber, 5));
        var r = new ProtoReader(bytes);
        Assert.True(r.TryReadTag(out int f, out var w));
        Assert.Equal((1, WireType.Varint), (f, w));
        Assert.Equal(150UL, r.ReadVarint());
        Assert.True(r.TryReadTag(out f, out w));
        Assert.Equal((2, WireType.LengthDelimited), (f, w));
        Assert.Equal("testing", r.ReadString());
        Assert.True(r.TryReadTag(out f, out w));
        Assert.Equal((3, WireType.Fixed32), (f, w));
        Assert.Equal(0xDEADBEEFu, r.ReadFixed32());
        Assert.True(r.TryReadTag(out f, out w));
        Assert.Equal((4, WireType.Fixed64), (f, w));
        Assert.Equal(0x0123456789ABCDEFUL, r.ReadFixed64());
        Assert.True(r.TryReadTag(out f, out w));
        Assert.Equal((ProtoReader.MaxFieldNumber, WireType.Varint), (f, w));
        Assert.Equal(5UL, r.ReadVarint());
        Assert.False(r.TryReadTag(out _, out _));
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void FloatsAreLittleEndian()
    {
        var r = new ProtoReader(Pb.Cat(BitConverter.GetBytes(1.5f), BitConverter.GetBytes(-2.25f)));
        Assert.Equal(1.5f, r.ReadFloat());
        Assert.Equal(-2.25f, BitConverter.UInt32BitsToSingle(r.ReadFixed32()));
        Assert.Equal(0x3FC00000u, new ProtoReader(B(0x00, 0x00, 0xC0, 0x3F)).ReadFixed32());
    }

    [Fact]
    public void BadTagsThrow()
    {
        Assert.Contains("field number 0", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(0x00, 0x00)).TryReadTag(out _, out _)).Message);
        Assert.Contains("wire type 6", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(0x0E)).TryReadTag(out _, out _)).Message);
        Assert.Contains("wire type 7", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(0x0F)).TryReadTag(out _, out _)).Message);
        Assert.Contains("without a start-group", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(0x0C)).TryReadTag(out _, out _)).Message);
        var tooBig = Pb.VarintBytes(((ulong)ProtoReader.MaxFieldNumber + 1) << 3);
        Assert.Contains("outside 1..", Assert.Throws<ProtoFormatException>(() => new ProtoReader(tooBig).TryReadTag(out _, out _)).Message);
    }

    [Fact]
    public void FixedValuesPastTheEndThrow()
    {
        Assert.Contains("32-bit value runs past the end", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(1, 2, 3)).ReadFixed32()).Message);
        Assert.Contains("64-bit value runs past the end", Assert.Throws<ProtoFormatException>(() => new ProtoReader(B(1, 2, 3, 4, 5, 6, 7)).ReadFixed64()).Message);
        // Skipping checks the same way.
        Assert.Throws<ProtoFormatException>(() => Skip(Pb.Cat(Pb.Tag(1, Pb.Fixed64), B(1, 2, 3))));
        Assert.Throws<ProtoFormatException>(() => Skip(Pb.Cat(Pb.Tag(1, Pb.Fixed32), B(1))));
    }

    [Fact]
    public void LengthsAreCheckedAgainstTheEnclosingMessage()
    {
        // A length that claims 10^12 bytes in an 8-byte buffer: refused before anything is read.
        var bytes = Pb.LyingLenField(1, 1_000_000_000_000, B(1, 2, 3));
        var e = Assert.Throws<ProtoFormatException>(() => { var r = new ProtoReader(bytes); r.TryReadTag(out _, out _); r.ReadLengthDelimited(); });
        Assert.Contains("length 1000000000000 runs past the end", e.Message);
        Assert.Contains("3 bytes left", e.Message);
        Assert.Equal(1, e.Offset);

        // A nested message is bounded by its own length, not the buffer's: the inner string's length
        // (5) fits the buffer but not the 3-byte message that holds it.
        var outer = Pb.Cat(Pb.LenField(1, B(0x0A, 0x05, (byte)'a')), B((byte)'b', (byte)'c', (byte)'d', (byte)'e'));
        e = Assert.Throws<ProtoFormatException>(() =>
        {
            var r = new ProtoReader(outer);
            r.TryReadTag(out _, out _);
            var inner = r.ReadMessage();
            inner.TryReadTag(out _, out _);
            inner.ReadString();
        });
        Assert.Contains("length 5 runs past the end", e.Message);
        Assert.Equal(3, e.Offset); // absolute: tag, length, then the inner tag at byte 2 and its length at byte 3
    }

    [Fact]
    public void NestedMessagesCarryDepthAndAbsolutePositions()
    {
        var inner = Pb.Cat(Pb.VarintField(1, 42), Pb.StringField(2, "x"));
        var bytes = Pb.Cat(Pb.VarintField(9, 1), Pb.LenField(3, Pb.LenField(4, inner)));
        var r = new ProtoReader(bytes);
        r.TryReadTag(out _, out _);
        r.ReadVarint();
        r.TryReadTag(out int f, out _);
        Assert.Equal(3, f);
        var mid = r.ReadMessage();
        Assert.Equal(1, mid.Depth);
        mid.TryReadTag(out f, out _);
        Assert.Equal(4, f);
        var slice = mid.ReadLengthDelimited();
        Assert.Equal(2, slice.Depth);
        Assert.Equal(inner.Length, slice.Length);
        Assert.Equal(bytes.Length - inner.Length, slice.Start);
        var deepest = new ProtoReader(bytes, slice);
        deepest.TryReadTag(out f, out _);
        Assert.Equal(42UL, deepest.ReadVarint());
        deepest.TryReadTag(out f, out _);
        Assert.Equal("x", deepest.ReadString());
        Assert.True(deepest.AtEnd);
        Assert.True(r.AtEnd);
    }

    [Fact]
    public void MessageNestingIsLimited()
    {
        byte[] Nest(int levels)
        {
            var m = Pb.VarintField(1, 7);
            for (int k = 0; k < levels; k++) m = Pb.LenField(1, m);
            return m;
        }
        static int Descend(byte[] bytes, int maxDepth)
        {
            var r = new ProtoReader(bytes, maxDepth);
            int depth = 0;
            while (r.TryReadTag(out _, out var w) && w == WireType.LengthDelimited)
            {
                r = r.ReadMessage();
                depth++;
            }
            return depth;
        }
        Assert.Equal(10, Descend(Nest(10), maxDepth: 10));
        var e = Assert.Throws<ProtoFormatException>(() => Descend(Nest(11), maxDepth: 10));
        Assert.Contains("nested deeper than 10", e.Message);
        Assert.Throws<ProtoFormatException>(() => Descend(Nest(ProtoReader.DefaultMaxDepth + 1), ProtoReader.DefaultMaxDepth));
        // A stored slice reopened past the limit is refused too.
        Assert.Throws<ProtoFormatException>(() => new ProtoReader(new byte[4], new ProtoSlice(0, 4, 11), maxDepth: 10));
    }

    private static void Skip(byte[] bytes, int maxDepth = ProtoReader.DefaultMaxDepth)
    {
        var r = new ProtoReader(bytes, maxDepth);
        while (r.TryReadTag(out int f, out var w))
            r.Skip(f, w);
    }

    [Fact]
    public void EveryWireTypeIsSkipped()
    {
        var group = Pb.Cat(Pb.Tag(5, Pb.StartGroup), Pb.VarintField(1, 3), Pb.StringField(2, "in a group"),
            Pb.Tag(6, Pb.StartGroup), Pb.Fixed32Field(1, 9), Pb.Tag(6, Pb.EndGroup), Pb.Tag(5, Pb.EndGroup));
        var bytes = Pb.Cat(Pb.VarintField(1, -1), Pb.Fixed64Field(2, 1), Pb.StringField(3, "skip me"), Pb.Fixed32Field(4, 2), group,
            Pb.VarintField(7, 99));
        var r = new ProtoReader(bytes);
        int seen = 0;
        while (r.TryReadTag(out int f, out var w))
        {
            if (f == 7)
                Assert.Equal(99UL, r.ReadVarint());
            else
                r.Skip(f, w);
            seen++;
        }
        Assert.Equal(6, seen);
    }

    [Fact]
    public void BadGroupsThrow()
    {
        // Closed by another field's end-group.
        var e = Assert.Throws<ProtoFormatException>(() => Skip(Pb.Cat(Pb.Tag(5, Pb.StartGroup), Pb.Tag(6, Pb.EndGroup))));
        Assert.Contains("closes the group of field 5", e.Message);
        // Never closed.
        e = Assert.Throws<ProtoFormatException>(() => Skip(Pb.Cat(Pb.Tag(5, Pb.StartGroup), Pb.VarintField(1, 1))));
        Assert.Contains("not closed", e.Message);
        // Nested past the depth limit: refused without recursing further (no stack overflow at 100 000 levels).
        byte[] Groups(int levels) => Pb.Cat(Enumerable.Repeat(Pb.Tag(5, Pb.StartGroup), levels).Concat(Enumerable.Repeat(Pb.Tag(5, Pb.EndGroup), levels)));
        Skip(Groups(8), maxDepth: 8);
        e = Assert.Throws<ProtoFormatException>(() => Skip(Groups(9), maxDepth: 8));
        Assert.Contains("nested deeper than 8", e.Message);
        Assert.Throws<ProtoFormatException>(() => Skip(Groups(100_000)));
    }

    [Fact]
    public void PackedVarintsAreCountedAndChecked()
    {
        var packed = Pb.Cat(Pb.VarintBytes(3), Pb.VarintBytes(270), Pb.VarintBytes(86942), Pb.VarintBytes(ulong.MaxValue));
        Assert.Equal(4, ProtoReader.CountVarints(packed, 0));
        int p = 0;
        Assert.Equal(3UL, ProtoReader.DecodeVarint(packed, ref p));
        Assert.Equal(270UL, ProtoReader.DecodeVarint(packed, ref p));
        Assert.Equal(86942UL, ProtoReader.DecodeVarint(packed, ref p));
        Assert.Equal(ulong.MaxValue, ProtoReader.DecodeVarint(packed, ref p));
        Assert.Equal(packed.Length, p);
        Assert.Equal(0, ProtoReader.CountVarints(ReadOnlySpan<byte>.Empty, 0));
        var e = Assert.Throws<ProtoFormatException>(() => ProtoReader.CountVarints(B(0x01, 0x80), 100));
        Assert.Contains("ends inside a varint", e.Message);
        Assert.Equal(102, e.Offset);
        Assert.Throws<ProtoFormatException>(() => ProtoReader.CountVarints(Enumerable.Repeat((byte)0x80, 11).Append((byte)0).ToArray(), 0));
    }

    [Fact]
    public void AStringIsUtf8()
    {
        var r = new ProtoReader(Pb.StringField(1, "Größe ✓"));
        r.TryReadTag(out _, out _);
        Assert.Equal("Größe ✓", r.ReadString());
    }
}

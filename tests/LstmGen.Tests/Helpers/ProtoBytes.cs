using System.Collections.Generic;
using System.Text;

namespace LstmGen.Tests;

/// <summary>
/// Test-side protobuf writer and splitter, written independently of the runtime's reader: builds
/// wire-format bytes by hand and edits real ONNX files field by field (no schema, field numbers only).
/// </summary>
internal static class Pb
{
    public const int Varint = 0, Fixed64 = 1, Len = 2, StartGroup = 3, EndGroup = 4, Fixed32 = 5;

    public static byte[] VarintBytes(ulong v)
    {
        var bytes = new List<byte>();
        do
        {
            byte b = (byte)(v & 0x7F);
            v >>= 7;
            bytes.Add(v != 0 ? (byte)(b | 0x80) : b);
        } while (v != 0);
        return bytes.ToArray();
    }

    public static byte[] Tag(int field, int wire) => VarintBytes(((ulong)field << 3) | (uint)wire);

    public static byte[] Cat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] Cat(IEnumerable<byte[]> parts) => parts.SelectMany(p => p).ToArray();

    public static byte[] VarintField(int field, long value) => Cat(Tag(field, Varint), VarintBytes((ulong)value));

    public static byte[] Fixed32Field(int field, uint value) => Cat(Tag(field, Fixed32), BitConverter.GetBytes(value));

    public static byte[] FloatField(int field, float value) => Fixed32Field(field, BitConverter.SingleToUInt32Bits(value));

    public static byte[] Fixed64Field(int field, ulong value) => Cat(Tag(field, Fixed64), BitConverter.GetBytes(value));

    public static byte[] LenField(int field, byte[] payload) => Cat(Tag(field, Len), VarintBytes((ulong)payload.Length), payload);

    public static byte[] StringField(int field, string s) => LenField(field, Encoding.UTF8.GetBytes(s));

    /// <summary>A length-delimited field whose length prefix claims <paramref name="claimed"/> bytes.</summary>
    public static byte[] LyingLenField(int field, ulong claimed, byte[] payload) => Cat(Tag(field, Len), VarintBytes(claimed), payload);

    /// <summary>One top-level field: number, wire type, the whole encoding (tag included) and a LEN payload.</summary>
    public sealed record Field(int Number, int Wire, byte[] Encoded, byte[]? Payload);

    /// <summary>Splits a message into its top-level fields (groups are kept whole).</summary>
    public static List<Field> Split(byte[] message)
    {
        var fields = new List<Field>();
        int pos = 0;
        while (pos < message.Length)
        {
            int start = pos;
            ulong tag = ReadVarint(message, ref pos);
            int number = (int)(tag >> 3), wire = (int)(tag & 7);
            byte[]? payload = null;
            switch (wire)
            {
                case Varint: ReadVarint(message, ref pos); break;
                case Fixed64: pos += 8; break;
                case Fixed32: pos += 4; break;
                case Len:
                    int length = checked((int)ReadVarint(message, ref pos));
                    payload = message[pos..(pos + length)];
                    pos += length;
                    break;
                default: throw new InvalidOperationException($"test splitter: wire type {wire}");
            }
            fields.Add(new Field(number, wire, message[start..pos], payload));
        }
        return fields;
    }

    private static ulong ReadVarint(byte[] b, ref int pos)
    {
        ulong v = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte x = b[pos++];
            v |= (ulong)(x & 0x7F) << shift;
            if (x < 0x80) return v;
        }
    }

    /// <summary>
    /// Rewrites every LEN field <paramref name="field"/> of <paramref name="message"/>: <paramref name="edit"/>
    /// returns the new payload, or null to drop the field.
    /// </summary>
    public static byte[] EditLen(byte[] message, int field, Func<byte[], byte[]?> edit) =>
        Cat(Split(message).Select(f =>
        {
            if (f.Number != field || f.Wire != Len) return f.Encoded;
            var payload = edit(f.Payload!);
            return payload is null ? Array.Empty<byte>() : LenField(field, payload);
        }));

    /// <summary>Removes every field <paramref name="field"/>.</summary>
    public static byte[] Drop(byte[] message, int field) => Cat(Split(message).Where(f => f.Number != field).Select(f => f.Encoded));

    /// <summary>The first string (LEN) field <paramref name="field"/>, or "".</summary>
    public static string StringOf(byte[] message, int field) =>
        Split(message).FirstOrDefault(f => f.Number == field && f.Wire == Len)?.Payload is { } p ? Encoding.UTF8.GetString(p) : "";

    /// <summary>All string fields <paramref name="field"/> in order.</summary>
    public static List<string> StringsOf(byte[] message, int field) =>
        Split(message).Where(f => f.Number == field && f.Wire == Len).Select(f => Encoding.UTF8.GetString(f.Payload!)).ToList();

    /// <summary>The first LEN field <paramref name="field"/>'s payload.</summary>
    public static byte[] PayloadOf(byte[] message, int field) =>
        Split(message).First(f => f.Number == field && f.Wire == Len).Payload!;
}

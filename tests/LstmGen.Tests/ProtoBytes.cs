using System;
using System.Collections.Generic;
using System.Linq;
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

/// <summary>ONNX-shaped edits and builders on top of <see cref="Pb"/> (field numbers from onnx.proto).</summary>
internal static class OnnxBytes
{
    public const int FloatType = 1, Int32Type = 6, Float16Type = 10, DoubleType = 11, BFloat16Type = 16;

    public static byte[] EditGraph(byte[] model, Func<byte[], byte[]> edit) => Pb.EditLen(model, 7, g => edit(g));

    public static byte[] Graph(byte[] model) => Pb.PayloadOf(model, 7);

    /// <summary>Edits the initializer named <paramref name="name"/> (null result drops it).</summary>
    public static byte[] EditInitializer(byte[] model, string name, Func<byte[], byte[]?> edit) =>
        EditGraph(model, g => Pb.EditLen(g, 5, t => Pb.StringOf(t, 8) == name ? edit(t) : t));

    /// <summary>Edits every LSTM node.</summary>
    public static byte[] EditLstmNodes(byte[] model, Func<byte[], byte[]> edit) =>
        EditGraph(model, g => Pb.EditLen(g, 1, n => Pb.StringOf(n, 4) == "LSTM" ? edit(n) : n));

    /// <summary>The input names of the first LSTM node.</summary>
    public static List<string> LstmInputs(byte[] model) =>
        Pb.StringsOf(Pb.Split(Graph(model)).First(f => f.Number == 1 && Pb.StringOf(f.Payload!, 4) == "LSTM").Payload!, 1);

    public static byte[] Initializer(byte[] model, string name) =>
        Pb.Split(Graph(model)).First(f => f.Number == 5 && Pb.StringOf(f.Payload!, 8) == name).Payload!;

    public static byte[] AddAttribute(byte[] node, byte[] attribute) => Pb.Cat(node, Pb.LenField(5, attribute));

    /// <summary>Drops the attribute named <paramref name="name"/> from a node.</summary>
    public static byte[] DropAttribute(byte[] node, string name) => Pb.EditLen(node, 5, a => Pb.StringOf(a, 1) == name ? null : a);

    public static byte[] IntAttribute(string name, long value) => Pb.Cat(Pb.StringField(1, name), Pb.VarintField(3, value), Pb.VarintField(20, 2));

    public static byte[] FloatAttribute(string name, float value) => Pb.Cat(Pb.StringField(1, name), Pb.FloatField(2, value), Pb.VarintField(20, 1));

    public static byte[] StringAttribute(string name, string value) => Pb.Cat(Pb.StringField(1, name), Pb.StringField(4, value), Pb.VarintField(20, 3));

    public static byte[] StringsAttribute(string name, params string[] values) =>
        Pb.Cat(new[] { Pb.StringField(1, name) }.Concat(values.Select(v => Pb.StringField(9, v))).Append(Pb.VarintField(20, 8)));

    /// <summary>A TensorProto: dims (unpacked), data_type, name, then <paramref name="data"/> (whole fields).</summary>
    public static byte[] Tensor(string name, int dataType, long[] dims, params byte[][] data) =>
        Pb.Cat(dims.Select(d => Pb.VarintField(1, d))
            .Append(Pb.VarintField(2, dataType))
            .Append(Pb.StringField(8, name))
            .Concat(data));

    public static byte[] RawFloats(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (int k = 0; k < values.Length; k++)
            BitConverter.TryWriteBytes(bytes.AsSpan(4 * k), values[k]);
        return Pb.LenField(9, bytes);
    }

    public static byte[] Node(string opType, string name, string[] inputs, string[] outputs, params byte[][] attributes) =>
        Pb.Cat(inputs.Select(i => Pb.StringField(1, i))
            .Concat(outputs.Select(o => Pb.StringField(2, o)))
            .Append(Pb.StringField(3, name))
            .Append(Pb.StringField(4, opType))
            .Concat(attributes.Select(a => Pb.LenField(5, a))));

    /// <summary>A ModelProto (ir_version 8, opset 14) whose graph holds <paramref name="nodes"/> and <paramref name="initializers"/>.</summary>
    public static byte[] Model(byte[][] nodes, byte[][] initializers, params byte[][] graphExtra) =>
        Pb.Cat(Pb.VarintField(1, 8),
            Pb.StringField(2, "LstmGen.Tests"),
            Pb.LenField(7, Pb.Cat(nodes.Select(n => Pb.LenField(1, n))
                .Append(Pb.StringField(2, "g"))
                .Concat(initializers.Select(t => Pb.LenField(5, t)))
                .Concat(graphExtra))),
            Pb.LenField(8, Pb.Cat(Pb.StringField(1, ""), Pb.VarintField(2, 14))));

    /// <summary>
    /// A minimal valid LSTM model: I inputs, H units, forward, W/R/B float raw_data filled from
    /// <paramref name="seed"/>, hidden_size given, plus any <paramref name="extraAttributes"/>.
    /// </summary>
    public static byte[] SmallLstm(int input, int units, int seed, string[]? inputs = null, byte[][]? extraInitializers = null, params byte[][] extraAttributes)
    {
        var m = new TestModel(input, units, seed);
        var b = m.BiasIh.Concat(m.BiasHh).ToArray();
        var attrs = new[] { IntAttribute("hidden_size", units) }.Concat(extraAttributes).ToArray();
        var node = Node("LSTM", "lstm", inputs ?? new[] { "X", "W", "R", "B" }, new[] { "Y" }, attrs);
        var inits = new List<byte[]>
        {
            Tensor("W", FloatType, new long[] { 1, 4 * units, input }, RawFloats(m.WeightIh)),
            Tensor("R", FloatType, new long[] { 1, 4 * units, units }, RawFloats(m.WeightHh)),
            Tensor("B", FloatType, new long[] { 1, 8 * units }, RawFloats(b)),
        };
        inits.AddRange(extraInitializers ?? Array.Empty<byte[]>());
        return Model(new[] { node }, inits.ToArray());
    }
}

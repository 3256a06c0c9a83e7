using System.Collections.Generic;

namespace LstmGen.Tests;

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

    /// <summary>A TensorProto's raw_data field holding <paramref name="values"/>.</summary>
    public static byte[] RawFloats(ReadOnlySpan<float> values) => Pb.LenField(9, LittleEndian.Floats(values));

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
        var m = new TestLstm(input, units, seed);
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

using System.Collections.Generic;
using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// What <see cref="LstmWeights.LoadOnnx(Stream, string?, int, int, LstmLoadOptions?)"/> reads and refuses: exporter
/// variants, every rejection by name, malformed bytes (mutated in memory), allocation bounds.
/// </summary>
public sealed class OnnxLoaderTests(ITestOutputHelper log)
{
    private const string Name = "mutated.onnx";

    private LstmFormatException Fails(byte[] bytes, int node = 0, int direction = 0, LstmLoadOptions? options = null)
    {
        var e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadOnnx(new MemoryStream(bytes), Name, node, direction, options));
        log.WriteLine(e.Message);
        Assert.Equal(Name, e.FileName);
        Assert.StartsWith(Name + ": ", e.Message);
        Assert.Contains(e.Problem, e.Message);
        if (e.Expected is not null) Assert.Contains(e.Expected, e.Message);
        if (e.Actual is not null) Assert.Contains(e.Actual, e.Message);
        return e;
    }

    private static LstmWeights Load(byte[] bytes, int node = 0, int direction = 0, LstmLoadOptions? options = null) =>
        LstmWeights.LoadOnnx(new MemoryStream(bytes), Name, node, direction, options);

    private static void AssertSameWeights(LstmWeights expected, LstmWeights actual)
    {
        Assert.Equal((expected.Input, expected.Units), (actual.Input, actual.Units));
        Assert.Equal(expected.WeightIh.ToArray(), actual.WeightIh.ToArray());
        Assert.Equal(expected.WeightHh.ToArray(), actual.WeightHh.ToArray());
        Assert.Equal(expected.Bias.ToArray(), actual.Bias.ToArray());
    }

    // torch_lstm1.onnx: torch.onnx.export of nn.LSTM(11, 29); W, R, B are raw_data initializers.
    private static byte[] Torch1 => Fixture.Bytes("onnx", "torch_lstm1.onnx");
    private static string WName => OnnxBytes.LstmInputs(Torch1)[1];
    private static string RName => OnnxBytes.LstmInputs(Torch1)[2];
    private static string BName => OnnxBytes.LstmInputs(Torch1)[3];

    private static float[] RawFloats(byte[] tensor)
    {
        var raw = Pb.PayloadOf(tensor, 9);
        return Enumerable.Range(0, raw.Length / 4).Select(k => BitConverter.ToSingle(raw, 4 * k)).ToArray();
    }

    // ---- What is read ----

    [Fact]
    public void TorchExportMapsThroughFromOnnx()
    {
        var model = Torch1;
        var w = LstmWeights.LoadOnnx(Fixture.Path("onnx", "torch_lstm1.onnx"));
        var b = RawFloats(OnnxBytes.Initializer(model, BName));
        Assert.Equal(8 * 29, b.Length);
        var expected = LstmWeights.FromOnnx(11, 29, RawFloats(OnnxBytes.Initializer(model, WName)),
            RawFloats(OnnxBytes.Initializer(model, RName)), b);
        AssertSameWeights(expected, w);
        AssertSameWeights(w, Load(model));
    }

    [Fact]
    public void ListsNodesWithDirectionsAndSizes()
    {
        string Describe(string file) => string.Join(" | ", LstmWeights.ListOnnxNodes(Fixture.Path("onnx", file)));
        Assert.Equal("LSTM node 0 '/LSTM': forward, input 11, units 29 | LSTM node 1 '/LSTM_1': forward, input 29, units 29",
            Describe("torch_lstm2.onnx"));
        var bidir = LstmWeights.ListOnnxNodes(Fixture.Path("onnx", "torch_bidir2.onnx"));
        Assert.Equal(new[] { (0, "bidirectional", 2, (int?)5, (int?)9), (1, "bidirectional", 2, 18, 9) },
            bidir.Select(n => (n.Index, n.Direction, n.Directions, n.Input, n.Units)));
        Assert.Equal("LSTM node 0 'lstm_reverse': reverse, input 3, units 5 | LSTM node 1 'lstm_forward': forward, input 5, units 5",
            Describe("helper_constants.onnx"));
        Assert.Equal("LSTM node 0 'lstm_double': forward, input 3, units 5", Describe("helper_double.onnx")); // no hidden_size: from R
        // Weights computed at run time: sizes that need W are unknown, hidden_size still shows.
        var nofold = LstmWeights.ListOnnxNodes(Fixture.Path("onnx", "bad_torch_nofold.onnx")).Single();
        Assert.Equal((null, 5), (nofold.Input, nofold.Units));
        // The Stream overload lists the same.
        using var s = File.OpenRead(Fixture.Path("onnx", "torch_lstm2.onnx"));
        Assert.Equal(2, LstmWeights.ListOnnxNodes(s, "torch_lstm2.onnx").Count);
        Assert.Empty(LstmWeights.ListOnnxNodes(new MemoryStream(OnnxBytes.Model(new[] { OnnxBytes.Node("Relu", "r", new[] { "X" }, new[] { "Y" }) }, Array.Empty<byte[]>())), null));
    }

    [Fact]
    public void StreamsOfEveryKindGiveTheSameWeights()
    {
        var bytes = Torch1;
        var reference = LstmWeights.LoadOnnx(Fixture.Path("onnx", "torch_lstm1.onnx"));
        using (var file = File.OpenRead(Fixture.Path("onnx", "torch_lstm1.onnx")))
            AssertSameWeights(reference, LstmWeights.LoadOnnx(file, "torch_lstm1.onnx"));
        AssertSameWeights(reference, LstmWeights.LoadOnnx(new NonSeekableStream(bytes, maxRead: 1000), "pipe"));
        // A MemoryStream positioned after a prefix: only the rest is the model.
        var prefixed = new MemoryStream(Pb.Cat(new byte[] { 0xFF, 0xFF, 0xFF }, bytes));
        prefixed.Position = 3;
        AssertSameWeights(reference, LstmWeights.LoadOnnx(prefixed, null));
        Assert.Equal(prefixed.Length, prefixed.Position);
        // A read-only MemoryStream over part of an array (no public buffer).
        var wrapped = Pb.Cat(new byte[] { 1, 2 }, bytes, new byte[] { 3 });
        AssertSameWeights(reference, LstmWeights.LoadOnnx(new MemoryStream(wrapped, 2, bytes.Length, writable: false), null));
        // One whose buffer is public: read in place, from its position.
        var visible = new MemoryStream(wrapped, 1, bytes.Length + 1, writable: false, publiclyVisible: true) { Position = 1 };
        AssertSameWeights(reference, LstmWeights.LoadOnnx(visible, null));
    }

    [Fact]
    public void TypedFieldsPackedOrNotMatchRawData()
    {
        var model = Torch1;
        var reference = Load(model);
        var wRaw = RawFloats(OnnxBytes.Initializer(model, WName));
        var rRaw = RawFloats(OnnxBytes.Initializer(model, RName));
        var bRaw = RawFloats(OnnxBytes.Initializer(model, BName));
        byte[] PackedFloats(IEnumerable<float> v) => Pb.LenField(4, v.SelectMany(BitConverter.GetBytes).ToArray());
        byte[] PackedDoubles(IEnumerable<float> v) => Pb.LenField(10, v.SelectMany(f => BitConverter.GetBytes((double)f)).ToArray());

        // W: float_data unpacked (one fixed32 field per value); R: float_data in two packed runs;
        // B: DOUBLE, double_data, half packed and half unpacked.
        var typed = OnnxBytes.EditInitializer(model, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.Cat(wRaw.Select(v => Pb.FloatField(4, v)))));
        typed = OnnxBytes.EditInitializer(typed, RName, t => Pb.Cat(Pb.Drop(t, 9), PackedFloats(rRaw.Take(100)), PackedFloats(rRaw.Skip(100))));
        typed = OnnxBytes.EditInitializer(typed, BName, t => Pb.Cat(
            Pb.Drop(Pb.Drop(t, 9), 2), Pb.VarintField(2, OnnxBytes.DoubleType),
            PackedDoubles(bRaw.Take(50)), Pb.Cat(bRaw.Skip(50).Select(v => Pb.Fixed64Field(10, BitConverter.DoubleToUInt64Bits(v))))));
        AssertSameWeights(reference, Load(typed));
    }

    [Theory]
    [InlineData(OnnxBytes.Float16Type, false)]
    [InlineData(OnnxBytes.Float16Type, true)]
    [InlineData(OnnxBytes.BFloat16Type, false)]
    [InlineData(OnnxBytes.BFloat16Type, true)]
    public void HalfPrecisionWeightsWiden(int dataType, bool typedField)
    {
        var model = Torch1;
        var w = RawFloats(OnnxBytes.Initializer(model, WName));
        var r = RawFloats(OnnxBytes.Initializer(model, RName));
        var b = RawFloats(OnnxBytes.Initializer(model, BName));
        ushort Bits(float v) => dataType == OnnxBytes.Float16Type
            ? BitConverter.HalfToUInt16Bits((Half)v)
            : (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16); // bfloat16 by truncation
        float Widen(ushort bits) => dataType == OnnxBytes.Float16Type
            ? (float)BitConverter.UInt16BitsToHalf(bits)
            : BitConverter.UInt32BitsToSingle((uint)bits << 16);
        var edited = OnnxBytes.EditInitializer(model, WName, t =>
        {
            var bits = w.Select(Bits).ToArray();
            var data = typedField
                ? Pb.LenField(5, Pb.Cat(bits.Select(x => Pb.VarintBytes(x))))
                : Pb.LenField(9, bits.SelectMany(BitConverter.GetBytes).ToArray());
            return Pb.Cat(Pb.Drop(Pb.Drop(t, 9), 2), Pb.VarintField(2, dataType), data);
        });
        var expected = LstmWeights.FromOnnx(11, 29, w.Select(v => Widen(Bits(v))).ToArray(), r, b);
        AssertSameWeights(expected, Load(edited));
        Assert.NotEqual(w, w.Select(v => Widen(Bits(v))).ToArray()); // the conversion really happened
    }

    [Fact]
    public void UnknownFieldsOfEveryWireTypeAreSkipped()
    {
        var model = Torch1;
        var reference = Load(model);
        byte[] Junk(int field) => Pb.Cat(
            Pb.VarintField(field, -1), Pb.Fixed64Field(field + 1, 7), Pb.Fixed32Field(field + 2, 9), Pb.StringField(field + 3, "junk"),
            Pb.Tag(field + 4, Pb.StartGroup), Pb.VarintField(1, 1), Pb.Tag(field + 5, Pb.StartGroup), Pb.StringField(2, "x"),
            Pb.Tag(field + 5, Pb.EndGroup), Pb.Tag(field + 4, Pb.EndGroup));
        // Innermost first (the test splitter itself does not step over groups).
        var noisy = OnnxBytes.EditInitializer(model, WName, t => Pb.Cat(Junk(700), t, Junk(800)));
        noisy = OnnxBytes.EditLstmNodes(noisy, n => Pb.Cat(Junk(500), Pb.EditLen(n, 5, a => Pb.Cat(a, Junk(600)))));
        noisy = OnnxBytes.EditGraph(noisy, g => Pb.Cat(Junk(300), g, Junk(400)));
        noisy = Pb.Cat(Junk(100), noisy, Junk(200));
        AssertSameWeights(reference, Load(noisy));
    }

    [Fact]
    public void ThingsThatDoNotChangeTheWeightsAreAccepted()
    {
        var reference = Load(Torch1);
        // clip = +inf is no clipping; activations spelled out; activation_alpha (unused by Sigmoid/Tanh);
        // layout = 1 only reorders X and Y.
        var model = OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(n,
            Pb.LenField(5, OnnxBytes.FloatAttribute("clip", float.PositiveInfinity)),
            Pb.LenField(5, OnnxBytes.StringsAttribute("activations", "SIGMOID", "tanh", "Tanh")),
            Pb.LenField(5, Pb.Cat(Pb.StringField(1, "activation_alpha"), Pb.FloatField(7, 0.5f), Pb.VarintField(20, 6))),
            Pb.LenField(5, OnnxBytes.IntAttribute("layout", 1)),
            Pb.LenField(5, OnnxBytes.IntAttribute("input_forget", 0)),
            Pb.LenField(5, OnnxBytes.IntAttribute("output_sequence", 1)))); // LSTM-1's attribute
        AssertSameWeights(reference, Load(model));

        // Zero peepholes and zero initial states stored as constants; P fed at run time (the caller's business).
        var zeros = new[]
        {
            OnnxBytes.Tensor("P", OnnxBytes.FloatType, new long[] { 1, 15 }, OnnxBytes.RawFloats(new float[15])),
            OnnxBytes.Tensor("h0", OnnxBytes.FloatType, new long[] { 1, 3, 5 }, OnnxBytes.RawFloats(new float[15])),
            OnnxBytes.Tensor("c0", OnnxBytes.DoubleType, new long[] { 1, 1, 5 }, Pb.LenField(10, new byte[40])),
        };
        var small = OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "h0", "c0", "P" }, zeros);
        var plain = Load(OnnxBytes.SmallLstm(3, 5, 1));
        AssertSameWeights(plain, Load(small));
        var fed = OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "lens", "h_in", "c_in", "P_in" });
        AssertSameWeights(plain, Load(fed));
        // No B: zero bias.
        Assert.All(Load(OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R" })).Bias.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Load(OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "" })).Bias.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void NonFiniteWeightsAreRejectedUnlessAllowed()
    {
        var model = OnnxBytes.EditInitializer(Torch1, WName, t => Pb.EditLen(t, 9, raw =>
        {
            raw = (byte[])raw.Clone();
            BitConverter.TryWriteBytes(raw.AsSpan(4 * 17), float.NaN);
            return raw;
        }));
        var e = Fails(model);
        Assert.Equal(WName, e.Tensor);
        Assert.Contains("element 17 is NaN", e.Problem);
        Assert.Contains("AllowNonFinite", e.Problem);
        Assert.Equal("NaN", e.Actual);
        var w = Load(model, options: new LstmLoadOptions { AllowNonFinite = true });
        Assert.Single(w.WeightIh.ToArray(), float.IsNaN);

        // A double too large for float32 becomes ∞, which is refused the same way.
        var big = OnnxBytes.EditInitializer(OnnxBytes.SmallLstm(3, 5, 2), "B", t => Pb.Cat(Pb.Drop(Pb.Drop(t, 9), 2),
            Pb.VarintField(2, OnnxBytes.DoubleType), Pb.Cat(Enumerable.Range(0, 40).Select(k => Pb.Fixed64Field(10, BitConverter.DoubleToUInt64Bits(k == 3 ? 1e300 : 0.5))))));
        e = Fails(big);
        Assert.Equal("B", e.Tensor);
        Assert.Equal("Infinity", e.Actual);
        Assert.True(float.IsPositiveInfinity(Load(big, options: new LstmLoadOptions { AllowNonFinite = true }).Bias[3]));
    }

    // ---- Rejections by real tools' files ----

    public static TheoryData<string, string, string, string, string> RefusedFixtures() => new()
    {
        // file, Tensor, words of Problem, Expected, words of Actual
        { "bad_peephole.onnx", "P", "peephole weights (input P) are not supported", "no P input, or all zeros", "element 0 = " },
        { "bad_clip.onnx", "clip", "clips the cell input", "no clip attribute", "clip = 3" },
        { "bad_relu.onnx", "activations", "activations the LstmGen kernel does not compute", "Sigmoid, Tanh, Tanh", "Sigmoid, Relu, Tanh" },
        { "bad_input_forget.onnx", "input_forget", "couples the input and forget gates", "input_forget = 0", "input_forget = 1" },
        { "bad_external.onnx", "W", "stored as external data", "data inside the .onnx file", "external file 'bad_external.onnx.data'" },
        { "bad_torch_nofold.onnx", "/Unsqueeze_1_output_0", "do_constant_folding=True", "a graph initializer or Constant node", "the output of node '/Unsqueeze_1' (Unsqueeze)" },
        { "bad_torch_noparams.onnx", "onnx::LSTM_111", "export_params=True", "a graph initializer or Constant node", "a graph input, fed at run time" },
    };

    [Theory]
    [MemberData(nameof(RefusedFixtures))]
    public void RefusedFixturesNameWhatIsWrong(string file, string tensor, string problem, string expected, string actual)
    {
        string path = Fixture.Path("onnx", file);
        var e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadOnnx(path));
        log.WriteLine(e.Message);
        Assert.Equal(path, e.FileName);
        Assert.Equal(tensor, e.Tensor);
        Assert.Contains(problem, e.Problem);
        Assert.Equal(expected, e.Expected);
        Assert.Contains(actual, e.Actual);
        Assert.Contains("LSTM node 0", e.Problem);
        // The Stream overload names the stream instead.
        e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadOnnx(new MemoryStream(File.ReadAllBytes(path)), "upload-17"));
        Assert.Equal("upload-17", e.FileName);
        Assert.StartsWith($"upload-17: '{tensor}': ", e.Message);
        // Listing does not judge: the node is still listed.
        Assert.Single(LstmWeights.ListOnnxNodes(path));
    }

    [Fact]
    public void AFailedLoadLeavesLayersUnchanged()
    {
        var good = LstmWeights.LoadOnnx(Fixture.Path("onnx", "helper_float_data.onnx"));
        var layer = new Ox3x5x4Seq();
        layer.LoadWeights(good);
        var kernel = new LstmKernel(good);
        var probe = TestData.Inputs(12, seed: 3, amplitude: 1.5f);
        var before = new float[4 * 5];
        var beforeKernel = new float[4 * 5];
        layer.Forward(probe, before);
        kernel.Forward(probe, beforeKernel);

        var bad = RefusedFixtures().Select(row => File.ReadAllBytes(Fixture.Path("onnx", (string)row[0])))
            .Append(Torch1[..(Torch1.Length / 2)])
            .Append(OnnxBytes.EditLstmNodes(Fixture.Bytes("onnx", "helper_float_data.onnx"), n => OnnxBytes.AddAttribute(n, OnnxBytes.FloatAttribute("clip", 1f))))
            .Append(OnnxBytes.EditInitializer(Fixture.Bytes("onnx", "helper_float_data.onnx"), "R", t => Pb.Cat(t, Pb.FloatField(4, float.NaN))));
        foreach (var bytes in bad)
        {
            Assert.Throws<LstmFormatException>(() => layer.LoadWeights(LstmWeights.LoadOnnx(new MemoryStream(bytes), "bad")));
            Assert.Throws<LstmFormatException>(() => kernel.LoadWeights(LstmWeights.LoadOnnx(new MemoryStream(bytes), "bad")));
        }
        var after = new float[4 * 5];
        var afterKernel = new float[4 * 5];
        layer.Forward(probe, after);
        kernel.Forward(probe, afterKernel);
        Assert.Equal(before, after);
        Assert.Equal(beforeKernel, afterKernel);
    }

    // ---- Malformed and unsupported, mutated in memory ----

    [Fact]
    public void EveryTruncationInsideTheGraphIsRefused()
    {
        var model = Torch1;
        var top = Pb.Split(model);
        int graphStart = top.TakeWhile(f => f.Number != 7).Sum(f => f.Encoded.Length);
        int graphEnd = graphStart + top.First(f => f.Number == 7).Encoded.Length;
        int refused = 0;
        for (int cut = 0; cut < graphEnd; cut += cut < graphStart + 64 ? 1 : 37)
        {
            var e = Assert.Throws<LstmFormatException>(() => Load(model[..cut]));
            Assert.Null(e.Tensor);
            if (cut > graphStart + 2)
                Assert.Contains("runs past the end", e.Actual);
            refused++;
        }
        log.WriteLine($"{refused} truncations of torch_lstm1.onnx (graph at bytes {graphStart}..{graphEnd}) refused");
        Assert.Contains("no graph", Fails(Array.Empty<byte>()).Problem);
    }

    [Fact]
    public void RandomCorruptionOnlyEverThrowsLstmFormatException()
    {
        var rng = new Random(1234);
        int loaded = 0, refused = 0;
        foreach (var file in new[] { "torch_lstm1.onnx", "helper_constants.onnx", "helper_float_data.onnx", "helper_bidir.onnx" })
        {
            var clean = Fixture.Bytes("onnx", file);
            for (int trial = 0; trial < 600; trial++)
            {
                var bytes = (byte[])clean.Clone();
                int flips = 1 + rng.Next(3);
                for (int k = 0; k < flips; k++)
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                int node = rng.Next(4) == 0 ? 1 : 0, direction = file == "helper_bidir.onnx" ? rng.Next(2) : 0;
                try
                {
                    var w = LstmWeights.LoadOnnx(new MemoryStream(bytes), file, node, direction);
                    Assert.True(w.Units >= 1 && w.Input >= 1);
                    loaded++;
                }
                catch (LstmFormatException)
                {
                    refused++;
                }
                try
                {
                    LstmWeights.ListOnnxNodes(new MemoryStream(bytes), file);
                }
                catch (LstmFormatException)
                {
                }
            }
        }
        log.WriteLine($"random corruption: {loaded} loaded, {refused} refused with LstmFormatException, nothing else thrown");
        Assert.True(refused > 100);
    }

    public static TheoryData<string> Mutations() => new(MutationTable.Keys);

    /// <summary>name → (mutated model, Tensor, words of Problem, words of Expected, words of Actual); null = not checked.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Build, string? Tensor, string Problem, string? Expected, string? Actual)> MutationTable = new()
    {
        ["length past the end (raw_data claims 10^12 bytes)"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.LyingLenField(9, 1_000_000_000_000, new byte[16]))),
            null, "malformed protobuf in graph.initializer", "a well-formed ONNX ModelProto", "length 1000000000000 runs past the end"),
        ["varint longer than 10 bytes"] = (
            () => Pb.Cat(Pb.Tag(1, Pb.Varint), Enumerable.Repeat((byte)0x80, 12).ToArray(), Torch1),
            null, "malformed protobuf in ModelProto", null, "varint"),
        ["wire type 7"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(n, new byte[] { 0x0F, 0x00 })),
            null, "malformed protobuf in graph.node[", null, "wire type 7 does not exist"),
        ["groups nested 1000 deep"] = (
            () => OnnxBytes.EditGraph(Torch1, g => Pb.Cat(g, Pb.Cat(Enumerable.Repeat(Pb.Tag(50, Pb.StartGroup), 1000)), Pb.Cat(Enumerable.Repeat(Pb.Tag(50, Pb.EndGroup), 1000)))),
            null, "malformed protobuf in graph", null, "nested deeper than 64"),
        ["a node input as a varint"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(Pb.VarintField(1, 5), n)),
            null, "malformed protobuf in graph.node[", null, "NodeProto field 1 has the wrong wire type 0"),
        ["hidden_size as a 32-bit value"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(OnnxBytes.DropAttribute(n, "hidden_size"),
                Pb.Cat(Pb.StringField(1, "hidden_size"), Pb.Fixed32Field(3, 29), Pb.VarintField(20, 2)))),
            null, "malformed protobuf in an attribute of node '/LSTM'", null, "AttributeProto field 3 has the wrong wire type 5"),
        ["two graphs"] = (
            () => Pb.Cat(Torch1, Pb.LenField(7, OnnxBytes.Graph(Torch1))),
            null, "ModelProto holds two graph fields", "one graph", "two"),
        ["not protobuf (JSON)"] = (
            () => "{\"layers\": [{\"type\": \"lstm\"}]}"u8.ToArray(),
            null, "malformed protobuf in ModelProto", null, null),
        ["a protobuf without a graph"] = (
            () => Pb.Cat(Pb.VarintField(1, 8), Pb.StringField(2, "pytorch")),
            null, "not an ONNX model: no graph", "an ONNX ModelProto with a graph", "without one"),
        ["no LSTM node (op renamed GRU)"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(Pb.Drop(n, 4), Pb.StringField(4, "GRU"))),
            null, "the graph has no LSTM node", "an LSTM node (default ONNX domain)", "GRU"),
        ["LSTM in a custom domain"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(n, Pb.StringField(7, "com.example"))),
            null, "the graph has no LSTM node", null, "com.example:LSTM"),
        ["duplicate initializer"] = (
            () => OnnxBytes.EditGraph(Torch1, g => Pb.Cat(g, Pb.LenField(5, OnnxBytes.Initializer(Torch1, WName)))),
            WName, "two graph initializers have this name", "unique initializer names", "initializers #"),
        ["initializer and Constant with one name"] = (
            () => OnnxBytes.EditGraph(Torch1, g => Pb.Cat(Pb.LenField(1, OnnxBytes.Node("Constant", "c", Array.Empty<string>(), new[] { RName },
                Pb.Cat(Pb.StringField(1, "value"), Pb.LenField(5, OnnxBytes.Initializer(Torch1, RName)), Pb.VarintField(20, 4)))), g)),
            RName, "two constants have this name", "unique value names", "initializer and Constant node 'c'"),
        ["unnamed initializer"] = (
            () => OnnxBytes.EditGraph(Torch1, g => Pb.Cat(g, Pb.LenField(5, OnnxBytes.Tensor("", 1, new long[] { 1 }, OnnxBytes.RawFloats(new float[1]))))),
            null, "has no name", null, null),
        ["missing initializer R"] = (
            () => OnnxBytes.EditInitializer(Torch1, RName, _ => null),
            RName, "input R of LSTM node 0 ('/LSTM') is not a constant", "a graph initializer or Constant node", "no initializer, Constant node or graph input has this name"),
        ["W input empty"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.EditLen(n, 1, i => System.Text.Encoding.UTF8.GetString(i) == WName ? Array.Empty<byte>() : i)),
            "W", "has no input W (input 1)", null, "no input"),
        ["hidden_size 30 for R [1, 116, 29]"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(OnnxBytes.DropAttribute(n, "hidden_size"), OnnxBytes.IntAttribute("hidden_size", 30))),
            RName, "does not fit hidden_size = 30", "[1, 120, 30]", "[1, 116, 29]"),
        ["hidden_size 0"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(OnnxBytes.DropAttribute(n, "hidden_size"), OnnxBytes.IntAttribute("hidden_size", 0))),
            "hidden_size", "invalid hidden_size", null, "0"),
        ["hidden_size given as FLOAT"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(OnnxBytes.DropAttribute(n, "hidden_size"), OnnxBytes.FloatAttribute("hidden_size", 29f))),
            "hidden_size", "has the wrong type", "INT", "AttributeType 1"),
        ["hidden_size twice"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.IntAttribute("hidden_size", 29))),
            "hidden_size", "has attribute 'hidden_size' twice", null, null),
        ["unknown attribute"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.IntAttribute("projection_size", 4))),
            "projection_size", "attribute this loader does not know", null, "'projection_size'"),
        ["direction sideways"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.StringAttribute("direction", "sideways"))),
            "direction", "unknown direction", "forward, reverse or bidirectional", "'sideways'"),
        ["two activations"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.StringsAttribute("activations", "Sigmoid", "Tanh"))),
            "activations", "wrong number of activations", "3 names", "2: Sigmoid, Tanh"),
        ["HardSigmoid gates"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.StringsAttribute("activations", "HardSigmoid", "Tanh", "Tanh"))),
            "activations", "does not compute", "Sigmoid, Tanh, Tanh", "HardSigmoid, Tanh, Tanh"),
        ["input_forget 2"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.IntAttribute("input_forget", 2))),
            "input_forget", "invalid input_forget", "input_forget = 0", "input_forget = 2"),
        ["layout 2"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => OnnxBytes.AddAttribute(n, OnnxBytes.IntAttribute("layout", 2))),
            "layout", "invalid layout", "0 or 1", "layout = 2"),
        ["nine inputs"] = (
            () => OnnxBytes.EditLstmNodes(Torch1, n => Pb.Cat(n, Pb.StringField(1, ""), Pb.StringField(1, "extra"))),
            null, "more inputs than the LSTM operator defines", "at most 8", "9"),
        ["W of rank 2"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.VarintField(1, 116), Pb.VarintField(1, 11), Pb.Drop(t, 1))),
            WName, "has rank 2", "[1, 116, I]", "[116, 11]"),
        ["W with 65 dims"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Cat(Enumerable.Repeat(Pb.VarintField(1, 1), 65)), Pb.Drop(t, 1))),
            WName, "too many dims", "at most 64", null),
        ["W input size 2^62 (dims product overflows)"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.VarintField(1, 1), Pb.VarintField(1, 116), Pb.VarintField(1, 1L << 62), Pb.Drop(t, 1))),
            WName, "is not shaped [num_directions, 4·H, input_size]", "[1, 116, I] with I ≥ 1", "[1, 116, 4611686018427387904]"),
        ["negative dim"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.VarintField(1, 1), Pb.VarintField(1, 116), Pb.VarintField(1, -11), Pb.Drop(t, 1))),
            WName, "is not shaped", null, "[1, 116, -11]"),
        ["B of [1, 116]"] = (
            () => OnnxBytes.EditInitializer(Torch1, BName, t => Pb.Cat(Pb.VarintField(1, 1), Pb.VarintField(1, 116), Pb.Drop(t, 1))),
            BName, "input B of LSTM node 0 ('/LSTM') is not shaped [num_directions, 8·H]", "[1, 232]", "[1, 116]"),
        ["W as INT32"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 2), Pb.VarintField(2, OnnxBytes.Int32Type))),
            WName, "unsupported element type", "FLOAT, DOUBLE, FLOAT16 or BFLOAT16", "INT32 (6)"),
        ["W with no data type"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Drop(t, 2)),
            WName, "unsupported element type", null, "UNDEFINED (0)"),
        ["raw_data 4 bytes short"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.EditLen(t, 9, raw => raw[..^4])),
            WName, "data does not match its shape [1, 116, 11]", "1276 elements × 4 bytes of raw_data", "5100 bytes"),
        ["no data at all"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Drop(t, 9)),
            WName, "data does not match its shape", "1276 values in float_data", "0 values"),
        ["raw_data and float_data"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(t, Pb.FloatField(4, 1f))),
            WName, "more than one field", "raw_data or float_data", "raw_data and float_data"),
        ["double_data in a FLOAT tensor"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.Cat(Enumerable.Range(0, 1276).Select(_ => Pb.Fixed64Field(10, 0))))),
            WName, "does not fit its element type FLOAT (1)", "raw_data or float_data", "double_data"),
        ["int64_data in a FLOAT tensor"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.VarintField(7, 1))),
            WName, "does not fit its element type", null, "int64_data"),
        ["packed float_data of 5 bytes"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.LenField(4, new byte[5]))),
            WName, "malformed protobuf in the tensor of initializer", null, "not a multiple of 4"),
        ["data_location EXTERNAL"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(Pb.Drop(t, 9), Pb.VarintField(14, 1),
                Pb.LenField(13, Pb.Cat(Pb.StringField(1, "location"), Pb.StringField(2, "weights.bin"))))),
            WName, "stored as external data", "data inside the .onnx file", "external file 'weights.bin'"),
        ["segment"] = (
            () => OnnxBytes.EditInitializer(Torch1, WName, t => Pb.Cat(t, Pb.LenField(3, Pb.Cat(Pb.VarintField(1, 0), Pb.VarintField(2, 10))))),
            WName, "TensorProto.segment", null, "segment"),
        ["non-zero initial_h constant"] = (
            () => OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "h0" },
                new[] { OnnxBytes.Tensor("h0", OnnxBytes.FloatType, new long[] { 1, 1, 5 }, OnnxBytes.RawFloats(new[] { 0f, 0f, 0.25f, 0f, 0f })) }),
            "h0", "non-zero initial hidden state (input initial_h) is not supported", "no initial_h input, or all zeros", "element 2 = 0.25"),
        ["non-zero initial_c constant"] = (
            () => OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "", "c0" },
                new[] { OnnxBytes.Tensor("c0", OnnxBytes.FloatType, new long[] { 1, 1, 5 }, OnnxBytes.RawFloats(new[] { -1f, 0f, 0f, 0f, 0f })) }),
            "c0", "initial cell state", null, "element 0 = -1"),
        ["P of the wrong shape"] = (
            () => OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "", "", "P" },
                new[] { OnnxBytes.Tensor("P", OnnxBytes.FloatType, new long[] { 1, 5 }, OnnxBytes.RawFloats(new float[5])) }),
            "P", "input P of LSTM node 0 ('lstm') has the wrong shape", "[1, 15]", "[1, 5]"),
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void MalformedOrUnsupportedIsRefused(string mutation)
    {
        var (build, tensor, problem, expected, actual) = MutationTable[mutation];
        var e = Fails(build());
        Assert.Equal(tensor, e.Tensor);
        Assert.Contains(problem, e.Problem);
        if (expected is not null) Assert.Contains(expected, e.Expected);
        if (actual is not null) Assert.Contains(actual, e.Actual);
        if (e.Problem.StartsWith("malformed protobuf", StringComparison.Ordinal))
            Assert.IsType<Loading.ProtoFormatException>(e.InnerException);
    }

    [Fact]
    public void NodeAndDirectionArgumentsAreChecked()
    {
        var model = Torch1;
        var e = Fails(model, node: 1);
        Assert.Equal("there is no LSTM node 1", e.Problem);
        Assert.Equal("node < 1", e.Expected);
        Assert.Equal("1 LSTM node: '/LSTM'", e.Actual);
        e = Fails(model, direction: 1);
        Assert.Equal("direction", e.Tensor);
        Assert.Equal("LSTM node 0 ('/LSTM') has one direction (forward), so no direction 1", e.Problem);
        Assert.Equal("direction 0", e.Expected);
        Assert.Equal(18, LstmWeights.LoadOnnx(Fixture.Path("onnx", "torch_bidir2.onnx"), node: 1, direction: 1).Input);
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(model, node: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(model, direction: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Load(model, direction: -1));
        Assert.Throws<ArgumentNullException>(() => LstmWeights.LoadOnnx((string)null!));
        Assert.Throws<ArgumentNullException>(() => LstmWeights.LoadOnnx((Stream)null!, "x"));
        Assert.Throws<FileNotFoundException>(() => LstmWeights.LoadOnnx(Fixture.Path("onnx", "no_such_file.onnx")));
    }

    /// <summary>Files that claim 10^12 elements (or bytes) are refused before anything that size is allocated.</summary>
    [Fact]
    public void HugeClaimsDoNotAllocate()
    {
        const long Tera = 1_000_000_000_000;
        var claims = new (string What, byte[] Bytes)[]
        {
            // hidden_size 500 000 with R [1, 2 000 000, 500 000] = 10^12 elements and W [1, 2 000 000, 1], a few bytes of data.
            ("R of 10^12 elements", OnnxBytes.Model(
                new[] { OnnxBytes.Node("LSTM", "big", new[] { "X", "W", "R" }, new[] { "Y" }, OnnxBytes.IntAttribute("hidden_size", 500_000)) },
                new[]
                {
                    OnnxBytes.Tensor("W", OnnxBytes.FloatType, new long[] { 1, 2_000_000, 1 }, OnnxBytes.RawFloats(new float[4])),
                    OnnxBytes.Tensor("R", OnnxBytes.FloatType, new long[] { 1, 2_000_000, 500_000 }, OnnxBytes.RawFloats(new float[4])),
                })),
            // The same with no hidden_size: H comes from R.
            ("R of 10^12 elements, no hidden_size", OnnxBytes.Model(
                new[] { OnnxBytes.Node("LSTM", "big", new[] { "X", "W", "R" }, new[] { "Y" }) },
                new[]
                {
                    OnnxBytes.Tensor("W", OnnxBytes.FloatType, new long[] { 1, 2_000_000, 1 }, OnnxBytes.RawFloats(new float[4])),
                    OnnxBytes.Tensor("R", OnnxBytes.FloatType, new long[] { 1, 2_000_000, 500_000 }, OnnxBytes.RawFloats(new float[4])),
                })),
            // W [1, 20, 5·10^10]: 10^12 elements, input size beyond int.
            ("W of 10^12 elements", OnnxBytes.EditInitializer(OnnxBytes.SmallLstm(3, 5, 1), "W",
                t => Pb.Cat(Pb.VarintField(1, 1), Pb.VarintField(1, 20), Pb.VarintField(1, Tera / 20), Pb.Drop(t, 1)))),
            // initial_h [1, 2·10^11, 5]: 10^12 elements of zeros claimed, 20 bytes present.
            ("initial_h of 10^12 elements", OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "h0" },
                new[] { OnnxBytes.Tensor("h0", OnnxBytes.FloatType, new long[] { 1, Tera / 5, 5 }, OnnxBytes.RawFloats(new float[5])) })),
            // initial_h whose dims product overflows long.
            ("initial_h of 2^62·5 elements", OnnxBytes.SmallLstm(3, 5, 1, new[] { "X", "W", "R", "B", "", "h0" },
                new[] { OnnxBytes.Tensor("h0", OnnxBytes.FloatType, new long[] { 1, 1L << 62, 5 }, OnnxBytes.RawFloats(new float[5])) })),
            // Packed float_data / int32_data / raw_data whose length prefix claims 10^12 bytes.
            ("float_data length 10^12", OnnxBytes.EditInitializer(OnnxBytes.SmallLstm(3, 5, 1), "R",
                t => Pb.Cat(Pb.Drop(t, 9), Pb.LyingLenField(4, (ulong)Tera, new byte[8])))),
            ("raw_data length 10^12", OnnxBytes.EditInitializer(OnnxBytes.SmallLstm(3, 5, 1), "R",
                t => Pb.Cat(Pb.Drop(t, 9), Pb.LyingLenField(9, (ulong)Tera, new byte[8])))),
            ("a node's input name of 10^12 bytes", Pb.Cat(Pb.VarintField(1, 8), Pb.LenField(7, Pb.LenField(1, Pb.LyingLenField(1, (ulong)Tera, new byte[20]))))),
        };
        // Warm up the code paths once so JIT and type loading are not counted.
        foreach (var (_, bytes) in claims)
            Assert.Throws<LstmFormatException>(() => Load(bytes));
        foreach (var (what, bytes) in claims)
        {
            var stream = new MemoryStream(bytes);
            long before = GC.GetAllocatedBytesForCurrentThread();
            var e = Record.Exception(() => LstmWeights.LoadOnnx(stream, what));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            var fe = Assert.IsType<LstmFormatException>(e);
            log.WriteLine($"{what}: {allocated:N0} bytes allocated; {fe.Message}");
            Assert.True(allocated < 1 << 20, $"{what}: {allocated} bytes allocated");
        }
    }
}

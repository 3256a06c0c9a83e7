using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// Real PyTorch nn.LSTM models (Fixtures/torch, made by make_fixtures.py with torch 1.13) loaded from
/// safetensors, .npz and torch.onnx.export's .onnx by the runtime's loaders, run through generated kernels and
/// <see cref="LstmKernel"/>, and compared layer by layer with PyTorch's float64 outputs.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class TorchFixtureTests(ITestOutputHelper log)
{
    public enum Loader { SafetensorsPath, SafetensorsStream, SafetensorsOpenFile, NpzPath, NpzStream, OnnxPath }

    public enum Runner { Generated, Generic }

    public static TheoryData<string, Loader, Runner> Cases()
    {
        var data = new TheoryData<string, Loader, Runner>();
        foreach (var m in TorchFixtures.Models)
            foreach (var loader in Enum.GetValues<Loader>())
                foreach (var runner in Enum.GetValues<Runner>())
                    data.Add(m.Name, loader, runner);
        return data;
    }

    /// <summary>
    /// Every layer and direction loaded with one call each, run over the fixture's input (the backward
    /// direction over the reversed sequence), chained: layer k reads what this test's layer k-1 produced.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorchLayerByLayer(string name, Loader loader, Runner runner)
    {
        var m = TorchFixtures.Find(name);
        var seq = TorchFixtures.ReadCsv(name + "_x.csv", m.Input).Select(v => (float)v).ToArray();
        int steps = m.Steps, directions = m.Bidirectional ? 2 : 1;
        double worst = 0;
        for (int k = 0; k < m.Layers; k++)
        {
            int width = directions * m.Hidden;
            var expected = TorchFixtures.ReadCsv($"{name}_y_l{k}.csv", width);
            Assert.Equal(steps * width, expected.Length);
            var output = new float[steps * width];
            for (int d = 0; d < directions; d++)
            {
                bool reverse = d == 1;
                var weights = Load(loader, m, k, reverse);
                Assert.Equal((seq.Length / steps, m.Hidden), (weights.Input, weights.Units));
                if (!m.Bias)
                    Assert.All(weights.Bias.ToArray(), b => Assert.Equal(0f, b));
                ILstmLayer layer = runner == Runner.Generic ? new LstmKernel(weights) : CreateGenerated(m, k);
                layer.LoadWeights(weights);
                var input = reverse ? Sequences.ReverseSteps(seq, seq.Length / steps) : seq;
                var h = new float[steps * m.Hidden];
                layer.Forward(input, h);
                if (reverse) h = Sequences.ReverseSteps(h, m.Hidden);
                for (int t = 0; t < steps; t++)
                    h.AsSpan(t * m.Hidden, m.Hidden).CopyTo(output.AsSpan(t * width + d * m.Hidden));
            }
            double err = AssertClose.Within(expected, output, $"{name} layer {k} via {loader}/{runner}");
            log.WriteLine($"{name} layer {k} ({(m.Bidirectional ? "both directions, " : "")}{loader}, {runner}, {SimdPath.Active}): max abs error {err:E2}");
            worst = Math.Max(worst, err);
            seq = output; // chained: the next layer reads this implementation's output, as in the model
        }
        log.WriteLine($"{name}: worst {worst:E2}");
    }

    /// <summary>The last-state Forward (no ReturnSequences) and Step agree with the last row of PyTorch's output.</summary>
    [Fact]
    public void LastStateAndStreamingMatchPyTorch()
    {
        var m = TorchFixtures.Find("lstm_odd");
        var x = TorchFixtures.ReadCsv("lstm_odd_x.csv", m.Input).Select(v => (float)v).ToArray();
        var y = TorchFixtures.ReadCsv("lstm_odd_y_l0.csv", m.Hidden);
        var layer = new TfOdd11x29Last();
        layer.LoadWeights(LstmWeights.LoadSafetensors(Fixture.Path("torch", "lstm_odd.safetensors")));
        var h = new float[m.Hidden];
        layer.Forward(x, h);
        AssertClose.Within(y[^m.Hidden..], h, "last state");
        layer.ResetState();
        for (int t = 0; t < m.Steps; t++)
        {
            layer.Step(x.AsSpan(t * m.Input, m.Input), h);
            AssertClose.Within(y[(t * m.Hidden)..((t + 1) * m.Hidden)], h, $"Step {t}");
        }
    }

    /// <summary>The same weights come out of every container (the npz holds the same values, in float32, float16 or float64).</summary>
    [Theory]
    [MemberData(nameof(ModelNames))]
    public void SafetensorsAndNpzHoldTheSameWeights(string name)
    {
        var m = TorchFixtures.Find(name);
        for (int k = 0; k < m.Layers; k++)
            for (int d = 0; d < (m.Bidirectional ? 2 : 1); d++)
            {
                var a = Load(Loader.SafetensorsPath, m, k, d == 1);
                var b = Load(Loader.NpzPath, m, k, d == 1);
                Assert.Equal(a.WeightIh.ToArray(), b.WeightIh.ToArray());
                Assert.Equal(a.WeightHh.ToArray(), b.WeightHh.ToArray());
                Assert.Equal(a.Bias.ToArray(), b.Bias.ToArray());
            }
    }

    public static TheoryData<string> ModelNames() => new(TorchFixtures.Models.Select(m => m.Name));

    /// <summary>The headers say what make_fixtures.py meant: dtypes, shapes, metadata, neighbours.</summary>
    [Fact]
    public void SafetensorsHeadersDescribeTheModels()
    {
        foreach (var m in TorchFixtures.Models)
        {
            using var file = SafetensorsFile.Open(Fixture.Path("torch", m.Name + ".safetensors"));
            Assert.Equal("pt", file.Metadata["format"]);
            Assert.Equal(m.Name, file.Metadata["model"]);
            var lstm = file.Tensors.Where(t => t.Name.StartsWith(m.Prefix, StringComparison.Ordinal) && t.Name.Contains("_l")).ToList();
            int perLayer = (m.Bias ? 4 : 2) * (m.Bidirectional ? 2 : 1);
            Assert.Equal(perLayer * m.Layers, lstm.Count);
            Assert.All(lstm, t => Assert.Equal(m.SafetensorsDType, t.DType));
            var hh = file.Find(m.Prefix + "weight_hh_l0")!;
            Assert.Equal(new long[] { 4 * m.Hidden, m.Hidden }, hh.Shape);
            Assert.Equal(4L * m.Hidden * m.Hidden, hh.ElementCount);
            Assert.Equal(hh.ElementCount * (m.SafetensorsDType switch { "F64" => 8, "F32" => 4, _ => 2 }), hh.ByteLength);
            log.WriteLine($"{m.Name}.safetensors: {string.Join("; ", file.Tensors)}");
        }

        // The wrapped model's checkpoint has neighbours, including BatchNorm's int64 counter.
        using var wrapped = SafetensorsFile.Open(Fixture.Path("torch", "lstm_prefixed.safetensors"));
        var counter = wrapped.Find("encoder.norm.num_batches_tracked")!;
        Assert.Equal("I64", counter.DType);
        Assert.Empty(counter.Shape);
        Assert.False(counter.IsFloatingPoint);
        var e = Assert.Throws<LstmFormatException>(() => wrapped.ReadFloat32(counter.Name));
        Assert.Equal("I64", e.Actual);
        Assert.Equal(2 * 13, wrapped.ReadFloat32("head.weight").Length);
        Assert.Null(wrapped.Find("nope"));
    }

    /// <summary>Prefix found automatically, given explicitly, or wrong (an error naming what exists).</summary>
    [Fact]
    public void PrefixIsFoundOrNamed()
    {
        string path = Fixture.Path("torch", "lstm_prefixed.safetensors");
        var auto = LstmWeights.LoadSafetensors(path);
        var explicitPrefix = LstmWeights.LoadSafetensors(path, prefix: "encoder.lstm.");
        Assert.Equal(auto.WeightHh.ToArray(), explicitPrefix.WeightHh.ToArray());
        var e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadSafetensors(path, prefix: "encoder."));
        Assert.Equal("encoder.weight_ih_l0", e.Tensor);
        Assert.Contains("encoder.lstm.weight_ih_l0", e.Actual);
        Assert.Equal(path, e.FileName);
        e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadNpz(Fixture.Path("torch", "lstm_prefixed.npz"), prefix: ""));
        Assert.Equal("weight_ih_l0", e.Tensor);

        // Layers and directions that the model does not have.
        e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadSafetensors(Fixture.Path("torch", "lstm_stack2.safetensors"), layer: 2));
        Assert.Contains("weight_ih_l2", e.Tensor);
        e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadNpz(Fixture.Path("torch", "lstm_odd.npz"), reverse: true));
        Assert.Contains("_reverse", e.Tensor);
    }

    /// <summary>make_fixtures.py's manifest agrees with <see cref="TorchFixtures.Models"/> and lists files that exist.</summary>
    [Fact]
    public void ManifestAgrees()
    {
        using var doc = Fixture.Json("torch", "manifest.json");
        var models = doc.RootElement.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(TorchFixtures.Models.Length, models.Count);
        foreach (var (m, j) in TorchFixtures.Models.Zip(models))
        {
            Assert.Equal(m.Name, j.GetProperty("name").GetString());
            Assert.Equal(m.Input, j.GetProperty("input_size").GetInt32());
            Assert.Equal(m.Hidden, j.GetProperty("hidden_size").GetInt32());
            Assert.Equal(m.Layers, j.GetProperty("num_layers").GetInt32());
            Assert.Equal(m.Bidirectional, j.GetProperty("bidirectional").GetBoolean());
            Assert.Equal(m.Bias, j.GetProperty("bias").GetBoolean());
            Assert.Equal(m.Steps, j.GetProperty("steps").GetInt32());
            Assert.Equal(m.Prefix, j.GetProperty("prefix").GetString());
            Assert.Equal(m.SafetensorsDType, j.GetProperty("safetensors").GetProperty("dtype").GetString());
            foreach (var f in new[] { m.Name + ".safetensors", m.Name + ".npz", m.Name + ".onnx", m.Name + "_x.csv" })
                Assert.True(File.Exists(Fixture.Path("torch", f)), f);
        }
        var npys = doc.RootElement.GetProperty("npy").EnumerateArray().ToList();
        Assert.NotEmpty(npys);
        foreach (var npy in npys)
            Assert.True(File.Exists(Fixture.Path("torch", npy.GetProperty("file").GetString()!)));
    }

    // ---- Helpers ----

    private static LstmWeights Load(Loader loader, TorchFixtures.Model m, int layer, bool reverse)
    {
        // The prefix: let the loader find it for odd layers, pass it for even ones, to cover both.
        string? prefix = layer % 2 == 0 ? m.Prefix : null;
        string st = Fixture.Path("torch", m.Name + ".safetensors"), npz = Fixture.Path("torch", m.Name + ".npz");
        switch (loader)
        {
            case Loader.SafetensorsPath:
                return LstmWeights.LoadSafetensors(st, layer, prefix, reverse);
            case Loader.SafetensorsStream:
                {
                    using var s = new MemoryStream(File.ReadAllBytes(st));
                    return LstmWeights.LoadSafetensors(s, m.Name, layer, prefix, reverse);
                }
            case Loader.SafetensorsOpenFile:
                {
                    using var f = SafetensorsFile.Open(st);
                    return LstmWeights.LoadSafetensors(f, layer, prefix, reverse);
                }
            case Loader.NpzPath:
                return LstmWeights.LoadNpz(npz, layer, prefix, reverse);
            case Loader.OnnxPath:
                // torch.onnx.export writes one LSTM node per layer; a bidirectional layer is one node
                // whose direction 1 is the reverse half.
                return LstmWeights.LoadOnnx(Fixture.Path("torch", m.Name + ".onnx"), node: layer, direction: reverse ? 1 : 0);
            default:
                {
                    using var s = new MemoryStream(File.ReadAllBytes(npz));
                    return LstmWeights.LoadNpz(s, m.Name, layer, prefix, reverse);
                }
        }
    }

    private static ILstmLayer CreateGenerated(TorchFixtures.Model m, int layer) => (m.Name, layer) switch
    {
        ("lstm_odd", 0) => new TfOdd11x29x7(),
        ("lstm_stack2", 0) => new TfStack2L0x4x20x9(),
        ("lstm_stack2", 1) => new TfStack2L1x20x20x9(),
        ("lstm_stack3", 0) => new TfStack3L0x3x8x6(),
        ("lstm_stack3", _) => new TfStack3Ln8x8x6(),
        ("lstm_prefixed", 0) => new TfPrefixed6x13x5(),
        ("lstm_nobias", 0) => new TfNoBias5x9x8(),
        ("lstm_bidir", 0) => new TfBidirL0x6x10x7(),
        ("lstm_bidir", 1) => new TfBidirL1x20x10x7(),
        _ => throw new NotSupportedException($"{m.Name} layer {layer}"),
    };
}

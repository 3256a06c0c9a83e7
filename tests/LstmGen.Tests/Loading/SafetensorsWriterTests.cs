using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// <see cref="ModelWeights.SaveSafetensors"/>: loading what it wrote gives the weights back bit for bit, its bytes follow
/// the safetensors format as read here independently of the loader, with PyTorch's state_dict names and shapes, it writes
/// in one step, and it refuses bad arguments before touching the file system. The files it wrote for the PyTorch model
/// fixtures were loaded by torch (Fixtures/torch/check_saved_state_dict.py); a test keeps its output equal to them.
/// </summary>
public sealed class SafetensorsWriterTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lstmgen-save-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    // Every layer kind: stacked LSTMs of one size, bidirectional, GRUs, mixed kinds, Dense only, and per-step heads.
    public static TheoryData<string> Architectures() => new() { "stacked", "bidirectional", "gru", "mixed", "dense", "heads" };

    private static ModelArchitecture Architecture(string name) => name switch
    {
        "stacked" => new(7, 4, ModelLayer.Lstm(6, returnSequences: true), ModelLayer.Lstm(6, returnSequences: true), ModelLayer.Lstm(6), ModelLayer.Dense(2)),
        "bidirectional" => new(3, 5, ModelLayer.Lstm(5, returnSequences: true, bidirectional: true), ModelLayer.Lstm(5, returnSequences: true, bidirectional: true),
            ModelLayer.Lstm(4, bidirectional: true), ModelLayer.Dense(3)),
        "gru" => new(5, 3, ModelLayer.Gru(4, returnSequences: true), ModelLayer.Gru(4, returnSequences: true), ModelLayer.Gru(9)),
        "mixed" => new(6, 4, ModelLayer.Gru(7, returnSequences: true), ModelLayer.Lstm(3, returnSequences: true), ModelLayer.Lstm(3, returnSequences: true, bidirectional: true),
            ModelLayer.Gru(3, returnSequences: true), ModelLayer.Dense(2)),
        "dense" => new(4, 1, ModelLayer.Dense(5, Activation.Relu), ModelLayer.Dense(5), ModelLayer.Dense(1)),
        _ => new(2, 6, ModelLayer.Dense(3, Activation.Tanh), ModelLayer.Lstm(4, returnSequences: true), ModelLayer.Dense(4), ModelLayer.Dense(2)),
    };

    /// <summary>Random weights of each architecture, saved with one module per layer and with one per stackable run, load back bit for bit.</summary>
    [Theory]
    [MemberData(nameof(Architectures))]
    public void RoundTripIsBitIdentical(string name)
    {
        var weights = RandomModelWeights.For(Architecture(name), seed: name.Length);
        string[] perLayer = Enumerable.Range(0, weights.Layers.Count).Select(k => $"layer{k}").ToArray();
        AssertRoundTrip(weights, perLayer);
        string[] perModule = Enumerable.Range(0, ModuleCount(weights)).Select(m => $"net.block{m}").ToArray();
        AssertRoundTrip(weights, perModule);
    }

    /// <summary>Bits the arithmetic could lose: −0.0 biases (the LSTM's summed one among them), subnormals, the extremes, NaN and ±∞.</summary>
    [Fact]
    public void SpecialValuesSurvive()
    {
        float[] special = [-0f, 0f, float.Epsilon, -float.Epsilon, BitConverter.Int32BitsToSingle(0x007FFFFF), float.MaxValue, float.MinValue,
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, BitConverter.Int32BitsToSingle(0x7FC12345)];
        float[] Fill(int n) => Enumerable.Range(0, n).Select(i => special[i % special.Length]).ToArray();
        var lstm = LstmWeights.FromPyTorch(2, 3, Fill(24), Fill(36), Fill(12), new float[12].Select(_ => -0f).ToArray());
        var gru = GruWeights.FromPyTorch(3, 2, Fill(18), Fill(12), Fill(6), Fill(6));
        var dense = DenseWeights.FromPyTorch(2, 11, Fill(22), Fill(11));
        var weights = new ModelWeights(lstm, gru, dense);
        Assert.Contains(lstm.Bias.ToArray(), b => BitConverter.SingleToInt32Bits(b) == unchecked((int)0x80000000));  // a −0.0 bias to keep
        AssertRoundTrip(weights, ["lstm", "gru", "fc"], new LstmLoadOptions { AllowNonFinite = true });

        // Without AllowNonFinite the loader refuses the NaN, naming the tensor, as it does for any file.
        weights.SaveSafetensors(PathOf("nan.safetensors"), "lstm", "gru", "fc");
        Assert.Contains("lstm.weight_", Assert.Throws<LstmFormatException>(() => ModelWeights.LoadSafetensors(PathOf("nan.safetensors"), "lstm", "gru", "fc")).Message);
    }

    public static TheoryData<string> FixtureFiles() => new()
    {
        "torch/models/model_stack2", "torch/models/model_stack3", "torch/models/model_classifier", "torch/models/model_odd",
        "torch/models/model_gru", "torch/models/model_mixed", "torch/models/model_bidir", "torch/models/model_bidir_last",
        "torch/models/model_state_bidir", "torch/models/model_state_stack",
        "torch/lstm_stack2 (F16)", "torch/lstm_stack3 (BF16)", "torch/lstm_prefixed (F64)", "torch/lstm_nobias", "torch/lstm_bidir",
        "keras-gru", "keras-bidir", "keras3", "keras2c", "rtneural lstm_torch",
    };

    /// <summary>
    /// The weights of every fixture model, as the loaders read them from what PyTorch, Keras or RTNeural wrote, saved and
    /// loaded back: bit for bit. F16, BF16 and F64 files load as float32 and save as F32 with the same values.
    /// </summary>
    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public void FixtureModelsRoundTrip(string fixture)
    {
        var (weights, modules) = LoadFixture(fixture);
        AssertRoundTrip(weights, modules);
        AssertRoundTrip(weights, Enumerable.Range(0, weights.Layers.Count).Select(k => $"l{k}").ToArray());
    }

    private static (ModelWeights Weights, string[] Modules) LoadFixture(string fixture)
    {
        string[] parts = fixture.Split(' ')[0].Split('/');
        if (parts[0] == "torch" && parts[1] == "models")
        {
            using var manifest = Fixture.Json("torch", "models", "manifest.json");
            var entry = manifest.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == parts[2]);
            var modules = entry.GetProperty("modules").EnumerateArray().Select(m => m.GetString()!).ToArray();
            return (ModelWeights.LoadSafetensors(Fixture.Path("torch", "models", parts[2] + ".safetensors"), modules), modules);
        }
        return parts[0] switch
        {
            "torch" => parts[1] == "lstm_prefixed"
                ? (ModelWeights.LoadSafetensors(Fixture.Path("torch", "lstm_prefixed.safetensors"), "encoder.lstm"), ["encoder.lstm"])
                : (ModelWeights.LoadSafetensors(Fixture.Path("torch", parts[1] + ".safetensors"), ""), [""]),
            "keras-gru" => (ModelWeights.LoadKeras(Fixture.Path("keras-gru", "gru_model.h5")), ["gru1", "gru2", "fc"]),
            "keras-bidir" => (ModelWeights.LoadKeras(Fixture.Path("keras-bidir", "bidir_model.h5")), ["lstm1", "lstm2", "fc"]),
            "keras3" => (ModelWeights.LoadKeras(Fixture.Path("keras3", "model.keras")), ["lstm1", "lstm2", "fc"]),
            "keras2c" => (ModelWeights.LoadKeras(Fixture.Path("keras2c", "model.h5")), ["fc1", "fc2", "lstm", "fc3"]),
            _ => (ModelWeights.LoadRtNeural(Fixture.Path("rtneural", "models", "lstm_torch.json")), ["lstm", "fc"]),
        };
    }

    /// <summary>
    /// The bytes against the safetensors format, read here with JSON and BinaryPrimitives (not the loader): the 8-byte
    /// length, a header of JSON padded with spaces to 8 bytes, <c>__metadata__</c> first, the tensors sorted by name, each F32
    /// with its shape and a byte range, the ranges tiling the data from 0; and the tensors are PyTorch's state_dict of these
    /// weights (names, shapes, values, the LSTM's summed bias in bias_ih and −0.0 in bias_hh), spelled out here.
    /// </summary>
    [Fact]
    public void BytesFollowTheFormatWithPyTorchNames()
    {
        var weights = RandomModelWeights.For(new ModelArchitecture(3, 2,
            ModelLayer.Lstm(4, returnSequences: true), ModelLayer.Lstm(4, returnSequences: true, bidirectional: true), ModelLayer.Gru(2, returnSequences: true),
            ModelLayer.Gru(2), ModelLayer.Dense(3)), seed: 5);
        var (lstm, both, gru0, gru1, dense) = ((LstmWeights)weights.Layers[0], (BidirectionalWeights)weights.Layers[1], (GruWeights)weights.Layers[2],
            (GruWeights)weights.Layers[3], (DenseWeights)weights.Layers[4]);
        float[] minusZeros = Enumerable.Repeat(-0f, 16).ToArray();
        var expected = new Dictionary<string, (int[] Shape, float[] Values)>
        {
            ["lstm.weight_ih_l0"] = ([16, 3], lstm.WeightIh.ToArray()), ["lstm.weight_hh_l0"] = ([16, 4], lstm.WeightHh.ToArray()),
            ["lstm.bias_ih_l0"] = ([16], lstm.Bias.ToArray()), ["lstm.bias_hh_l0"] = ([16], minusZeros),
            ["encoder.birnn.weight_ih_l0"] = ([16, 4], both.Forward.WeightIh.ToArray()), ["encoder.birnn.weight_hh_l0"] = ([16, 4], both.Forward.WeightHh.ToArray()),
            ["encoder.birnn.bias_ih_l0"] = ([16], both.Forward.Bias.ToArray()), ["encoder.birnn.bias_hh_l0"] = ([16], minusZeros),
            ["encoder.birnn.weight_ih_l0_reverse"] = ([16, 4], both.Backward.WeightIh.ToArray()), ["encoder.birnn.weight_hh_l0_reverse"] = ([16, 4], both.Backward.WeightHh.ToArray()),
            ["encoder.birnn.bias_ih_l0_reverse"] = ([16], both.Backward.Bias.ToArray()), ["encoder.birnn.bias_hh_l0_reverse"] = ([16], minusZeros),
            ["gru.weight_ih_l0"] = ([6, 8], gru0.WeightIh.ToArray()), ["gru.weight_hh_l0"] = ([6, 2], gru0.WeightHh.ToArray()),
            ["gru.bias_ih_l0"] = ([6], gru0.BiasIh.ToArray()), ["gru.bias_hh_l0"] = ([6], gru0.BiasHh.ToArray()),
            ["gru.weight_ih_l1"] = ([6, 2], gru1.WeightIh.ToArray()), ["gru.weight_hh_l1"] = ([6, 2], gru1.WeightHh.ToArray()),
            ["gru.bias_ih_l1"] = ([6], gru1.BiasIh.ToArray()), ["gru.bias_hh_l1"] = ([6], gru1.BiasHh.ToArray()),
            ["fc.weight"] = ([3, 2], dense.Weight.ToArray()), ["fc.bias"] = ([3], dense.Bias.ToArray()),
        };
        // Four modules for five layers: the two GRUs of one size stack into "gru" (a trailing dot is the same name).
        weights.SaveSafetensors(PathOf("format.safetensors"), "lstm", "encoder.birnn", "gru.", "fc");
        byte[] file = File.ReadAllBytes(PathOf("format.safetensors"));

        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, n % 8);
        Assert.True(8 + (long)n <= file.Length);
        var header = file.AsSpan(8, (int)n);
        int end = header.LastIndexOf((byte)'}');
        Assert.True(header[(end + 1)..].IndexOfAnyExcept((byte)' ') < 0, "the header is padded with spaces only");
        Assert.Equal((byte)'{', header[0]);
        using var json = JsonDocument.Parse(header[..(end + 1)].ToArray());
        var entries = json.RootElement.EnumerateObject().ToList();
        Assert.Equal("__metadata__", entries[0].Name);
        Assert.Equal("{\"format\":\"pt\"}", entries[0].Value.GetRawText());

        var tensors = entries.Skip(1).ToList();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), tensors.Select(t => t.Name));  // sorted, and exactly these
        byte[] data = file[(8 + (int)n)..];
        long offset = 0;
        foreach (var t in tensors)
        {
            Assert.Equal(new[] { "dtype", "shape", "data_offsets" }, t.Value.EnumerateObject().Select(p => p.Name));
            Assert.Equal("F32", t.Value.GetProperty("dtype").GetString());
            var shape = t.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var range = t.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            Assert.Equal(expected[t.Name].Shape, shape);
            Assert.Equal(offset, range[0]);
            Assert.Equal(4L * shape.Aggregate(1, (a, b) => a * b), range[1] - range[0]);
            var values = Enumerable.Range(0, (int)(range[1] - range[0]) / 4)
                .Select(i => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan((int)range[0] + 4 * i))).ToArray();
            Assert.Equal(expected[t.Name].Values.Select(BitConverter.SingleToInt32Bits), values);
            offset = range[1];
        }
        Assert.Equal(data.Length, offset);
    }

    /// <summary>The names are written as given, not \u-escaped (any JSON reader decodes both, a person reads only one).</summary>
    [Fact]
    public void ModuleNamesAreWrittenAsGiven()
    {
        var weights = new ModelWeights(DenseWeights.FromPyTorch(1, 1, [2f], [3f]));
        weights.SaveSafetensors(PathOf("names.safetensors"), "décodeur+tête");
        string header = Encoding.UTF8.GetString(File.ReadAllBytes(PathOf("names.safetensors")).AsSpan(8));
        Assert.Contains("\"décodeur+tête.weight\"", header);
        Assert.Equal(new[] { 2f }, ((DenseWeights)ModelWeights.LoadSafetensors(PathOf("names.safetensors"), "décodeur+tête").Layers[0]).Weight.ToArray());
    }

    [Fact]
    public void BadArgumentsAreRefusedBeforeAnyFileIsWritten()
    {
        // LSTM 7 → 16 twice (one nn.LSTM can hold both) and a Dense: 3 modules, or 2.
        var weights = RandomModelWeights.For(new ModelArchitecture(7, 2, ModelLayer.Lstm(16, returnSequences: true), ModelLayer.Lstm(16), ModelLayer.Dense(2)), seed: 3);
        string path = PathOf("model.safetensors");
        File.WriteAllText(path, "previous");

        var ex = Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "lstm"));
        Assert.Equal("modules", ex.ParamName);
        Assert.Contains("3 weighted layers (LSTM 7 -> 16 → LSTM 16 -> 16 → Dense 16 -> 2)", ex.Message);
        Assert.Contains("name 3 modules, one per layer, or 2", ex.Message);
        Assert.Contains("nn.LSTM(7, 16, num_layers=2), nn.Linear(16, 2)", ex.Message);
        Assert.Contains("got 1 module name.", ex.Message);
        Assert.Contains("got 4 module names.", Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "a", "b", "c", "d")).Message);
        Assert.Contains("name at least one module", Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path)).Message);
        Assert.Contains("modules[1]: a module name is null", Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "lstm", null!)).Message);
        Assert.Contains("modules[1]: 'fc.' names the same module as modules[0] ('fc')",
            Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "fc", "fc.")).Message);
        Assert.Contains("modules[0]: 'encoder..lstm' has an empty part between dots",
            Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "encoder..lstm", "fc")).Message);
        Assert.Contains("modules[1]: '.fc' has an empty part", Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(path, "lstm", ".fc")).Message);
        Assert.Throws<ArgumentNullException>(() => weights.SaveSafetensors(path, (string[])null!));
        Assert.Throws<ArgumentNullException>(() => weights.SaveSafetensors(null!, "lstm", "fc"));
        Assert.Throws<ArgumentException>(() => weights.SaveSafetensors(" ", "lstm", "fc"));

        // Keras reset_after=False has no nn.GRU form.
        var before = GruWeights.FromKeras(2, 3, new float[18], new float[27], new float[9], resetAfter: false);
        var unsupported = Assert.Throws<NotSupportedException>(() => new ModelWeights(DenseWeights.FromPyTorch(2, 2, new float[4], []), before).SaveSafetensors(path, "fc", "gru"));
        Assert.Contains("weights.Layers[1]: a GRU with ResetAfter = false", unsupported.Message);

        Assert.Equal("previous", File.ReadAllText(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
    }

    /// <summary>An existing file is replaced whole; a write that fails (here: the target is a folder) leaves no file behind.</summary>
    [Fact]
    public void WritesInOneStep()
    {
        var weights = new ModelWeights(DenseWeights.FromPyTorch(2, 1, [1f, 2f], [3f]));
        string path = PathOf("fc.safetensors");
        File.WriteAllBytes(path, new byte[100_000]);
        weights.SaveSafetensors(path, "fc");
        Assert.Equal(new[] { 3f }, ((DenseWeights)ModelWeights.LoadSafetensors(path, "fc").Layers[0]).Bias.ToArray());
        Assert.True(new FileInfo(path).Length < 1000);

        string folder = Directory.CreateDirectory(PathOf("taken.safetensors")).FullName;
        Assert.ThrowsAny<IOException>(() => weights.SaveSafetensors(folder, "fc"));
        Assert.ThrowsAny<IOException>(() => weights.SaveSafetensors(PathOf(Path.Combine("missing", "x.safetensors")), "fc"));
        Assert.Equal(new[] { path }, Directory.GetFiles(_folder));
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    // The files torch loaded (check_saved_state_dict.py): each fixture model saved under these module names.
    public static TheoryData<string, string, string> TorchCheckedFiles() => new()
    {
        { "model_stack2", "model_stack2", "lstm" },
        { "model_stack3", "model_stack3", "lstm_a,lstm_b" },
        { "model_classifier", "model_classifier", "lstm,fc" },
        { "model_odd", "model_odd", "lstm,fc1,fc2" },
        { "model_odd_separate", "model_odd", "lstm1,lstm2,fc1,fc2" },
        { "model_gru", "model_gru", "gru" },
        { "model_mixed", "model_mixed", "gru,lstm,gru2,fc" },
        { "model_bidir", "model_bidir", "lstm,fc" },
        { "model_bidir_separate", "model_bidir", "encoder.lstm1,encoder.lstm2,fc" },
        { "model_bidir_last", "model_bidir_last", "lstm,fc" },
    };

    /// <summary>
    /// What SaveSafetensors writes for the PyTorch model fixtures is byte for byte the files in Fixtures/torch/saved, which
    /// torch's load_state_dict accepted and ran to the fixtures' outputs. LSTMGEN_ACCEPT=1 rewrites them (then rerun the script).
    /// </summary>
    [Theory]
    [MemberData(nameof(TorchCheckedFiles))]
    public void WritesTheFilesTorchLoaded(string name, string source, string modules)
    {
        var (weights, _) = LoadFixture("torch/models/" + source);
        string written = PathOf(name + ".safetensors");
        weights.SaveSafetensors(written, modules.Split(','));
        byte[] bytes = File.ReadAllBytes(written);
        Assert.Equal(ModelWeightsBits(weights), ModelWeightsBits(ModelWeights.LoadSafetensors(written, modules.Split(','))));

        if (Environment.GetEnvironmentVariable("LSTMGEN_ACCEPT") == "1" && Environment.GetEnvironmentVariable("CI") is null)
        {
            string committed = SourceFixturePath("torch", "saved", name + ".safetensors");
            Directory.CreateDirectory(Path.GetDirectoryName(committed)!);
            File.WriteAllBytes(committed, bytes);
            return;
        }
        Assert.True(File.Exists(Fixture.Path("torch", "saved", name + ".safetensors")), $"no {name}.safetensors in Fixtures/torch/saved");
        Assert.True(bytes.AsSpan().SequenceEqual(Fixture.Bytes("torch", "saved", name + ".safetensors")),
            $"SaveSafetensors no longer writes Fixtures/torch/saved/{name}.safetensors; if the change is intended, rerun with LSTMGEN_ACCEPT=1 and check the files with check_saved_state_dict.py.");
    }

    [Fact]
    public void EveryTorchCheckedFileHasATest()
    {
        var tested = TorchCheckedFiles().Select(row => (string)row[0] + ".safetensors").Order(StringComparer.Ordinal);
        Assert.Equal(tested, Directory.GetFiles(Fixture.Path("torch", "saved"), "*.safetensors").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static string SourceFixturePath(string folder, string subfolder, string file, [CallerFilePath] string caller = "") =>
        Path.Combine(Path.GetDirectoryName(caller)!, "..", "Fixtures", folder, subfolder, file);

    // The number of modules when consecutive layers of one kind and size stack, counted here from the layers.
    private static int ModuleCount(ModelWeights weights) =>
        weights.Layers.Select((l, k) => k > 0 && Stackable(weights.Layers[k - 1], l) ? 0 : 1).Sum();

    private static bool Stackable(LayerWeights below, LayerWeights above) => above.InputSize == below.OutputSize && (below, above) switch
    {
        (LstmWeights a, LstmWeights b) => a.Units == b.Units,
        (BidirectionalWeights a, BidirectionalWeights b) => a.Units == b.Units,
        (GruWeights a, GruWeights b) => a.Units == b.Units,
        _ => false,
    };

    private void AssertRoundTrip(ModelWeights weights, string[] modules, LstmLoadOptions? options = null)
    {
        string path = PathOf($"{Guid.NewGuid():N}.safetensors");
        weights.SaveSafetensors(path, modules);
        var loaded = ModelWeights.LoadSafetensors(path, options, modules);
        Assert.Equal(weights.Layers.Select(l => (l.GetType(), l.InputSize, l.OutputSize)), loaded.Layers.Select(l => (l.GetType(), l.InputSize, l.OutputSize)));
        Assert.Equal(ModelWeightsBits(weights), ModelWeightsBits(loaded));
    }

    /// <summary>Every float of every layer as its bit pattern, tensor by tensor, with the GRUs' convention.</summary>
    private static List<int[]> ModelWeightsBits(ModelWeights weights)
    {
        var bits = new List<int[]>();
        void Add(ReadOnlySpan<float> values) => bits.Add(MemoryMarshal.Cast<float, int>(values).ToArray());
        void Lstm(LstmWeights l) { Add(l.WeightIh); Add(l.WeightHh); Add(l.Bias); }
        foreach (var layer in weights.Layers)
            switch (layer)
            {
                case LstmWeights l: Lstm(l); break;
                case BidirectionalWeights b: Lstm(b.Forward); Lstm(b.Backward); break;
                case GruWeights g: Add(g.WeightIh); Add(g.WeightHh); Add(g.BiasIh); Add(g.BiasHh); bits.Add([g.ResetAfter ? 1 : 0]); break;
                case DenseWeights d: Add(d.Weight); Add(d.Bias); break;
            }
        return bits;
    }
}

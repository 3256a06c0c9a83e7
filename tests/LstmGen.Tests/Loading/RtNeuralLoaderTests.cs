using System.IO;
using System.Text;
using System.Text.Json.Nodes;

namespace LstmGen.Tests;

/// <summary>
/// <see cref="LstmWeights.LoadRtNeural(string, int, LstmLoadOptions?)"/>: layer numbering in both flavours, the
/// overloads, and rejections of malformed files (the end-to-end runs through generated kernels are in
/// <see cref="RtNeuralConformanceTests"/>, which takes its LSTM weights from this loader).
/// </summary>
public sealed class RtNeuralLoaderTests(ITestOutputHelper log)
{
    private static string Model(string file) => Fixture.Path("rtneural", "models", file);

    private static string Text(string file) => File.ReadAllText(Model(file));

    // ---- Layer numbering and overloads ----

    [Fact]
    public void TorchFlavourNumbersModulesInFileOrderThenLayers()
    {
        string path = Model("lstm_torch.json");
        var all = LstmWeights.LoadRtNeuralLayers(path);
        Assert.Equal(4, all.Count);
        Assert.Equal(new[] { (1, 8), (8, 8), (8, 8), (8, 8) }, all.Select(w => (w.Input, w.Units)));
        Assert.Equal(all[0].WeightIh.ToArray(), LstmWeights.LoadRtNeural(path).WeightIh.ToArray());
        Assert.Equal(all[0].WeightIh.ToArray(), LstmWeights.LoadRtNeural(path, "lstm.").WeightIh.ToArray());
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(all[1 + k].WeightHh.ToArray(), LstmWeights.LoadRtNeural(path, 1 + k).WeightHh.ToArray());
            Assert.Equal(all[1 + k].WeightHh.ToArray(), LstmWeights.LoadRtNeural(path, "lstm2.", k).WeightHh.ToArray());
        }
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path, 4));
        log.WriteLine(ex.Message);
        Assert.Contains("4 LSTM layers", ex.Message);
        Assert.Contains("'lstm2.' layer 2", ex.Message);
        ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path, "lstm2.", 3));
        log.WriteLine(ex.Message);
        ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path, "encoder."));
        log.WriteLine(ex.Message);
        Assert.Contains("encoder.", ex.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => LstmWeights.LoadRtNeural(path, -1));
    }

    [Fact]
    public void KerasFlavourCountsOnlyLstmLayers()
    {
        // lstm.json: time-distributed-dense, lstm, dense: the LSTM is layer 0.
        var w = LstmWeights.LoadRtNeural(Model("lstm.json"));
        Assert.Equal((8, 8), (w.Input, w.Units));
        Assert.Single(LstmWeights.LoadRtNeuralLayers(Model("lstm.json")));
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(Model("lstm.json"), 1));
        log.WriteLine(ex.Message);
        Assert.Contains("1 LSTM layer:", ex.Message);
        Assert.Contains("layers[1]", ex.Message);
        Assert.Throws<ArgumentException>(() => LstmWeights.LoadRtNeural(Model("lstm.json"), "lstm."));
    }

    [Fact]
    public void StreamOverloadReadsTheSame()
    {
        var fromPath = LstmWeights.LoadRtNeural(Model("lstm_1d.json"));
        using (var file = File.OpenRead(Model("lstm_1d.json")))
            Assert.Equal(fromPath.WeightHh.ToArray(), LstmWeights.LoadRtNeural(file).WeightHh.ToArray());
        using var memory = new MemoryStream(File.ReadAllBytes(Model("lstm_torch.json")));
        Assert.Equal(LstmWeights.LoadRtNeural(Model("lstm_torch.json"), 2).Bias.ToArray(), LstmWeights.LoadRtNeural(memory, 2).Bias.ToArray());
    }

    // ---- bad_lstm.json ----

    [Fact]
    public void BadLstmDeclaringSixteenUnitsWithWeightsForTwentyIsRejected()
    {
        string path = Model("bad_lstm.json");
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path));
        log.WriteLine(ex.Message);
        Assert.Equal(path, ex.FileName);
        Assert.Equal("layers[0].weights[1] (recurrent kernel)", ex.Tensor);
        Assert.Contains("declares 16 units", ex.Message);
        Assert.Contains("for 20 units", ex.Message);
        Assert.Equal("16 units: recurrent kernel [16, 64]", ex.Expected);
        Assert.Equal("20 units: [20, 80]", ex.Actual);
    }

    // ---- Malformed files ----

    /// <summary>lstm_1d.json with one edit; the loader must name the problem and where it is.</summary>
    public static TheoryData<string, Func<string, string>, string, string?> KerasEdits() => new()
    {
        { "truncated JSON", s => s[..(s.Length / 2)], "not valid JSON", null },
        { "truncated by one byte", s => s.TrimEnd()[..^1], "not valid JSON", null },
        { "kernel flattened (wrong nesting)", s => Edit(s, l => l["weights"]![0] = Flatten(l["weights"]![0]!)), "wrong shape", "layers[0].weights[0] (kernel)" },
        { "kernel nested once more", s => Edit(s, l => l["weights"]![0] = new JsonArray(l["weights"]![0]!.DeepClone())), "wrong shape", "layers[0].weights[0] (kernel)" },
        { "bias given as [[...]] rows", s => Edit(s, l => l["weights"]![2] = new JsonArray(l["weights"]![2]!.AsArray().Select(v => (JsonNode)new JsonArray(v!.DeepClone())).ToArray())), "wrong shape", "layers[0].weights[2] (bias)" },
        { "ragged recurrent kernel", s => Edit(s, l => l["weights"]![1]![3]!.AsArray().RemoveAt(0)), "ragged array: [3] has 31 elements", "layers[0].weights[1] (recurrent kernel)" },
        { "a row replaced by a number", s => Edit(s, l => l["weights"]![1]![2] = 0.5), "[2] is the number 0.5, not an array", "layers[0].weights[1] (recurrent kernel)" },
        { "a number replaced by a row", s => Edit(s, l => l["weights"]![1]![2]![5] = new JsonArray(1, 2)), "[2][5] is an array of 2, not a number", "layers[0].weights[1] (recurrent kernel)" },
        { "missing weights", s => Edit(s, l => l.AsObject().Remove("weights")), "missing", "layers[0].weights" },
        { "two weights only", s => Edit(s, l => l["weights"]!.AsArray().RemoveAt(2)), "wrong number of tensors", "layers[0].weights" },
        { "empty kernel", s => Edit(s, l => l["weights"]![0] = new JsonArray()), "empty array", "layers[0].weights[0] (kernel)" },
        { "a string element", s => Edit(s, l => l["weights"]![0]![0]![3] = "abc"), "[0][3] is the string \"abc\", not a number", "layers[0].weights[0] (kernel)" },
        { "a null element", s => Edit(s, l => l["weights"]![2]![7] = null), "[7] is null, not a number", "layers[0].weights[2] (bias)" },
        { "a boolean element", s => Edit(s, l => l["weights"]![1]![0]![0] = true), "[0][0] is true, not a number", "layers[0].weights[1] (recurrent kernel)" },
        { "quoted NaN", s => Edit(s, l => l["weights"]![2]![1] = "NaN"), "element 1 is NaN", "layers[0].weights[2] (bias)" },
        { "bare NaN (Python json)", s => Edit(s, l => l["weights"]![2]![1] = "@NaN@").Replace("\"@NaN@\"", "NaN"), "element 1 is NaN", "layers[0].weights[2] (bias)" },
        { "bare -Infinity (Python json)", s => Edit(s, l => l["weights"]![0]![0]![5] = "@x@").Replace("\"@x@\"", "-Infinity"), "element 5 is", "layers[0].weights[0] (kernel)" },
        { "overflowing number", s => Edit(s, l => l["weights"]![1]![1]![1] = "@x@").Replace("\"@x@\"", "1e999"), "non-finite weights are rejected", "layers[0].weights[1] (recurrent kernel)" },
        { "shape missing", s => Edit(s, l => l.AsObject().Remove("shape")), "missing or not a non-empty array", "layers[0].shape" },
        { "units not a number", s => Edit(s, l => l["shape"]![2] = "8"), "not a positive integer", "layers[0].shape" },
        { "layers not an array", s => """{"layers": {"type": "lstm"}}""", "is not an array", "layers" },
        { "layer without type", s => """{"layers": [{"shape": [null, null, 8]}]}""", "missing or not a string", "layers[0].type" },
        { "no lstm layer", s => """{"layers": [{"type": "dense", "weights": []}]}""", "no layer of type \"lstm\"", "layers" },
        { "top level is an array", s => "[1, 2, 3]", "top level is not a JSON object", null },
        { "neither flavour", s => """{"foo": [1, 2]}""", "neither a Keras-style RTNeural model", "*weight_ih_l0" },
    };

    [Theory]
    [MemberData(nameof(KerasEdits))]
    public void MalformedKerasStyleModelsAreRejected(string what, Func<string, string> edit, string problem, string? tensor) =>
        CheckRejected(what, edit(Text("lstm_1d.json")), problem, tensor);

    /// <summary>lstm_torch.json with one edit.</summary>
    public static TheoryData<string, Func<string, string>, string, string?> TorchEdits() => new()
    {
        { "truncated JSON", s => s[..(s.Length * 2 / 3)], "not valid JSON", null },
        { "weight_hh missing", s => EditRoot(s, r => r.Remove("lstm.weight_hh_l0")), "tensor not found", "lstm.weight_hh_l0" },
        { "one bias missing", s => EditRoot(s, r => r.Remove("lstm.bias_hh_l0")), "tensor not found (the other bias exists)", "lstm.bias_hh_l0" },
        { "ragged weight_ih", s => EditRoot(s, r => r["lstm.weight_ih_l0"]![4]!.AsArray().Add(0.25)), "ragged array: [4] has 2 elements", "lstm.weight_ih_l0" },
        { "weight_hh flattened", s => EditRoot(s, r => r["lstm.weight_hh_l0"] = Flatten(r["lstm.weight_hh_l0"]!)), "wrong shape", "lstm.weight_hh_l0" },
        { "a string in a bias", s => EditRoot(s, r => r["lstm.bias_ih_l0"]![0] = "x"), "[0] is the string \"x\", not a number", "lstm.bias_ih_l0" },
        { "bare NaN in weight_hh", s => EditRoot(s, r => r["lstm.weight_hh_l0"]![1]![1] = "@x@").Replace("\"@x@\"", "NaN"), "element 9 is NaN", "lstm.weight_hh_l0" },
        { "gap in layer numbers", s => EditRoot(s, r => { r.Remove("lstm2.weight_ih_l1"); }), "numbered from 0 without gaps", "lstm2.weight_ih_l1" },
        { "bidirectional", s => EditRoot(s, r => r["lstm.weight_ih_l0_reverse"] = r["lstm.weight_ih_l0"]!.DeepClone()), "bidirectional", "lstm.weight_ih_l0_reverse" },
    };

    [Theory]
    [MemberData(nameof(TorchEdits))]
    public void MalformedTorchStateDictsAreRejected(string what, Func<string, string> edit, string problem, string? tensor) =>
        CheckRejected(what, edit(Text("lstm_torch.json")), problem, tensor);

    [Fact]
    public void NonFiniteWeightsLoadWhenAllowed()
    {
        string json = Edit(Text("lstm_1d.json"), l => l["weights"]![2]![1] = "@NaN@").Replace("\"@NaN@\"", "NaN");
        using var temp = new TempFile(".json", json);
        string path = temp.Path;
        Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path));
        var w = LstmWeights.LoadRtNeural(path, options: new LstmLoadOptions { AllowNonFinite = true });
        Assert.True(float.IsNaN(w.Bias[1]));
    }

    [Fact]
    public void StringsContainingNaNAreNotTouched()
    {
        // A bare-token rewrite must not alter string contents (e.g. an "author" of "NaN Infinity").
        string json = Text("lstm_1d.json").Replace("\"in_shape\"", "\"author\": \"NaN -Infinity \\\" NaN\", \"in_shape\"");
        json = Edit(json, l => l["weights"]![2]![0] = "@x@").Replace("\"@x@\"", "NaN");
        using var temp = new TempFile(".json", json);
        string path = temp.Path;
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path));
        Assert.Contains("element 0 is NaN", ex.Message);
    }

    [Fact]
    public void AFailedLoadLeavesTheKernelUnchanged()
    {
        var layer = new Rtn1x8();
        layer.LoadWeights(LstmWeights.LoadRtNeural(Model("lstm_1d.json")));
        var probe = TestData.Inputs(16, seed: 3, amplitude: 1f);
        var before = new float[Rtn1x8.Units];
        layer.Forward(probe, before);

        foreach (var (what, json) in new[]
        {
            ("truncated", Text("lstm_1d.json")[..5000]),
            ("ragged", Edit(Text("lstm_1d.json"), l => l["weights"]![1]![3]!.AsArray().RemoveAt(0))),
            ("NaN", Edit(Text("lstm_1d.json"), l => l["weights"]![2]![1] = "NaN")),
        })
        {
            using var temp = new TempFile(".json", json);
            string path = temp.Path;
            Assert.Throws<LstmFormatException>(() => layer.LoadWeights(LstmWeights.LoadRtNeural(path)));
            var after = new float[Rtn1x8.Units];
            layer.Forward(probe, after);
            Assert.Equal(before, after);
            log.WriteLine($"{what}: rejected, layer unchanged");
        }
        // bad_lstm.json (20-unit weights declared as 16) never reaches a 16-unit layer either.
        var layer16 = new Rtn1x16();
        var w16 = LstmWeights.CreateRandom(1, 16, seed: 5);
        layer16.LoadWeights(w16);
        var before16 = new float[16];
        layer16.Forward(probe, before16);
        Assert.Throws<LstmFormatException>(() => layer16.LoadWeights(LstmWeights.LoadRtNeural(Model("bad_lstm.json"))));
        var after16 = new float[16];
        layer16.Forward(probe, after16);
        Assert.Equal(before16, after16);
    }

    // ---- helpers ----

    private void CheckRejected(string what, string json, string problem, string? tensor)
    {
        using var temp = new TempFile(".json", json);
        string path = temp.Path;
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(path));
        log.WriteLine($"{what}: {ex.Message}");
        Assert.Equal(path, ex.FileName);
        Assert.Equal(tensor, ex.Tensor);
        Assert.Contains(problem, ex.Message);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(json));
        Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(stream));
    }

    private static string Edit(string json, Action<JsonNode> editFirstLstm)
    {
        var root = JsonNode.Parse(json)!;
        editFirstLstm(root["layers"]!.AsArray().First(l => (string?)l!["type"] == "lstm")!);
        return root.ToJsonString();
    }

    private static string EditRoot(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString();
    }

    private static JsonArray Flatten(JsonNode node)
    {
        var flat = new JsonArray();
        void Walk(JsonNode? n)
        {
            if (n is JsonArray a) foreach (var c in a) Walk(c);
            else flat.Add(n?.DeepClone());
        }
        Walk(node);
        return flat;
    }
}

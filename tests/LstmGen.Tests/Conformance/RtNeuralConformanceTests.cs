using System.IO;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// Conformance with RTNeural's test data (Fixtures/rtneural, BSD-3-Clause): whole networks, LSTM layers
/// chained by hand with the dense layers written here, run over the fixtures' inputs and compared with
/// the outputs PyTorch / Keras produced, on every kernel path (generated Step, generated Forward with
/// fixed and with free step counts, generic <see cref="LstmKernel"/>).
/// </summary>
/// <remarks>
/// The LSTM weights come from the runtime loader (<see cref="LstmWeights.LoadRtNeural(string, int, LstmLoadOptions?)"/>),
/// and each is checked against the minimal hand parse kept here (which also reads the dense layers, not the
/// loader's job); loader rejections are in <see cref="RtNeuralLoaderTests"/>. The same fixtures run end to end as
/// generated <c>[LstmModel]</c> classes, weights from <c>ModelWeights.LoadRtNeural</c>, in <see cref="ModelFixtureTests"/>.
/// </remarks>
[Trait("Category", "Kernel")]
public sealed class RtNeuralConformanceTests(ITestOutputHelper log)
{
    // The fixtures' own precision: README says they were re-checked to about 1e-7; a float64 run of the
    // same chain must agree to well under the kernels' tolerance, or the comparison would mean little.
    private const double FixtureTolerance = 1e-6;

    public enum KernelPath
    {
        /// <summary>Generated layers, <c>Step</c> once per time step, state carried.</summary>
        GeneratedStep,
        /// <summary>Generated layers with <c>Steps</c> = the fixture's length and <c>ReturnSequences</c>.</summary>
        GeneratedForwardFixedSteps,
        /// <summary>Generated layers without <c>Steps</c>, <c>ReturnSequences</c>.</summary>
        GeneratedForwardAnySteps,
        /// <summary><see cref="LstmKernel"/>, <c>Step</c> once per time step.</summary>
        GenericStep,
        /// <summary><see cref="LstmKernel"/>, <c>Forward</c> returning every hidden state.</summary>
        GenericForward,
    }

    public static TheoryData<KernelPath> Paths() => new()
    {
        KernelPath.GeneratedStep, KernelPath.GeneratedForwardFixedSteps, KernelPath.GeneratedForwardAnySteps,
        KernelPath.GenericStep, KernelPath.GenericForward,
    };

    public static TheoryData<string> Models() => new() { "lstm_torch", "lstm", "lstm_1d" };

    [Theory]
    [MemberData(nameof(Paths))]
    public void LstmTorchMatchesPyTorch(KernelPath path) => CheckNetwork(LoadTorchNetwork(), path);

    [Theory]
    [MemberData(nameof(Paths))]
    public void KerasLstmMatchesKeras(KernelPath path) => CheckNetwork(LoadKerasNetwork("lstm"), path);

    [Theory]
    [MemberData(nameof(Paths))]
    public void KerasLstm1dMatchesKeras(KernelPath path) => CheckNetwork(LoadKerasNetwork("lstm_1d"), path);

    /// <summary>
    /// Forward without ReturnSequences (last state only) on the last LSTM, after the earlier layers ran
    /// with ReturnSequences: the network's output at the final step.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void GeneratedForwardLastStateMatchesFinalStep(string model)
    {
        var net = Load(model);
        var seq = ApplyPre(net);
        for (int l = 0; l < net.Lstms.Length - 1; l++)
            seq = ForwardSequence(Load(CreateGenerated(KernelPath.GeneratedForwardAnySteps, net.Lstms[l], net.Steps), net.Lstms[l]), seq);
        var last = net.Lstms[^1];
        var layer = Load(CreateGenerated(KernelPath.GeneratedStep, last, net.Steps), last); // Rtn?x8: any steps, last state
        var h = new float[layer.Units];
        layer.Forward(seq, h);
        var y = new double[net.Post.Outputs];
        net.Post.Apply(h, y);
        AssertClose.Within(net.Expected.AsSpan((net.Steps - 1) * net.Post.Outputs, net.Post.Outputs).ToArray(), y, $"{model} generated Forward, last state only ({layer.GetType().Name})", AssertClose.Tolerance, log);
    }

    /// <summary>
    /// The fixtures against a float64 run of the same chain (the test project's <see cref="ReferenceLstm"/>):
    /// shows how precise the reference outputs themselves are, and that the parsing and layer order here
    /// are right independently of any LstmGen kernel.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void FixtureAgreesWithFloat64Reference(string model)
    {
        var net = Load(model);
        var refs = net.Lstms.Select(w => new ReferenceLstm(w.Input, w.Units, w.WeightIh.ToArray(), w.WeightHh.ToArray(),
            w.Bias.ToArray(), new float[4 * w.Units])).ToArray();
        var y = new double[net.Steps * net.Post.Outputs];
        var input = ApplyPre(net);
        int width = input.Length / net.Steps;
        for (int t = 0; t < net.Steps; t++)
        {
            ReadOnlySpan<float> x = input.AsSpan(t * width, width);
            double[] h = Array.Empty<double>();
            foreach (var r in refs)
            {
                r.Step(x);
                h = r.H;
                x = Array.ConvertAll(h, v => (float)v); // layers hand float32 to each other, as in the frameworks
            }
            net.Post.Apply(h, y.AsSpan(t * net.Post.Outputs, net.Post.Outputs));
        }
        AssertClose.Within(net.Expected, y, $"{model} fixture vs float64 reference", FixtureTolerance, log);
    }

    /// <summary>
    /// bad_lstm.json declares 16 units but its tensors are shaped for 20 (kernel [1, 80], recurrent [20, 80],
    /// bias [80], and the following dense layer has 20 inputs). The loader rejects the file itself
    /// (<see cref="RtNeuralLoaderTests"/>); here the two later lines of defence must catch it too: the weight
    /// factory, and a generated 16-unit layer.
    /// </summary>
    [Fact]
    public void BadLstmTwentyUnitWeightsForSixteenUnitLayerAreRejected()
    {
        using var doc = ReadJson("bad_lstm.json");
        var lstm = doc.RootElement.GetProperty("layers")[0];
        Assert.Equal("lstm", lstm.GetProperty("type").GetString());
        int declaredUnits = DeclaredUnits(lstm);
        var weights = lstm.GetProperty("weights");
        var kernel = Tensor.From(weights[0]);
        var recurrent = Tensor.From(weights[1]);
        var bias = Tensor.From(weights[2]);
        var dense = Tensor.From(doc.RootElement.GetProperty("layers")[1].GetProperty("weights")[0]);
        log.WriteLine($"bad_lstm.json: declared units {declaredUnits}; kernel {kernel.ShapeText}, recurrent {recurrent.ShapeText}, bias {bias.ShapeText}, dense kernel {dense.ShapeText}");
        Assert.Equal(16, declaredUnits);
        Assert.Equal(new[] { 1, 80 }, kernel.Shape);
        Assert.Equal(new[] { 20, 80 }, recurrent.Shape);
        Assert.Equal(new[] { 80 }, bias.Shape);
        Assert.Equal(new[] { 20, 1 }, dense.Shape);
        int input = kernel.Shape[0];

        // 1. The factory, told the declared 16 units, names expected and actual shapes of each tensor.
        var ex = Assert.Throws<ArgumentException>(() => LstmWeights.FromKeras(input, declaredUnits, kernel.Data, recurrent.Data, bias.Data));
        log.WriteLine($"FromKeras(1, 16, kernel, recurrent, bias): {ex.Message}");
        Assert.Equal("kernel", ex.ParamName);
        Assert.Contains("[1, 64]", ex.Message);
        Assert.Contains("64", ex.Message);
        Assert.Contains("80", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => LstmWeights.FromKeras(input, declaredUnits, new float[64], recurrent.Data, new float[64]));
        log.WriteLine($"FromKeras(1, 16, <64 floats>, recurrent, <64 floats>): {ex.Message}");
        Assert.Equal("recurrentKernel", ex.ParamName);
        Assert.Contains("[16, 64]", ex.Message);
        Assert.Contains("1024", ex.Message);
        Assert.Contains("1600", ex.Message);

        ex = Assert.Throws<ArgumentException>(() => LstmWeights.FromKeras(input, declaredUnits, new float[64], new float[1024], bias.Data));
        log.WriteLine($"FromKeras(1, 16, <64 floats>, <1024 floats>, bias): {ex.Message}");
        Assert.Equal("bias", ex.ParamName);
        Assert.Contains("[64]", ex.Message);
        Assert.Contains("80", ex.Message);

        // 2. Sizes taken from the tensors (recurrent rows = 20) give valid 20-unit weights, which a layer
        //    generated for the declared 16 units refuses, naming both, and keeps its previous weights.
        int actualUnits = recurrent.Shape[0];
        var w20 = LstmWeights.FromKeras(input, actualUnits, kernel.Data, recurrent.Data, bias.Data);
        Assert.Equal(20, w20.Units);
        Assert.Equal(kernel.Data.Length + recurrent.Data.Length + bias.Data.Length, w20.ParameterCount);
        Assert.NotEqual(Rtn1x16.ParameterCount, w20.ParameterCount);

        var layer = new Rtn1x16();
        var w16 = LstmWeights.CreateRandom(1, 16, seed: 16);
        layer.LoadWeights(w16);
        var probe = TestData.Inputs(12, seed: 20, amplitude: 1f);
        var before = new float[Rtn1x16.Units];
        layer.Forward(probe, before);

        ex = Assert.Throws<ArgumentException>(() => layer.LoadWeights(w20));
        log.WriteLine($"Rtn1x16.LoadWeights(20-unit weights): {ex.Message}");
        Assert.Equal("weights", ex.ParamName);
        Assert.Contains("Units = 16", ex.Message);
        Assert.Contains("Units = 20", ex.Message);
        var after = new float[Rtn1x16.Units];
        layer.Forward(probe, after);
        Assert.Equal(before, after);

        var kernel16 = new LstmKernel(w16);
        ex = Assert.Throws<ArgumentException>(() => kernel16.LoadWeights(w20));
        log.WriteLine($"LstmKernel(16 units).LoadWeights(20-unit weights): {ex.Message}");
        Assert.Contains("Units = 16", ex.Message);
        Assert.Contains("Units = 20", ex.Message);
    }

    // ---- Running a network ----

    private void CheckNetwork(Network net, KernelPath path)
    {
        var layers = net.Lstms.Select(w => Load(Create(path, w, net.Steps), w)).ToArray();
        bool streaming = path is KernelPath.GeneratedStep or KernelPath.GenericStep;
        var y = streaming ? RunStreaming(net, layers) : RunForward(net, layers);
        string names = string.Join(" → ", layers.Select(l => l.GetType().Name));
        AssertClose.Within(net.Expected, y, $"{net.Name} {path} [{names}]", AssertClose.Tolerance, log);
    }

    private static ILstmLayer Create(KernelPath path, LstmWeights w, int steps) => path switch
    {
        KernelPath.GenericStep or KernelPath.GenericForward => new LstmKernel(w),
        _ => CreateGenerated(path, w, steps),
    };

    private static ILstmLayer CreateGenerated(KernelPath path, LstmWeights w, int steps) => (path, w.Input, w.Units, steps) switch
    {
        (KernelPath.GeneratedStep, Rtn1x8.Input, Rtn1x8.Units, _) => new Rtn1x8(),
        (KernelPath.GeneratedStep, Rtn8x8.Input, Rtn8x8.Units, _) => new Rtn8x8(),
        (KernelPath.GeneratedForwardAnySteps, Rtn1x8Seq.Input, Rtn1x8Seq.Units, _) => new Rtn1x8Seq(),
        (KernelPath.GeneratedForwardAnySteps, Rtn8x8Seq.Input, Rtn8x8Seq.Units, _) => new Rtn8x8Seq(),
        (KernelPath.GeneratedForwardFixedSteps, Rtn1x8x1000Seq.Input, Rtn1x8x1000Seq.Units, Rtn1x8x1000Seq.Steps) => new Rtn1x8x1000Seq(),
        (KernelPath.GeneratedForwardFixedSteps, Rtn8x8x1000Seq.Input, Rtn8x8x1000Seq.Units, Rtn8x8x1000Seq.Steps) => new Rtn8x8x1000Seq(),
        (KernelPath.GeneratedForwardFixedSteps, Rtn1x8x100Seq.Input, Rtn1x8x100Seq.Units, Rtn1x8x100Seq.Steps) => new Rtn1x8x100Seq(),
        (KernelPath.GeneratedForwardFixedSteps, Rtn8x8x100Seq.Input, Rtn8x8x100Seq.Units, Rtn8x8x100Seq.Steps) => new Rtn8x8x100Seq(),
        _ => throw new NotSupportedException($"no generated layer declared for {path}, Input = {w.Input}, Units = {w.Units}, {steps} steps"),
    };

    private static ILstmLayer Load(ILstmLayer layer, LstmWeights w)
    {
        layer.LoadWeights(w);
        return layer;
    }

    /// <summary>One time step at a time through every layer, each carrying its own state.</summary>
    private static double[] RunStreaming(Network net, ILstmLayer[] layers)
    {
        var y = new double[net.Steps * net.Post.Outputs];
        var hs = layers.Select(l => new float[l.Units]).ToArray();
        var input = ApplyPre(net);
        int width = input.Length / net.Steps;
        foreach (var layer in layers) layer.ResetState();
        for (int t = 0; t < net.Steps; t++)
        {
            ReadOnlySpan<float> x = input.AsSpan(t * width, width);
            for (int l = 0; l < layers.Length; l++)
            {
                layers[l].Step(x, hs[l]);
                x = hs[l];
            }
            net.Post.Apply(x, y.AsSpan(t * net.Post.Outputs, net.Post.Outputs));
        }
        return y;
    }

    /// <summary>Each layer's Forward over the whole sequence ([step, unit] out), feeding the next.</summary>
    private static double[] RunForward(Network net, ILstmLayer[] layers)
    {
        var seq = ApplyPre(net);
        foreach (var layer in layers)
            seq = ForwardSequence(layer, seq);
        var y = new double[net.Steps * net.Post.Outputs];
        int width = layers[^1].Units;
        for (int t = 0; t < net.Steps; t++)
            net.Post.Apply(seq.AsSpan(t * width, width), y.AsSpan(t * net.Post.Outputs, net.Post.Outputs));
        return y;
    }

    private static float[] ForwardSequence(ILstmLayer layer, float[] seq)
    {
        var output = new float[seq.Length / layer.Input * layer.Units];
        layer.Forward(seq, output);
        return output;
    }

    /// <summary>The input sequence after the optional time-distributed dense layer, [step, feature].</summary>
    private static float[] ApplyPre(Network net)
    {
        if (net.Pre is not { } d) return net.X;
        var seq = new float[net.Steps * d.Outputs];
        var tmp = new double[d.Outputs];
        for (int t = 0; t < net.Steps; t++)
        {
            d.Apply(net.X.AsSpan(t * net.InputSize, net.InputSize), tmp);
            for (int k = 0; k < d.Outputs; k++) seq[t * d.Outputs + k] = (float)tmp[k];
        }
        return seq;
    }

    // ---- The fixtures ----

    private sealed class Dense
    {
        public Dense(int inputs, int outputs, float[] weight, float[] bias, bool tanh)
        {
            Assert.Equal(inputs * outputs, weight.Length);
            Assert.Equal(outputs, bias.Length);
            (Inputs, Outputs, Weight, Bias, Tanh) = (inputs, outputs, weight, bias, tanh);
        }

        public int Inputs { get; }
        public int Outputs { get; }
        /// <summary>[out, in] row-major (PyTorch's layout; Keras kernels are transposed on load).</summary>
        public float[] Weight { get; }
        public float[] Bias { get; }
        public bool Tanh { get; }

        /// <summary>y = act(W·x + b), accumulated in float64.</summary>
        public void Apply(ReadOnlySpan<float> x, Span<double> y)
        {
            Span<double> xd = stackalloc double[x.Length];
            for (int k = 0; k < x.Length; k++) xd[k] = x[k];
            Apply(xd, y);
        }

        /// <inheritdoc cref="Apply(ReadOnlySpan{float}, Span{double})"/>
        public void Apply(ReadOnlySpan<double> x, Span<double> y)
        {
            Assert.Equal(Inputs, x.Length);
            for (int o = 0; o < Outputs; o++)
            {
                double sum = Bias[o];
                for (int k = 0; k < Inputs; k++) sum += (double)Weight[o * Inputs + k] * x[k];
                y[o] = Tanh ? Math.Tanh(sum) : sum;
            }
        }

        public static Dense FromKeras(JsonElement layer)
        {
            var weights = layer.GetProperty("weights");
            var kernel = Tensor.From(weights[0]); // [in, out]
            var bias = Tensor.From(weights[1]);   // [out]
            Assert.Equal(2, kernel.Shape.Length);
            int inputs = kernel.Shape[0], outputs = kernel.Shape[1];
            Assert.Equal(DeclaredUnits(layer), outputs);
            var w = new float[outputs * inputs];
            for (int i = 0; i < inputs; i++)
                for (int o = 0; o < outputs; o++)
                    w[o * inputs + i] = kernel.Data[i * outputs + o];
            return new Dense(inputs, outputs, w, bias.Data, Activation(layer));
        }
    }

    private sealed record Network(string Name, int InputSize, Dense? Pre, LstmWeights[] Lstms, Dense Post, float[] X, double[] Expected)
    {
        public int Steps => X.Length / InputSize;
    }

    private static Network Load(string model) => model == "lstm_torch" ? LoadTorchNetwork() : LoadKerasNetwork(model);

    /// <summary>lstm_torch.json: nn.LSTM(1, 8) → nn.LSTM(8, 8, num_layers=3) → nn.Linear(8, 1).</summary>
    private static Network LoadTorchNetwork()
    {
        using var doc = ReadJson("lstm_torch.json");
        var root = doc.RootElement;
        var byHand = new[] { TorchLstm(root, "lstm", 0), TorchLstm(root, "lstm2", 0), TorchLstm(root, "lstm2", 1), TorchLstm(root, "lstm2", 2) };
        var lstms = LstmWeights.LoadRtNeuralLayers(Fixture.Path("rtneural", "models", "lstm_torch.json")).ToArray();
        AssertSameWeights(byHand, lstms);
        Assert.False(root.TryGetProperty("lstm.weight_ih_l1", out _), "lstm has one layer");
        Assert.False(root.TryGetProperty("lstm2.weight_ih_l3", out _), "lstm2 has three layers");
        var weight = Tensor.From(root.GetProperty("dense.weight")); // [out, in]
        var bias = Tensor.From(root.GetProperty("dense.bias"));
        var post = new Dense(weight.Shape[1], weight.Shape[0], weight.Data, bias.Data, tanh: false);
        Assert.Equal(lstms[^1].Units, post.Inputs);
        var x = ReadColumn("lstm_torch_x_python.csv");
        var y = ReadColumn("lstm_torch_y_python.csv");
        Assert.Equal(1000, x.Length);
        return new Network("lstm_torch", lstms[0].Input, null, lstms, post, Array.ConvertAll(x, v => (float)v), y);
    }

    private static LstmWeights TorchLstm(JsonElement root, string name, int layer)
    {
        var wIh = Tensor.From(root.GetProperty($"{name}.weight_ih_l{layer}")); // [4H, I]
        var wHh = Tensor.From(root.GetProperty($"{name}.weight_hh_l{layer}")); // [4H, H]
        var bIh = Tensor.From(root.GetProperty($"{name}.bias_ih_l{layer}"));
        var bHh = Tensor.From(root.GetProperty($"{name}.bias_hh_l{layer}"));
        int units = wHh.Shape[1], input = wIh.Shape[1];
        Assert.Equal(new[] { 4 * units, units }, wHh.Shape);
        Assert.Equal(4 * units, wIh.Shape[0]);
        return LstmWeights.FromPyTorch(input, units, wIh.Data, wHh.Data, bIh.Data, bHh.Data);
    }

    /// <summary>An RTNeural Keras export: layers of type time-distributed-dense, lstm and dense, in order.</summary>
    private static Network LoadKerasNetwork(string model)
    {
        using var doc = ReadJson(model + ".json");
        var root = doc.RootElement;
        int inputSize = root.GetProperty("in_shape")[2].GetInt32();
        Dense? pre = null, post = null;
        var lstms = new System.Collections.Generic.List<LstmWeights>();
        foreach (var layer in root.GetProperty("layers").EnumerateArray())
        {
            string type = layer.GetProperty("type").GetString()!;
            switch (type)
            {
                case "time-distributed-dense" when lstms.Count == 0 && pre is null:
                    pre = Dense.FromKeras(layer);
                    break;
                case "lstm" when post is null:
                    // The LSTM's "activation" is its cell/output activation; the kernels implement tanh only.
                    Assert.Equal("tanh", layer.GetProperty("activation").GetString());
                    var w = layer.GetProperty("weights");
                    var kernel = Tensor.From(w[0]);    // [in, 4U]
                    var recurrent = Tensor.From(w[1]); // [U, 4U]
                    var bias = Tensor.From(w[2]);      // [4U]
                    int units = DeclaredUnits(layer);
                    Assert.Equal(new[] { units, 4 * units }, recurrent.Shape);
                    var loaded = LstmWeights.LoadRtNeural(Fixture.Path("rtneural", "models", model + ".json"), lstms.Count);
                    AssertSameWeights(new[] { LstmWeights.FromKeras(kernel.Shape[0], units, kernel.Data, recurrent.Data, bias.Data) }, new[] { loaded });
                    lstms.Add(loaded);
                    break;
                case "dense" when post is null && lstms.Count > 0:
                    post = Dense.FromKeras(layer);
                    break;
                default:
                    throw new NotSupportedException($"{model}.json: unexpected layer '{type}' at this position");
            }
        }
        Assert.NotNull(post);
        Assert.NotEmpty(lstms);
        Assert.Equal(pre?.Outputs ?? inputSize, lstms[0].Input);
        var x = ReadColumn(model + "_x_python.csv");
        var y = ReadColumn(model + "_y_python.csv");
        Assert.Equal(x.Length * post!.Outputs, y.Length);
        return new Network(model, inputSize, pre, lstms.ToArray(), post, Array.ConvertAll(x, v => (float)v), y);
    }

    /// <summary>The loader's weights are exactly those of the hand parse (same float32 values, same layout).</summary>
    private static void AssertSameWeights(LstmWeights[] byHand, LstmWeights[] loaded)
    {
        Assert.Equal(byHand.Length, loaded.Length);
        for (int l = 0; l < byHand.Length; l++)
        {
            Assert.Equal((byHand[l].Input, byHand[l].Units), (loaded[l].Input, loaded[l].Units));
            Assert.Equal(byHand[l].WeightIh.ToArray(), loaded[l].WeightIh.ToArray());
            Assert.Equal(byHand[l].WeightHh.ToArray(), loaded[l].WeightHh.ToArray());
            Assert.Equal(byHand[l].Bias.ToArray(), loaded[l].Bias.ToArray());
        }
    }

    private static int DeclaredUnits(JsonElement layer)
    {
        var shape = layer.GetProperty("shape");
        return shape[shape.GetArrayLength() - 1].GetInt32();
    }

    private static bool Activation(JsonElement layer) => layer.GetProperty("activation").GetString() switch
    {
        "" or "linear" => false,
        "tanh" => true,
        var other => throw new NotSupportedException($"activation '{other}'"),
    };

    private static JsonDocument ReadJson(string file) => Fixture.Json("rtneural", "models", file);

    /// <summary>One number per line (numpy.savetxt).</summary>
    private static double[] ReadColumn(string file) => Fixture.Csv("rtneural", "test_data", file).Select(row => row.Single()).ToArray();

    /// <summary>A nested JSON number array, flattened row-major, with its shape.</summary>
    private sealed record Tensor(float[] Data, int[] Shape)
    {
        public string ShapeText => "[" + string.Join(", ", Shape) + "]";

        public static Tensor From(JsonElement element)
        {
            var shape = new System.Collections.Generic.List<int>();
            for (var e = element; e.ValueKind == JsonValueKind.Array; e = e[0])
            {
                shape.Add(e.GetArrayLength());
                if (e.GetArrayLength() == 0) break;
            }
            var data = new System.Collections.Generic.List<float>();
            Flatten(element, 0, shape, data);
            return new Tensor(data.ToArray(), shape.ToArray());
        }

        private static void Flatten(JsonElement e, int depth, System.Collections.Generic.List<int> shape, System.Collections.Generic.List<float> data)
        {
            if (depth == shape.Count)
            {
                data.Add(e.GetSingle());
                return;
            }
            Assert.True(e.ValueKind == JsonValueKind.Array && e.GetArrayLength() == shape[depth], "ragged tensor in JSON");
            foreach (var child in e.EnumerateArray())
                Flatten(child, depth + 1, shape, data);
        }
    }
}

namespace LstmGen.Tests;

/// <summary>
/// Whole generated models against outputs the frameworks computed: PyTorch fixtures (float64 from the stored weights,
/// made by make_model_fixtures.py), RTNeural's Keras and PyTorch conformance data, the real Keras 2.2.4 model of
/// keras2c and the synthesised Keras 3 files. Weights come from the whole-model loaders
/// (<see cref="ModelWeights.LoadSafetensors(string, string[])"/>, LoadNpz, LoadOnnx, LoadRtNeural, LoadKeras). Predict and
/// streaming Step are both checked, within 1e-5. Kernel category: CI reruns these on the Vector128 and scalar paths.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ModelFixtureTests(ITestOutputHelper log)
{
    public static TheoryData<string, string> TorchModels() => new()
    {
        { "model_stack2", "safetensors" }, { "model_stack2", "npz" }, { "model_stack2", "onnx" },
        { "model_stack3", "safetensors" }, { "model_stack3", "npz" }, { "model_stack3", "onnx" },
        { "model_classifier", "safetensors" }, { "model_classifier", "npz" }, { "model_classifier", "onnx" },
        { "model_odd", "safetensors" }, { "model_odd", "npz" }, { "model_odd", "onnx" },
        { "model_gru", "safetensors" }, { "model_gru", "npz" }, { "model_gru", "onnx" },
        { "model_mixed", "safetensors" }, { "model_mixed", "npz" }, { "model_mixed", "onnx" },
        { "model_bidir", "safetensors" }, { "model_bidir", "npz" }, { "model_bidir", "onnx" },
        { "model_bidir_last", "safetensors" }, { "model_bidir_last", "npz" }, { "model_bidir_last", "onnx" },
    };

    [Theory]
    [MemberData(nameof(TorchModels))]
    public void PyTorchModelsMatch(string name, string container)
    {
        var (model, modules) = name switch
        {
            "model_stack2" => ((ILstmModel)new TorchStack2(), new[] { "lstm" }),
            "model_stack3" => (new TorchStack3(), new[] { "lstm_a", "lstm_b" }),
            "model_classifier" => (new TorchClassifier(), new[] { "lstm", "fc" }),
            "model_gru" => (new TorchGruStack(), new[] { "gru" }),
            "model_mixed" => (new TorchMixed(), new[] { "gru", "lstm", "gru2", "fc" }),
            "model_bidir" => (new TorchBidir(), new[] { "lstm", "fc" }),
            "model_bidir_last" => (new TorchBidirLast(), new[] { "lstm", "fc" }),
            _ => (new TorchOddHeads(), new[] { "lstm", "fc1", "fc2" }),
        };
        // The modules the script recorded are the ones named here.
        using (var manifest = Fixture.Json("torch", "models", "manifest.json"))
        {
            var entry = manifest.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == name);
            Assert.Equal(modules, entry.GetProperty("modules").EnumerateArray().Select(m => m.GetString()).ToArray());
        }
        string file = Fixture.Path("torch", "models", $"{name}.{container}");
        var weights = container switch
        {
            "npz" => ModelWeights.LoadNpz(file, modules),
            "onnx" => ModelWeights.LoadOnnx(file), // torch.onnx.export of the same module (make_onnx_model_fixtures.py)
            _ => ModelWeights.LoadSafetensors(file, modules),
        };
        var x = Fixture.Csv("torch", "models", name + "_x.csv");
        var y = Fixture.Csv("torch", "models", name + "_y.csv");
        CheckModel($"{name} ({container})", model, weights, x, y);
    }

    /// <summary>
    /// Initial states in and final states out against PyTorch (h_0/c_0 given to the modules, h_n/c_n returned), through
    /// Predict's state overload and, for the streamable model, SetState + Step + GetState.
    /// </summary>
    [Theory]
    [InlineData("model_state_bidir")]
    [InlineData("model_state_stack")]
    public void InitialAndFinalStatesMatchPyTorch(string name)
    {
        ILstmModel model = name == "model_state_bidir" ? new TorchStateBidir() : new TorchStateStack();
        string[] modules = name == "model_state_bidir" ? new[] { "gru", "lstm" } : new[] { "lstm" };
        model.LoadWeights(ModelWeights.LoadSafetensors(Fixture.Path("torch", "models", name + ".safetensors"), modules));
        var x = Fixture.Csv("torch", "models", name + "_x.csv").SelectMany(r => r.Select(v => (float)v)).ToArray();
        var y = Fixture.Csv("torch", "models", name + "_y.csv").SelectMany(r => r).ToArray();
        var stateIn = Fixture.Csv("torch", "models", name + "_state_in.csv").Single().Select(v => (float)v).ToArray();
        var stateOut = Fixture.Csv("torch", "models", name + "_state_out.csv").Single();
        Assert.Equal(model.StateLength, stateIn.Length);
        // GRU h (4) + bidirectional LSTM [h, c] × 2 (20); or two LSTMs' [h, c] (20).
        Assert.Equal(name == "model_state_bidir" ? 24 : 20, model.StateLength);

        var output = new float[model.OutputLength];
        var final = new float[model.StateLength];
        model.Predict(x, output, stateIn, final);
        AssertClose.Within(y, output, $"{name} Predict from the initial state", log: log);
        AssertClose.Within(stateOut, final, $"{name} final state", log: log);

        // From zero instead, the output differs (the states matter, so the comparison above means something).
        var fromZero = new float[model.OutputLength];
        model.Predict(x, fromZero);
        Assert.True(y.Zip(fromZero, (e, a) => Math.Abs(e - a)).Max() > 1e-3);

        if (model is TorchStateStack stack)
        {
            stack.SetState(stateIn);
            var step = new float[TorchStateStack.Output];
            var streamed = new float[model.OutputLength];
            for (int t = 0; t < model.Steps; t++)
            {
                stack.Step(x.AsSpan(t * model.Input, model.Input), step);
                step.CopyTo(streamed, t * TorchStateStack.Output);
            }
            AssertClose.Within(y, streamed, $"{name} SetState + Step", log: log);
            var got = new float[model.StateLength];
            stack.GetState(got);
            AssertClose.Within(stateOut, got, $"{name} GetState after streaming", log: log);
            Assert.Equal("state", Assert.Throws<ArgumentException>(() => stack.SetState(new float[3])).ParamName);
        }
        Assert.Equal("initialState", Assert.Throws<ArgumentException>(() => model.Predict(x, output, new float[3], default)).ParamName);
    }

    public static TheoryData<string> RtNeuralModels() => new() { "lstm", "lstm_1d", "lstm_torch" };

    [Theory]
    [MemberData(nameof(RtNeuralModels))]
    public void RtNeuralModelsMatch(string name)
    {
        ILstmModel model = name switch
        {
            "lstm" => new RtnKerasModel(),
            "lstm_1d" => new RtnKeras1dModel(),
            _ => new RtnTorchModel(),
        };
        var weights = ModelWeights.LoadRtNeural(Fixture.Path("rtneural", "models", name + ".json"));
        var x = Fixture.Csv("rtneural", "test_data", name + "_x_python.csv");
        var y = Fixture.Csv("rtneural", "test_data", name + "_y_python.csv");
        CheckModel($"RTNeural {name}.json", model, weights, x, y);
    }

    /// <summary>All 10 reference outputs of the real Keras 2.2.4 model, from its own .h5 through LoadKeras.</summary>
    [Fact]
    public void Keras2cModelMatchesKeras()
    {
        var weights = ModelWeights.LoadKeras(Fixture.Path("keras2c", "model.h5"));
        Assert.Equal(new[] { "Dense", "Dense", "LSTM", "Dense" }, weights.Layers.Select(l => l.Kind));
        var inputs = Fixture.Csv("keras2c", "inputs.csv");
        var expected = Fixture.Csv("keras2c", "expected.csv");
        Assert.Equal(10, inputs.Length);
        Assert.Equal(10, expected.Length);
        var model = new Keras2cModel();
        for (int n = 0; n < inputs.Length; n++)
        {
            // 256 floats = [8 steps, 32 features].
            var x = Enumerable.Range(0, 8).Select(t => inputs[n].Skip(t * 32).Take(32).ToArray()).ToArray();
            CheckModel($"keras2c input {n}", model, weights, x, new[] { expected[n] });
        }
    }

    /// <summary>Keras GRUs (reset_after=True, gate columns z, r, h, bias [2, 3U]) through LoadKeras, against PyTorch's nn.GRU.</summary>
    [Fact]
    public void KerasGruModelMatchesPyTorch()
    {
        var weights = ModelWeights.LoadKeras(Fixture.Path("keras-gru", "gru_model.h5"));
        Assert.Equal(new[] { "GRU", "GRU", "Dense" }, weights.Layers.Select(l => l.Kind));
        CheckKerasFixture("keras-gru gru_model.h5", new KerasGruModel(), weights, "keras-gru", "y");
    }

    /// <summary>
    /// Keras GRUs with reset_after=False (bias [3U], r applied to h before the recurrent product) through LoadKeras,
    /// against the fixture script's float64 numpy run of Keras's equations; loading them into the reset_after=True
    /// model (and the other way round) is refused, naming the layer.
    /// </summary>
    [Fact]
    public void KerasResetBeforeGruModelMatchesNumpy()
    {
        var weights = ModelWeights.LoadKeras(Fixture.Path("keras-gru-before", "gru_model.h5"));
        Assert.Equal(new[] { "GRU", "GRU", "Dense" }, weights.Layers.Select(l => l.Kind));
        Assert.All(weights.Layers.OfType<GruWeights>(), g => Assert.False(g.ResetAfter));
        Assert.Equal(3L * 6 * (4 + 6 + 1), weights.Layers[0].ParameterCount);
        CheckKerasFixture("keras-gru-before gru_model.h5", new KerasResetBeforeGruModel(), weights, "keras-gru-before", "y");

        // Layer 0 of both files is a GRU 4 -> 6: swapped into the other model it has the right shape but the wrong convention.
        var after = ModelWeights.LoadKeras(Fixture.Path("keras-gru", "gru_model.h5"));
        var ex = Assert.Throws<ArgumentException>(() => new KerasResetBeforeGruModel().LoadWeights(
            new ModelWeights(new[] { after.Layers[0], weights.Layers[1], weights.Layers[2] })));
        Assert.Contains("weights.Layers[0]: KerasResetBeforeGruModel layer 0 is a GRU with ResetAfter = false, got GRU weights with ResetAfter = true", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => new KerasGruModel().LoadWeights(
            new ModelWeights(new[] { weights.Layers[0], after.Layers[1], after.Layers[2] })));
        Assert.Contains("weights.Layers[0]: KerasGruModel layer 0 is a GRU with ResetAfter = true, got GRU weights with ResetAfter = false", ex.Message);
    }

    /// <summary>Keras 2 Bidirectional(LSTM) wrappers through LoadKeras, against PyTorch's bidirectional nn.LSTM (h_n for the last layer).</summary>
    [Fact]
    public void KerasBidirectionalModelMatchesPyTorch()
    {
        var weights = ModelWeights.LoadKeras(Fixture.Path("keras-bidir", "bidir_model.h5"));
        Assert.Equal(new[] { "Bidirectional LSTM", "Bidirectional LSTM", "Dense" }, weights.Layers.Select(l => l.Kind));
        CheckKerasFixture("keras-bidir bidir_model.h5", new KerasBidirModel(), weights, "keras-bidir", "y");
    }

    public static TheoryData<string> Keras3Files() => new() { "model.keras", "model.weights.h5", "keras2_save_weights.h5" };

    [Theory]
    [MemberData(nameof(Keras3Files))]
    public void Keras3FilesLoadAsModels(string file)
    {
        // A Keras 3 .weights.h5 keeps no layer order (groups dense, lstm, lstm_1): the caller names it; the others carry it.
        var weights = file == "model.weights.h5"
            ? ModelWeights.LoadKeras(Fixture.Path("keras3", file), new[] { "lstm", "lstm_1", "dense" })
            : ModelWeights.LoadKeras(Fixture.Path("keras3", file));
        CheckKerasFixture($"keras3 {file}", new Keras3Model(), weights, "keras3", "head");
    }

    /// <summary>
    /// Predict against the reference (one row per step for sequence outputs, else the single row); then Step through
    /// the sequence: after step t its output is the reference's row t (sequence outputs) or, at the last step, the row.
    /// </summary>
    private void CheckModel(string what, ILstmModel model, ModelWeights weights, double[][] x, double[][] y)
    {
        Assert.Equal(model.Steps, x.Length);
        Assert.All(x, row => Assert.Equal(model.Input, row.Length));
        bool sequence = y.Length == model.Steps && model.OutputLength == model.Steps * model.Output;
        Assert.Equal(model.OutputLength, y.Sum(r => r.Length));
        model.LoadWeights(weights);

        var input = x.SelectMany(r => r.Select(v => (float)v)).ToArray();
        var output = new float[model.OutputLength];
        model.Predict(input, output);
        AssertClose.Within(y.SelectMany(r => r).ToArray(), output, what + " Predict", log: log);

        if (model is TorchBidir or TorchBidirLast or KerasBidirModel)
        {
            // Declared with Streaming = false: no public Step; the interface's says why.
            Assert.Null(model.GetType().GetMethod("Step"));
            Assert.Contains("Streaming = false", Assert.Throws<NotSupportedException>(() => model.Step(input.AsSpan(0, model.Input), new float[model.Output])).Message);
            return;
        }
        model.ResetState();
        var step = new float[model.Output];
        var streamed = new float[model.OutputLength];
        for (int t = 0; t < model.Steps; t++)
        {
            model.Step(input.AsSpan(t * model.Input, model.Input), step);
            if (sequence)
                step.CopyTo(streamed, t * model.Output);
            else if (t == model.Steps - 1)
                step.CopyTo(streamed, 0);
        }
        AssertClose.Within(y.SelectMany(r => r).ToArray(), streamed, what + " Step", log: log);
    }

    /// <summary>
    /// CheckModel on a Keras fixture's expected.json: "x", the input [step, feature] row-major, and the model's output
    /// under <paramref name="outputKey"/>.
    /// </summary>
    private void CheckKerasFixture(string what, ILstmModel model, ModelWeights weights, string folder, string outputKey)
    {
        using var expected = Fixture.Json(folder, "expected.json");
        double[] Read(string key) => expected.RootElement.GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var flat = Read("x");
        Assert.Equal(model.Steps * model.Input, flat.Length);
        CheckModel(what, model, weights, flat.Chunk(model.Input).ToArray(), new[] { Read(outputKey) });
    }
}

namespace LstmGen.Tests;

// Models only these tests use: Dropout before, between and after weighted layers (none, one, two in a row), a
// reset_after=False GRU, a per-step head.
[LstmModel(Input = 4, Steps = 3)]
[Dropout(Rate = 0.1)]
[Gru(Units = 5, ReturnSequences = true, ResetAfter = false, RecurrentActivation = Activation.HardSigmoidKeras2)]
[Dropout(Rate = 0.25)]
[Dropout(Rate = 0.5)]
[Dense(Units = 2, Activation = Activation.Relu)]
[Dropout]
public partial class ArchitectureDropouts { }

// Dropout between stacked LSTMs, a last-h head; the rate a literal that has no short binary form.
[LstmModel(Input = 2, Steps = 4)]
[Lstm(Units = 3, ReturnSequences = true, Activation = Activation.Sigmoid)]
[Dropout(Rate = 1.0 / 3)]
[Lstm(Units = 3)]
[Dense(Units = 1, Activation = Activation.Sigmoid)]
public partial class ArchitectureStackedDropout { }

/// <summary>
/// The static <c>Architecture</c> every [LstmModel] class gets: it equals the <see cref="ModelArchitecture"/> written by
/// hand here from the attributes (layers as declared, Dropout included), it is built once, its lengths are what
/// Predict takes and writes, and its ParameterCount and weight layout are what the loaders produce for the fixture models.
/// </summary>
public sealed class ModelArchitectureGeneratorTests
{
    public static TheoryData<string> DeclaredModels() => new()
    {
        "FashionClassifier", "OddMixed", "KerasTwoStyle", "MixedRecurrent", "BackwardsSeq", "ResetBeforeMixed",
        "TorchStack3", "TorchBidir", "TorchBidirLast", "TorchStateBidir", "ArchitectureDropouts", "ArchitectureStackedDropout",
    };

    // The generated Architecture, a new instance of the model, and the architecture written from its attributes.
    private static (ModelArchitecture Generated, ILstmModel Model, ModelArchitecture Expected) Declared(string name) => name switch
    {
        "FashionClassifier" => (FashionClassifier.Architecture, new FashionClassifier(), new ModelArchitecture(28, 28,
            ModelLayer.Lstm(128, returnSequences: true),
            ModelLayer.Lstm(64),
            ModelLayer.Dense(10, Activation.Softmax))),
        "OddMixed" => (OddMixed.Architecture, new OddMixed(), new ModelArchitecture(5, 7,
            ModelLayer.Dense(9, Activation.Tanh),
            ModelLayer.Lstm(11, returnSequences: true),
            ModelLayer.Dropout(0.2),
            ModelLayer.Dense(6, Activation.Relu),
            ModelLayer.Lstm(3, returnSequences: true, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid),
            ModelLayer.Dense(4, Activation.Sigmoid))),
        "KerasTwoStyle" => (KerasTwoStyle.Architecture, new KerasTwoStyle(), new ModelArchitecture(3, 9,
            ModelLayer.Lstm(13, returnSequences: true, recurrentActivation: Activation.HardSigmoidKeras2),
            ModelLayer.Dense(17, Activation.HardSigmoid),
            ModelLayer.Dense(5, Activation.HardSigmoidKeras2),
            ModelLayer.Lstm(2, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoidKeras2),
            ModelLayer.Dense(3))),
        "MixedRecurrent" => (MixedRecurrent.Architecture, new MixedRecurrent(), new ModelArchitecture(6, 5,
            ModelLayer.Gru(10, returnSequences: true),
            ModelLayer.Lstm(7, returnSequences: true),
            ModelLayer.Gru(3, returnSequences: true, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid),
            ModelLayer.Dense(9, Activation.Tanh),
            ModelLayer.Gru(17, input: 9),
            ModelLayer.Dense(4, Activation.Softmax))),
        "BackwardsSeq" => (BackwardsSeq.Architecture, new BackwardsSeq(), new ModelArchitecture(3, 5,
            ModelLayer.Lstm(4, returnSequences: true, goBackwards: true),
            ModelLayer.Dense(2, Activation.Tanh))),
        "ResetBeforeMixed" => (ResetBeforeMixed.Architecture, new ResetBeforeMixed(), new ModelArchitecture(19, 6,
            ModelLayer.Gru(9, returnSequences: true, resetAfter: false),
            ModelLayer.Lstm(5, returnSequences: true),
            ModelLayer.Gru(17, returnSequences: true, resetAfter: false, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid),
            ModelLayer.Gru(4, returnSequences: true),
            ModelLayer.Gru(3, resetAfter: false),
            ModelLayer.Dense(4, Activation.Softmax))),
        "TorchStack3" => (TorchStack3.Architecture, new TorchStack3(), new ModelArchitecture(3, 10,
            ModelLayer.Lstm(11, returnSequences: true),
            ModelLayer.Lstm(6, returnSequences: true),
            ModelLayer.Lstm(6))),
        "TorchBidir" => (TorchBidir.Architecture, new TorchBidir(), new ModelArchitecture(4, 7,
            ModelLayer.Lstm(6, returnSequences: true, bidirectional: true),
            ModelLayer.Lstm(6, returnSequences: true, bidirectional: true),
            ModelLayer.Dense(3))),
        "TorchBidirLast" => (TorchBidirLast.Architecture, new TorchBidirLast(), new ModelArchitecture(5, 9,
            ModelLayer.Lstm(8, bidirectional: true),
            ModelLayer.Dense(2))),
        "TorchStateBidir" => (TorchStateBidir.Architecture, new TorchStateBidir(), new ModelArchitecture(3, 6,
            ModelLayer.Gru(4, returnSequences: true),
            ModelLayer.Lstm(5, returnSequences: true, bidirectional: true))),
        "ArchitectureDropouts" => (ArchitectureDropouts.Architecture, new ArchitectureDropouts(), new ModelArchitecture(4, 3,
            ModelLayer.Dropout(0.1),
            ModelLayer.Gru(5, returnSequences: true, resetAfter: false, recurrentActivation: Activation.HardSigmoidKeras2),
            ModelLayer.Dropout(0.25),
            ModelLayer.Dropout(0.5),
            ModelLayer.Dense(2, Activation.Relu),
            ModelLayer.Dropout(0))),
        "ArchitectureStackedDropout" => (ArchitectureStackedDropout.Architecture, new ArchitectureStackedDropout(), new ModelArchitecture(2, 4,
            ModelLayer.Lstm(3, returnSequences: true, activation: Activation.Sigmoid),
            ModelLayer.Dropout(1.0 / 3),
            ModelLayer.Lstm(3),
            ModelLayer.Dense(1, Activation.Sigmoid))),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such model"),
    };

    [Theory]
    [MemberData(nameof(DeclaredModels))]
    public void ArchitectureIsTheModelAsDeclared(string name)
    {
        var (generated, model, expected) = Declared(name);
        Assert.Equal(expected.ToString(), generated.ToString());  // the readable diff when they differ
        Assert.Equal(expected, generated);
        Assert.Equal(expected.Layers.Select(l => l.Rate), generated.Layers.Select(l => l.Rate));  // exactly, not as printed
        Assert.Same(generated, Declared(name).Generated);  // built once

        // The generated constants agree with it.
        Assert.Equal((model.Input, model.Steps, model.Output, model.OutputLength), (generated.Input, generated.Steps, generated.Output, generated.OutputLength));
        Assert.Equal((long)(int)model.GetType().GetField("ParameterCount")!.GetValue(null)!, generated.ParameterCount);
        Assert.Equal((int)model.GetType().GetField("LayerCount")!.GetValue(null)!, generated.WeightLayerCount);

        // Weights made from the architecture alone fit the model, and Predict takes and writes exactly its lengths.
        var weights = RandomModelWeights.For(generated, seed: 7);
        generated.ValidateWeights(weights);
        model.LoadWeights(weights);
        var output = new float[generated.OutputLength];
        model.Predict(TestData.Inputs(generated.InputLength, seed: 8, amplitude: 1), output);
        Assert.Contains(output, v => v != 0);
        Assert.Throws<ArgumentException>(() => model.Predict(new float[generated.InputLength], new float[generated.OutputLength + 1]));
    }

    /// <summary>The comparison above sees each declared property: one changed at a time, the architectures differ.</summary>
    [Fact]
    public void ArchitectureDiffersWhenADeclaredPropertyDoes()
    {
        var generated = ArchitectureDropouts.Architecture;
        ModelArchitecture With(ModelLayer first = null!, ModelLayer gru = null!, ModelLayer dense = null!, ModelLayer last = null!) => new(4, 3,
            first ?? ModelLayer.Dropout(0.1),
            gru ?? ModelLayer.Gru(5, returnSequences: true, resetAfter: false, recurrentActivation: Activation.HardSigmoidKeras2),
            ModelLayer.Dropout(0.25), ModelLayer.Dropout(0.5),
            dense ?? ModelLayer.Dense(2, Activation.Relu),
            last ?? ModelLayer.Dropout(0));
        Assert.Equal(With(), generated);
        Assert.NotEqual(With(first: ModelLayer.Dropout(0.1000001)), generated);
        Assert.NotEqual(With(gru: ModelLayer.Gru(5, returnSequences: true, resetAfter: true, recurrentActivation: Activation.HardSigmoidKeras2)), generated);
        Assert.NotEqual(With(gru: ModelLayer.Gru(5, returnSequences: true, resetAfter: false)), generated);
        Assert.NotEqual(With(dense: ModelLayer.Dense(2, Activation.Linear)), generated);
        Assert.NotEqual(With(last: ModelLayer.Dropout(0.01)), generated);
        Assert.NotEqual(new ModelArchitecture(4, 3, generated.Layers.Where(l => l.Kind != LayerKind.Dropout)), generated);
    }

    public static TheoryData<string> FixtureModels() => new()
    {
        "model_stack2", "model_stack3", "model_classifier", "model_odd", "model_gru", "model_mixed", "model_bidir", "model_bidir_last",
        "model_state_bidir", "model_state_stack", "rtneural lstm_torch", "keras2c", "keras-gru", "keras-gru-before", "keras-bidir",
    };

    /// <summary>
    /// For each fixture model: the weights the loaders read from what PyTorch or Keras saved have Architecture's
    /// ParameterCount and fit it layer by layer, and the framework's reference output has OutputLength floats.
    /// </summary>
    [Theory]
    [MemberData(nameof(FixtureModels))]
    public void ArchitectureFitsWhatTheLoadersRead(string name)
    {
        (ModelArchitecture, ILstmModel, ModelWeights, int) Torch(ModelArchitecture a, ILstmModel m, params string[] modules) =>
            (a, m, ModelWeights.LoadSafetensors(Fixture.Path("torch", "models", name + ".safetensors"), modules),
             Fixture.Csv("torch", "models", name + "_y.csv").Sum(r => r.Length));
        (ModelArchitecture, ILstmModel, ModelWeights, int) Keras(ModelArchitecture a, ILstmModel m, string file)
        {
            using var expected = Fixture.Json(name, "expected.json");
            return (a, m, ModelWeights.LoadKeras(Fixture.Path(name, file)), expected.RootElement.GetProperty("y").GetArrayLength());
        }
        var (architecture, model, weights, referenceLength) = name switch
        {
            "model_stack2" => Torch(TorchStack2.Architecture, new TorchStack2(), "lstm"),
            "model_stack3" => Torch(TorchStack3.Architecture, new TorchStack3(), "lstm_a", "lstm_b"),
            "model_classifier" => Torch(TorchClassifier.Architecture, new TorchClassifier(), "lstm", "fc"),
            "model_odd" => Torch(TorchOddHeads.Architecture, new TorchOddHeads(), "lstm", "fc1", "fc2"),
            "model_gru" => Torch(TorchGruStack.Architecture, new TorchGruStack(), "gru"),
            "model_mixed" => Torch(TorchMixed.Architecture, new TorchMixed(), "gru", "lstm", "gru2", "fc"),
            "model_bidir" => Torch(TorchBidir.Architecture, new TorchBidir(), "lstm", "fc"),
            "model_bidir_last" => Torch(TorchBidirLast.Architecture, new TorchBidirLast(), "lstm", "fc"),
            "model_state_bidir" => Torch(TorchStateBidir.Architecture, new TorchStateBidir(), "gru", "lstm"),
            "model_state_stack" => Torch(TorchStateStack.Architecture, new TorchStateStack(), "lstm"),
            "rtneural lstm_torch" => (RtnTorchModel.Architecture, new RtnTorchModel(), ModelWeights.LoadRtNeural(Fixture.Path("rtneural", "models", "lstm_torch.json")),
                Fixture.Csv("rtneural", "test_data", "lstm_torch_y_python.csv").Sum(r => r.Length)),
            "keras2c" => (Keras2cModel.Architecture, new Keras2cModel(), ModelWeights.LoadKeras(Fixture.Path("keras2c", "model.h5")),
                Fixture.Csv("keras2c", "expected.csv")[0].Length),
            "keras-gru" => Keras(KerasGruModel.Architecture, new KerasGruModel(), "gru_model.h5"),
            "keras-gru-before" => Keras(KerasResetBeforeGruModel.Architecture, new KerasResetBeforeGruModel(), "gru_model.h5"),
            "keras-bidir" => Keras(KerasBidirModel.Architecture, new KerasBidirModel(), "bidir_model.h5"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such fixture"),
        };
        Assert.Equal(weights.ParameterCount, architecture.ParameterCount);
        Assert.Equal(weights.Layers.Select(l => l.ParameterCount), architecture.Layers.Where(l => l.HasWeights).Select(l => l.ParameterCount));
        architecture.ValidateWeights(weights);
        Assert.Equal(referenceLength, architecture.OutputLength);
        model.LoadWeights(weights);
        model.Predict(new float[architecture.InputLength], new float[architecture.OutputLength]);
    }
}

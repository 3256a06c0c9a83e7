using System.Collections.Generic;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// The activations Keras files record, kept by the Keras loaders as <see cref="LayerWeights.Activation"/> and
/// <see cref="LayerWeights.RecurrentActivation"/>. Expected values come from recorded_activations.json, which
/// Fixtures/keras-activations/make_fixtures.py reads from each file's own config with h5py.
/// </summary>
public sealed class KerasActivationTests(ITestOutputHelper log)
{
    public static TheoryData<string> Files() => new(Recorded().Select(p => p.Key));

    private static Dictionary<string, (string Name, string? Activation, string? Recurrent)[]> Recorded()
    {
        using var json = Fixture.Json("keras-activations", "recorded_activations.json");
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray()
            .Select(l => (l.GetProperty("name").GetString()!, String(l, "activation"), String(l, "recurrent_activation"))).ToArray());
    }

    private static string? String(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static string PathOf(string key) => Fixture.Path(key.Split('/'));

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryWeightedLayerRecordsTheActivationsItsConfigGives(string key)
    {
        var expected = Recorded()[key];
        var model = ModelWeights.LoadKeras(PathOf(key));
        log.WriteLine(model.ToString());
        Assert.Equal(expected.Length, model.Layers.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(expected[k].Activation == model.Layers[k].Activation?.ToString(),
                $"{key} layer {k} ({expected[k].Name}): activation {model.Layers[k].Activation}, config says {expected[k].Activation}");
            Assert.True(expected[k].Recurrent == model.Layers[k].RecurrentActivation?.ToString(),
                $"{key} layer {k} ({expected[k].Name}): recurrent activation {model.Layers[k].RecurrentActivation}, config says {expected[k].Recurrent}");
        }
    }

    [Fact]
    public void SingleLstmLoadsRecordTheirActivationsToo()
    {
        var relu = LstmWeights.LoadKeras(Fixture.Path("keras2c", "model.h5"));
        Assert.Equal((Activation.Relu, Activation.HardSigmoidKeras2), (relu.Activation, relu.RecurrentActivation));
        Assert.Equal("LSTM 20 -> 20 (Activation = Relu, RecurrentActivation = HardSigmoidKeras2)", relu.ToString());
        var keras3 = LstmWeights.LoadKeras(Fixture.Path("keras-activations", "keras3_hard_sigmoid.keras"));
        Assert.Equal((Activation.Relu, Activation.HardSigmoid), (keras3.Activation, keras3.RecurrentActivation));
        using var file = KerasWeightsFile.Open(Fixture.Path("keras-activations", "keras3_legacy.h5"));
        Assert.Equal(Activation.HardSigmoid, file.ReadLstm("lstm").RecurrentActivation); // keras_version 3.3.3
    }

    [Fact]
    public void FilesWithoutAModelConfigRecordNone()
    {
        // save_weights files: Keras 3 .weights.h5 and tf.keras 2 .h5 without model_config.
        var keras3 = ModelWeights.LoadKeras(Fixture.Path("keras3", "model.weights.h5"), ["lstm", "lstm_1", "dense"]);
        var keras2 = ModelWeights.LoadKeras(Fixture.Path("keras3", "keras2_save_weights.h5"));
        Assert.All(keras3.Layers.Concat(keras2.Layers), l => Assert.Null(l.Activation));
        Assert.All(keras3.Layers.Concat(keras2.Layers), l => Assert.Null(l.RecurrentActivation));
    }

    [Fact]
    public void AnActivationWithoutEquivalentIsRefusedNamingTheLayerAndTheName()
    {
        string path = Fixture.Path("keras-activations", "unsupported_activation.h5");
        foreach (var load in new Action[] { () => ModelWeights.LoadKeras(path), () => LstmWeights.LoadKeras(path) })
        {
            var ex = Assert.Throws<LstmFormatException>(load);
            log.WriteLine(ex.Message);
            Assert.Contains("'lstm'", ex.Message);
            Assert.Contains("\"swish\"", ex.Message);
            Assert.Contains(path, ex.Message);
            Assert.Equal("\"swish\"", ex.Actual);
        }
        using var file = KerasWeightsFile.Open(path); // listing the layers still works
        Assert.Equal("swish", file.Layers[0].Activation);
    }

    [Fact]
    public void LayerInfoShowsTheConfiguredActivations()
    {
        using var file = KerasWeightsFile.Open(Fixture.Path("keras2c", "model.h5"));
        Assert.Equal("lstm_1 (LSTM, activation relu, recurrent_activation hard_sigmoid)", file.Layers[3].ToString());
        Assert.Equal("dense_3 (Dense, activation linear)", file.Layers[4].ToString());
        Assert.Equal("input_1 (InputLayer)", file.Layers[0].ToString());
        using var bidir = KerasWeightsFile.Open(Fixture.Path("keras-bidir", "bidir_model.h5"));
        Assert.Equal("bidirectional_1 (Bidirectional, activation tanh, recurrent_activation sigmoid)", bidir.Layers[0].ToString());
    }

    [Fact]
    public void AKeras2cModelDeclaredWithTheDefaultsIsRefusedByTheGenericKernel()
    {
        // The file's relu LSTM with Keras 2 hard sigmoid gates, loaded where tanh / sigmoid are computed.
        var ex = Assert.Throws<ArgumentException>(() => new LstmKernel(LstmWeights.LoadKeras(Fixture.Path("keras2c", "model.h5"))));
        log.WriteLine(ex.Message);
        Assert.Contains("Activation = Relu, RecurrentActivation = HardSigmoidKeras2", ex.Message);
    }
}

using System;
using System.IO;
using System.Text.Json.Nodes;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>
/// Activations recorded by weight files (<see cref="LayerWeights.Activation"/>, <see cref="LayerWeights.RecurrentActivation"/>):
/// what the RTNeural loader keeps, how <see cref="LayerWeights.WithActivations{T}"/> copies, and the checks at
/// <c>LoadWeights</c> that refuse weights trained with other activations than the ones the kernel computes.
/// </summary>
public sealed class RecordedActivationTests(ITestOutputHelper log)
{
    private static string Model(string file) => Fixture.Path("rtneural", "models", file);

    [Fact]
    public void KerasFlavourRtNeuralModelKeepsEachLayersActivation()
    {
        // lstm.json: time-distributed-dense (tanh) -> lstm (tanh) -> dense ("" = linear).
        var model = ModelWeights.LoadRtNeural(Model("lstm.json"));
        Assert.Equal(new Activation?[] { Activation.Tanh, Activation.Tanh, Activation.Linear }, model.Layers.Select(l => l.Activation));
        Assert.All(model.Layers, l => Assert.Null(l.RecurrentActivation)); // RTNeural's export records no gate activation
        log.WriteLine(model.ToString());
        Assert.Contains("LSTM 8 -> 8 (Activation = Tanh)", model.ToString());
        Assert.Equal(Activation.Tanh, LstmWeights.LoadRtNeural(Model("lstm.json")).Activation);
    }

    [Fact]
    public void TorchFlavourRecordsNoActivations()
    {
        var model = ModelWeights.LoadRtNeural(Model("lstm_torch.json"));
        Assert.All(model.Layers, l => Assert.Null(l.Activation));
        Assert.DoesNotContain("Activation", model.ToString());
    }

    [Theory]
    [InlineData(2, "elu")]
    [InlineData(0, "selu")]
    public void AnActivationWithoutEquivalentIsRefusedNamingTheLayer(int layer, string name)
    {
        var json = JsonNode.Parse(File.ReadAllText(Model("lstm.json")))!;
        json["layers"]![layer]!["activation"] = name;
        using var file = new TempFile(".json", json.ToJsonString());
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadRtNeural(file.Path));
        log.WriteLine(ex.Message);
        Assert.Contains($"layers[{layer}].activation", ex.Message);
        Assert.Contains($"\"{name}\"", ex.Message);
        Assert.Contains(file.Path, ex.Message);
    }

    [Fact]
    public void WithActivationsCopiesTheRecordAndSharesTheWeights()
    {
        var weights = new TestLstm(input: 3, units: 4, seed: 5).Weights;
        var relu = LayerWeights.WithActivations(weights, Activation.Relu, Activation.HardSigmoidKeras2);
        Assert.Null(weights.Activation);
        Assert.Null(weights.RecurrentActivation);
        Assert.Equal(Activation.Relu, relu.Activation);
        Assert.Equal(Activation.HardSigmoidKeras2, relu.RecurrentActivation);
        Assert.Equal(weights.WeightIh.ToArray(), relu.WeightIh.ToArray());
        Assert.Equal(weights.WeightHh.ToArray(), relu.WeightHh.ToArray());
        Assert.Equal(weights.Bias.ToArray(), relu.Bias.ToArray());
        Assert.Equal("LSTM 3 -> 4 (Activation = Relu, RecurrentActivation = HardSigmoidKeras2)", relu.ToString());
    }

    [Fact]
    public void LstmKernelRefusesWeightsRecordedWithOtherActivationsAndKeepsItsOwn()
    {
        var weights = new TestLstm(input: 3, units: 4, seed: 6).Weights;
        var x = new float[] { 0.5f, -1f, 0.25f, 1f, 0.1f, -0.3f };
        var kernel = new LstmKernel(LayerWeights.WithActivations(weights, Activation.Tanh, Activation.Sigmoid)); // recorded = computed
        var before = new float[4];
        kernel.Forward(x, before);

        var hard = LayerWeights.WithActivations(new TestLstm(input: 3, units: 4, seed: 7).Weights, Activation.Tanh, Activation.HardSigmoidKeras2);
        var ex = Assert.Throws<ArgumentException>(() => kernel.LoadWeights(hard));
        log.WriteLine(ex.Message);
        Assert.Equal("weights", ex.ParamName);
        Assert.Contains("RecurrentActivation = Sigmoid", ex.Message);
        Assert.Contains("RecurrentActivation = HardSigmoidKeras2", ex.Message);
        var after = new float[4];
        kernel.Forward(x, after);
        Assert.Equal(before, after); // the previous weights stay in use

        Assert.Throws<ArgumentException>(() => new LstmKernel(LayerWeights.WithActivations(weights, Activation.Relu, null)));
    }

    [Fact]
    public void ModelCheckNamesTheModelTheLayerAndBothActivations()
    {
        var dense = LayerWeights.WithActivations(DenseWeights.FromPyTorch(2, 3, new float[6], new float[3]), Activation.Softmax, null);
        ModelKernels.CheckActivations(dense, "Classifier", 2, Activation.Softmax, null);                      // as declared
        ModelKernels.CheckActivations(DenseWeights.FromPyTorch(2, 3, new float[6], new float[3]), "Classifier", 2, Activation.Relu, null); // none recorded
        var ex = Assert.Throws<ArgumentException>(() => ModelKernels.CheckActivations(dense, "Classifier", 2, Activation.Linear, null));
        log.WriteLine(ex.Message);
        Assert.StartsWith("weights.Layers[2]: Classifier layer 2 (Dense) is declared with Activation = Linear, but its weights' file records Activation = Softmax.", ex.Message);
    }
}

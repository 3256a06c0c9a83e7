using System.IO;

namespace LstmGen.Tests;

/// <summary>The whole-model loaders reject what they cannot map, naming the file, tensor or layer, before returning anything.</summary>
public sealed class ModelLoaderRejectionTests
{
    [Fact]
    public void UnknownModuleIsNamed()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadSafetensors(Fixture.Path("torch", "models", "model_odd.safetensors"), "lstm", "head"));
        Assert.Equal("head.weight", ex.Tensor);
        Assert.Contains("neither an nn.LSTM, an nn.GRU nor an nn.Linear", ex.Message);
        Assert.Contains("fc1.weight", ex.Message); // lists what the file holds
    }

    [Fact]
    public void ModulesAreRequired() =>
        Assert.Throws<ArgumentException>(() => ModelWeights.LoadNpz(Fixture.Path("torch", "models", "model_odd.npz")));

    [Fact]
    public void BidirectionalModuleLoadsBothDirections()
    {
        var weights = ModelWeights.LoadNpz(Fixture.Path("torch", "models", "model_bidir.npz"), "lstm", "fc");
        Assert.Equal(new[] { "Bidirectional LSTM", "Bidirectional LSTM", "Dense" }, weights.Layers.Select(l => l.Kind));
        var second = Assert.IsType<BidirectionalWeights>(weights.Layers[1]);
        Assert.Equal((12, 6, 12), (second.Input, second.Units, second.OutputSize)); // layer 1 reads both directions of layer 0
        // Loaded into a unidirectional model of the same sizes: refused, naming the layer and both kinds.
        var ex = Assert.Throws<ArgumentException>(() => new TorchStack2().LoadWeights(weights));
        Assert.Contains("got 3", ex.Message);
    }

    [Fact]
    public void WrongModuleOrderFailsInLoadWeightsNamingTheLayer()
    {
        var weights = ModelWeights.LoadNpz(Fixture.Path("torch", "models", "model_odd.npz"), "lstm", "fc2", "fc1");
        var ex = Assert.Throws<ArgumentException>(() => new TorchOddHeads().LoadWeights(weights));
        Assert.Contains("weights.Layers[2]", ex.Message);
        Assert.Contains("Input = 29, Units = 5", ex.Message);
        Assert.Contains("Dense 5 -> 3", ex.Message);
    }

    [Fact]
    public void RtNeuralBadLstmIsRejected()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadRtNeural(Fixture.Path("rtneural", "models", "bad_lstm.json")));
        Assert.Contains("16", ex.Message);
        Assert.Contains("20", ex.Message);
    }

    [Fact]
    public void Keras3WeightsWithoutOrderAreRejected()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadKeras(Fixture.Path("keras3", "model.weights.h5")));
        Assert.Contains("order", ex.Message);
        Assert.Contains("\"lstm_1\"", ex.Message);
        Assert.Throws<LstmFormatException>(() => ModelWeights.LoadKeras(Fixture.Path("keras3", "model.weights.h5"), new[] { "lstm", "nope" }));
    }

    [Fact]
    public void KerasNonFiniteIsRejected() =>
        Assert.Throws<LstmFormatException>(() => ModelWeights.LoadKeras(Fixture.Path("keras3", "bad_nan.weights.h5"), new[] { "lstm", "lstm_1", "dense" }));
}

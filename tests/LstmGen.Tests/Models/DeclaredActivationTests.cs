using System.IO;
using System.Text.Json.Nodes;
using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

// RTNeural's lstm.json (Dense tanh per step → LSTM 8 → Dense 1) declared with a relu LSTM, as keras2c's model has one.
[LstmModel(Input = 1, Steps = 100)]
[Dense(Units = 8, Activation = Activation.Tanh)]
[Lstm(Units = 8, ReturnSequences = true, Activation = Activation.Relu)]
[Dense(Units = 1)]
public partial class RtnKerasReluModel { }

// lstm.json's LSTM alone, as an [LstmLayer] (tanh cell and σ gates, always).
[LstmLayer(Input = 8, Units = 8, ReturnSequences = true)]
public partial class RtnLstmLayer { }

/// <summary>
/// Generated <c>LoadWeights</c> against the activations a weights' file records: a model declared otherwise, or an
/// [LstmLayer] (which computes tanh and σ only) given a relu LSTM, throws naming the layer and both activations, and
/// keeps its previous weights; declared as recorded, the weights load and the outputs agree with the float64 reference.
/// </summary>
public sealed class DeclaredActivationTests(ITestOutputHelper log)
{
    // lstm.json with its LSTM recorded as relu, keras2c-style: a Keras LSTM(activation="relu") exported by RTNeural.
    private static TempFile ReluLstmJson()
    {
        var json = JsonNode.Parse(File.ReadAllText(Fixture.Path("rtneural", "models", "lstm.json")))!;
        Assert.Equal("lstm", (string?)json["layers"]![1]!["type"]);
        json["layers"]![1]!["activation"] = "relu";
        return new TempFile(".json", json.ToJsonString());
    }

    [Fact]
    public void ModelDeclaredWithDefaultsRefusesAReluLstmNamingLayerAndBothActivations()
    {
        using var file = ReluLstmJson();
        var relu = ModelWeights.LoadRtNeural(file.Path);
        Assert.Equal(Activation.Relu, relu.Layers[1].Activation);
        var model = new RtnKerasModel(); // [Lstm(Units = 8, ReturnSequences = true)]: tanh
        var tanh = ModelWeights.LoadRtNeural(Fixture.Path("rtneural", "models", "lstm.json"));
        model.LoadWeights(tanh);
        var x = TestData.Inputs(RtnKerasModel.Steps, seed: 3, amplitude: 1f);
        var before = new float[RtnKerasModel.OutputLength];
        model.Predict(x, before);

        var ex = Assert.Throws<ArgumentException>(() => model.LoadWeights(relu));
        log.WriteLine(ex.Message);
        Assert.Equal("weights", ex.ParamName);
        Assert.StartsWith("weights.Layers[1]: RtnKerasModel layer 1 (LSTM) is declared with Activation = Tanh, RecurrentActivation = Sigmoid, "
            + "but its weights' file records Activation = Relu.", ex.Message);
        var after = new float[RtnKerasModel.OutputLength];
        model.Predict(x, after);
        Assert.Equal(before, after); // checked before anything was packed: the previous weights stay in use
    }

    [Fact]
    public void ModelDeclaredAsRecordedLoadsAndMatchesReference()
    {
        using var file = ReluLstmJson();
        var weights = ModelWeights.LoadRtNeural(file.Path);
        var model = new RtnKerasReluModel();
        model.LoadWeights(weights);

        // The reference from the loaded tensors (PyTorch layouts; the summed bias as bias_ih, zeros as bias_hh).
        var d0 = (DenseWeights)weights.Layers[0];
        var lstm = (LstmWeights)weights.Layers[1];
        var d2 = (DenseWeights)weights.Layers[2];
        var reference = new ReferenceModel(1, new Layer[]
        {
            new Dense(1, 8, d0.Weight.ToArray(), d0.Bias.ToArray(), Activation.Tanh),
            new Lstm(8, 8, lstm.WeightIh.ToArray(), lstm.WeightHh.ToArray(), lstm.Bias.ToArray(), new float[32], ReturnSequences: true, Activation.Relu),
            new Dense(8, 1, d2.Weight.ToArray(), d2.Bias.ToArray(), Activation.Linear),
        });
        var x = Fixture.Csv("rtneural", "test_data", "lstm_x_python.csv").SelectMany(r => r).Select(v => (float)v).Take(RtnKerasReluModel.Steps).ToArray();
        var output = new float[RtnKerasReluModel.OutputLength];
        model.Predict(x, output);
        AssertClose.Within(reference.Run(x, RtnKerasReluModel.Steps).Predict, output, "relu LSTM declared as recorded", log: log);

        // The tanh model's output on the same file differs: the check guards a real difference.
        var tanhReference = new ReferenceModel(1, new Layer[] { reference.Layers[0], ((Lstm)reference.Layers[1]) with { Activation = Activation.Tanh }, reference.Layers[2] });
        double gap = tanhReference.Run(x, RtnKerasReluModel.Steps).Predict.Zip(output, (e, a) => Math.Abs(e - a)).Max();
        log.WriteLine($"tanh instead of relu: outputs differ by up to {gap:G3}");
        Assert.True(gap > 1e-3, $"relu and tanh gave the same outputs (gap {gap})");
    }

    [Fact]
    public void LayerRefusesAReluLstmAndLoadsATanhOne()
    {
        using var file = ReluLstmJson();
        var layer = new RtnLstmLayer();
        var tanh = LstmWeights.LoadRtNeural(Fixture.Path("rtneural", "models", "lstm.json"));
        Assert.Equal(Activation.Tanh, tanh.Activation);
        layer.LoadWeights(tanh);
        var x = TestData.Inputs(5 * 8, seed: 4, amplitude: 1f);
        var before = new float[5 * 8];
        layer.Forward(x, before);

        var ex = Assert.Throws<ArgumentException>(() => layer.LoadWeights(LstmWeights.LoadRtNeural(file.Path)));
        log.WriteLine(ex.Message);
        Assert.Equal("weights", ex.ParamName);
        Assert.StartsWith("weights: RtnLstmLayer computes Activation = Tanh, RecurrentActivation = Sigmoid, but its weights' file records Activation = Relu.", ex.Message);
        var after = new float[5 * 8];
        layer.Forward(x, after);
        Assert.Equal(before, after);

        var hard = LayerWeights.WithActivations(tanh, Activation.Tanh, Activation.HardSigmoidKeras2);
        Assert.Contains("RecurrentActivation = HardSigmoidKeras2", Assert.Throws<ArgumentException>(() => layer.LoadWeights(hard)).Message);
    }
}

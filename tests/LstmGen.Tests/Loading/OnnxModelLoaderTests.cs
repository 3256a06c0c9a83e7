using System.Collections.Generic;
using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// <see cref="ModelWeights.LoadOnnx(string, LstmLoadOptions?)"/> on the torch.onnx.export files of the whole-model
/// fixtures (Fixtures/torch/make_onnx_model_fixtures.py): layer kinds and sizes as PyTorch's manifest records them,
/// and refusals naming the node. Outputs against PyTorch are checked in ModelFixtureTests.
/// </summary>
public sealed class OnnxModelLoaderTests(ITestOutputHelper log)
{
    private static string Model(string name) => Fixture.Path("torch", "models", name + ".onnx");

    public static TheoryData<string> Exports() => new()
    {
        "model_stack2", "model_stack3", "model_classifier", "model_odd", "model_gru", "model_mixed", "model_bidir", "model_bidir_last",
    };

    [Theory]
    [MemberData(nameof(Exports))]
    public void LayersAreTheStateDictsLayersInOrder(string name)
    {
        var model = ModelWeights.LoadOnnx(Model(name));
        log.WriteLine(model.ToString());
        // Expected from the PyTorch-written manifest: each module's layers in order (a later layer reads the one before).
        var expected = new List<string>();
        foreach (var m in TorchManifest.Modules(name))
            for (int k = 0; k < m.Layers; k++)
            {
                int input = k == 0 ? m.Input : m.Bidirectional ? 2 * m.Units : m.Units;
                expected.Add(m.Kind switch
                {
                    StateDictModuleKind.Linear => $"Dense {m.Input} -> {m.Units}",
                    StateDictModuleKind.Gru => $"GRU {input} -> {m.Units}",
                    _ => m.Bidirectional ? $"Bidirectional LSTM {input} -> {2 * m.Units}" : $"LSTM {input} -> {m.Units}",
                });
            }
        Assert.Equal(expected, model.Layers.Select(l => l.ToString()));
        Assert.All(model.Layers, l => Assert.Null(l.Activation));
    }

    [Fact]
    public void WeightsAreThoseOfTheStateDict()
    {
        // The export of model_mixed holds the same float32 values as its safetensors state_dict, gate by gate.
        var onnx = ModelWeights.LoadOnnx(Model("model_mixed"));
        var torch = ModelWeights.LoadSafetensors(Fixture.Path("torch", "models", "model_mixed.safetensors"), "gru", "lstm", "gru2", "fc");
        var g0 = (GruWeights)onnx.Layers[0];
        var t0 = (GruWeights)torch.Layers[0];
        Assert.True(g0.ResetAfter);
        Assert.Equal(t0.WeightIh.ToArray(), g0.WeightIh.ToArray());
        Assert.Equal(t0.BiasHh.ToArray(), g0.BiasHh.ToArray());
        Assert.Equal(((LstmWeights)torch.Layers[1]).WeightHh.ToArray(), ((LstmWeights)onnx.Layers[1]).WeightHh.ToArray());
        Assert.Equal(((DenseWeights)torch.Layers[3]).Weight.ToArray(), ((DenseWeights)onnx.Layers[3]).Weight.ToArray());
    }

    [Fact]
    public void StreamOverloadReadsTheSameModel()
    {
        using var stream = File.OpenRead(Model("model_bidir_last"));
        var fromStream = ModelWeights.LoadOnnx(stream, "model_bidir_last.onnx");
        var fromPath = ModelWeights.LoadOnnx(Model("model_bidir_last"));
        Assert.Equal(fromPath.ToString(), fromStream.ToString());
        Assert.Equal(((DenseWeights)fromPath.Layers[1]).Bias.ToArray(), ((DenseWeights)fromStream.Layers[1]).Bias.ToArray());
    }

    [Fact]
    public void ANodeWithoutModelEquivalentIsRefusedByName()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadOnnx(Model("bad_model_mul")));
        log.WriteLine(ex.Message);
        Assert.Equal("/Mul", ex.Tensor);
        Assert.Equal("Mul", ex.Actual);
        Assert.Contains("LSTM, GRU, Gemm or MatMul", ex.Expected);
        Assert.Contains(Model("bad_model_mul"), ex.Message);
    }

    [Fact]
    public void ABidirectionalGruIsRefused()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadOnnx(Model("bad_model_bigru")));
        log.WriteLine(ex.Message);
        Assert.Contains("'/gru/GRU'", ex.Message);
        Assert.Equal("bidirectional", ex.Actual);
    }

    [Fact]
    public void AWeightComputedAtRunTimeIsRefusedNamingIt()
    {
        // torch_noparams: exported with export_params=False, so W is a graph input.
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadOnnx(Fixture.Path("onnx", "bad_torch_noparams.onnx")));
        log.WriteLine(ex.Message);
        Assert.Contains("is not a constant", ex.Message);
        Assert.Contains("export_params=True", ex.Message);
    }

    [Fact]
    public void NotOnnxIsRefused()
    {
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.LoadOnnx(Fixture.Path("keras2c", "model.h5")));
        log.WriteLine(ex.Message);
    }
}

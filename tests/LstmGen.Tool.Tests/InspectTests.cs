using System.IO;

namespace LstmGen.Tool.Tests;

public class InspectTests
{
    [Theory]
    [MemberData(nameof(Fixtures.EveryFormat), MemberType = typeof(Fixtures))]
    public void InspectsEveryFormat(string file, string modules)
    {
        var run = ToolRun.Of(modules.Length > 0 ? ["inspect", ToolRun.Fixture(file), "--modules", modules] : ["inspect", ToolRun.Fixture(file)]);
        run.AssertSucceeded();
        Assert.Contains("params Keras", run.Output);
        Assert.Contains("Units is the size of the state", run.Output);
    }

    [Fact]
    public void CountsParametersInBothConventions()
    {
        // nn.LSTM(4, 20, num_layers=2): Keras 4·20·(4+20+1) + 4·20·(20+20+1) = 2,000 + 3,280; PyTorch adds 4·20 per layer.
        var run = ToolRun.Of("inspect", ToolRun.Fixture("torch/lstm_stack2.safetensors"));
        run.AssertSucceeded();
        Assert.Contains("5,280", run.Output);
        Assert.Contains("5,440", run.Output);
        Assert.Contains("i,f,g,o PyTorch", run.Output);
        Assert.Contains("weight_ih_l1  F16 [80, 20]", run.Output);
        Assert.Contains("has Units = 20", run.Output);
    }

    [Fact]
    public void ShowsTheGateOrderAndActivationsTheFileRecords()
    {
        var keras = ToolRun.Of("inspect", ToolRun.Fixture("keras2c/model.h5"));
        keras.AssertSucceeded();
        Assert.Contains("i,f,c,o Keras", keras.Output);
        Assert.Contains("Relu, gates HardSigmoidKeras2", keras.Output);

        var onnx = ToolRun.Of("inspect", ToolRun.Fixture("onnx/torch_bidir2.onnx"));
        onnx.AssertSucceeded();
        Assert.Contains("i,o,f,c ONNX", onnx.Output);
        Assert.Contains("BiLSTM 5 → 18", onnx.Output);

        var model = ToolRun.Of("inspect", ToolRun.Fixture("torch/models/model_mixed.onnx"));
        model.AssertSucceeded();
        Assert.Contains("z,r,h ONNX", model.Output);
        Assert.Contains("Dense 9 → 4", model.Output);
    }

    [Fact]
    public void OrdersSafetensorsModulesByTheirShapes()
    {
        // lstm_torch.json converted: modules lstm (1 → 8), lstm2 (three layers 8 → 8) and dense (8 → 1) are stored sorted by
        // name, dense first; only lstm → lstm2 → dense chains.
        string converted = Path.Combine(Path.GetTempPath(), $"lstmgen-order-{Guid.NewGuid():N}.safetensors");
        try
        {
            ToolRun.Of("convert", ToolRun.Fixture("rtneural/models/lstm_torch.json"), converted).AssertSucceeded();
            var run = ToolRun.Of("inspect", converted);
            run.AssertSucceeded();
            Assert.Contains("Modules, in layer order: layers.0, layers.1, layers.2, layers.3, layers.4", run.Output);
        }
        finally
        {
            File.Delete(converted);
        }
    }
}

namespace LstmGen.Tests;

/// <summary>The generated and generic layers refuse bad calls with messages that name the values.</summary>
public sealed class LayerContractTests
{
    [Fact]
    public void LoadWeightsRejectsOtherSizesAndKeepsOldWeights()
    {
        var layer = new Odd11x29x7();
        var good = new TestLstm(11, 29, 1);
        layer.LoadWeights(good.Weights);
        var input = TestData.Inputs(7 * 11, 2, 1f);
        var before = new float[29];
        layer.Forward(input, before);

        var e = Assert.Throws<ArgumentException>(() => layer.LoadWeights(LstmWeights.CreateRandom(11, 30, 1)));
        Assert.Contains("Units = 29", e.Message);
        Assert.Contains("Units = 30", e.Message);
        Assert.Contains("Odd11x29x7", e.Message);
        e = Assert.Throws<ArgumentException>(() => layer.LoadWeights(LstmWeights.CreateRandom(12, 29, 1)));
        Assert.Contains("Input = 11", e.Message);
        Assert.Contains("Input = 12", e.Message);
        Assert.Throws<ArgumentNullException>(() => layer.LoadWeights(null!));

        var after = new float[29];
        layer.Forward(input, after);
        Assert.Equal(before, after);

        var kernel = new LstmKernel(good.Weights);
        e = Assert.Throws<ArgumentException>(() => kernel.LoadWeights(LstmWeights.CreateRandom(11, 30, 1)));
        Assert.Contains("Units = 30", e.Message);
    }

    [Fact]
    public void WrongSpanLengthsAreRejected()
    {
        var layer = new Odd11x29x7();
        layer.LoadWeights(new TestLstm(11, 29, 1).Weights);
        var e = Assert.Throws<ArgumentException>(() => layer.Forward(new float[76], new float[29]));
        Assert.Equal("input", e.ParamName);
        Assert.Contains("77", e.Message);
        Assert.Contains("got 76", e.Message);
        e = Assert.Throws<ArgumentException>(() => layer.Forward(new float[77], new float[7 * 29]));
        Assert.Equal("output", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => layer.Step(new float[10], new float[29]));
        Assert.Equal("x", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => layer.Step(new float[11], new float[28]));
        Assert.Equal("h", e.ParamName);

        var seq = new Odd11x29x7Seq();
        seq.LoadWeights(new TestLstm(11, 29, 1).Weights);
        e = Assert.Throws<ArgumentException>(() => seq.Forward(new float[77], new float[29]));
        Assert.Contains("203", e.Message);

        var variable = new Variable3x24Seq();
        variable.LoadWeights(new TestLstm(3, 24, 1).Weights);
        Assert.Throws<ArgumentException>(() => variable.Forward(new float[7], new float[48]));
        Assert.Throws<ArgumentException>(() => variable.Forward(ReadOnlySpan<float>.Empty, Span<float>.Empty));

        var kernel = new LstmKernel(new TestLstm(11, 29, 1).Weights);
        Assert.Throws<ArgumentException>(() => kernel.Forward(new float[76], new float[29]));
        Assert.Throws<ArgumentException>(() => kernel.Forward(new float[77], new float[30]));
        Assert.Throws<ArgumentException>(() => kernel.Step(new float[11], new float[30]));
    }

    [Fact]
    public void UsingALayerBeforeLoadWeightsSaysSo()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new Tiny2x3x4().Forward(new float[8], new float[3]));
        Assert.Contains("LoadWeights", e.Message);
        Assert.Throws<InvalidOperationException>(() => new Tiny2x3x4().Step(new float[2], new float[3]));
    }

    [Fact]
    public void ConstantsDescribeTheLayer()
    {
        Assert.Equal(28, Fashion28x128x28.Input);
        Assert.Equal(128, Fashion28x128x28.Units);
        Assert.Equal(28, Fashion28x128x28.Steps);
        Assert.Equal(4 * 128 * (28 + 128 + 1), Fashion28x128x28.ParameterCount);
        Assert.False(Fashion28x128x28.ReturnSequences);
        Assert.True(Fashion28x128x28Seq.ReturnSequences);
        ILstmLayer layer = new OneUnit5x1x6();
        Assert.Equal((5, 1), (layer.Input, layer.Units));
    }
}

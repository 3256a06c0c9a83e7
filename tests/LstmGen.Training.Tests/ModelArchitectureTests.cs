using System;
using System.Linq;
using Xunit;
using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>Shapes, counts, equality and the checks of <see cref="ModelArchitecture"/> and <see cref="ModelLayer"/>.</summary>
public sealed class ModelArchitectureTests
{
    [Fact]
    public void ClassifierShapesAndParameterCount()
    {
        var a = new ModelArchitecture(28, 28, Lstm(128), Dense(10, Activation.Softmax));
        Assert.Equal((28, 28, 784), (a.Input, a.Steps, a.InputLength));
        Assert.Equal((10, 10, false), (a.Output, a.OutputLength, a.SequenceOutput));
        // Keras's count, as the generated model's ParameterCount: 4·128·(28 + 128 + 1) + 10·(128 + 1).
        Assert.Equal(80_384 + 1_290, a.ParameterCount);
        Assert.Equal(2, a.WeightLayerCount);
        var lstm = a.Layers[0];
        Assert.Equal((28, 128, true, false, 784, 128, 0), (lstm.Input, lstm.Output, lstm.SequenceInput, lstm.SequenceOutput, lstm.InputLength, lstm.OutputLength, lstm.WeightIndex));
        Assert.Equal("[28, 28] → LSTM 28 → 128, last h → Dense 128 → 10, Softmax", a.ToString());
    }

    [Fact]
    public void SequenceOutputThroughEveryKind()
    {
        var a = new ModelArchitecture(6, 5,
            Dense(8, Activation.Relu), Dropout(0.1), Lstm(4, returnSequences: true, bidirectional: true), Gru(3, returnSequences: true, resetAfter: false),
            Lstm(2, returnSequences: true, goBackwards: true), Dense(7), Dropout(0.5));
        Assert.Equal(new[] { 8, 8, 8, 3, 2, 7, 7 }, a.Layers.Select(l => l.Output));
        Assert.Equal(new[] { 6, 8, 8, 8, 3, 2, 7 }, a.Layers.Select(l => l.Input));
        Assert.All(a.Layers, l => Assert.True(l.SequenceInput && l.SequenceOutput));
        Assert.Equal(new[] { 0, -1, 1, 2, 3, 4, -1 }, a.Layers.Select(l => l.WeightIndex));
        Assert.Equal((7, 35, true), (a.Output, a.OutputLength, a.SequenceOutput));
        long expected = 8 * 7 + 2L * 4 * 4 * (8 + 4 + 1) + 3 * 3 * (8 + 3 + 1) + 4 * 2 * (3 + 2 + 1) + 7 * 3;
        Assert.Equal(expected, a.ParameterCount);
        Assert.Equal(5, a.WeightLayerCount);
    }

    [Fact]
    public void GruParameterCountFollowsTheResetConvention()
    {
        Assert.Equal(3 * 4 * (3 + 4 + 2), new ModelArchitecture(3, 2, Gru(4)).ParameterCount);
        Assert.Equal(3 * 4 * (3 + 4 + 1), new ModelArchitecture(3, 2, Gru(4, resetAfter: false)).ParameterCount);
    }

    [Fact]
    public void EqualByValue()
    {
        ModelArchitecture Make() => new(3, 4, Lstm(5, returnSequences: true), Dropout(0.2), Dense(2, Activation.Tanh));
        Assert.Equal(Make(), Make());
        Assert.Equal(Make().GetHashCode(), Make().GetHashCode());
        Assert.NotEqual(Make(), new ModelArchitecture(3, 4, Lstm(5, returnSequences: true), Dropout(0.3), Dense(2, Activation.Tanh)));
        Assert.NotEqual(Make(), new ModelArchitecture(3, 5, Lstm(5, returnSequences: true), Dropout(0.2), Dense(2, Activation.Tanh)));
    }

    [Fact]
    public void RecurrentLayerAfterASingleVector()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelArchitecture(3, 4, Lstm(5), Gru(4)));
        Assert.Contains("layers[1]: GRU reads a sequence, but layers[0] (LSTM) outputs a single vector", e.Message);
    }

    [Fact]
    public void DeclaredInputThatDiffers()
    {
        var e = Assert.Throws<ArgumentException>(() => new ModelArchitecture(3, 4, Lstm(5, returnSequences: true), Dense(2, input: 6)));
        Assert.Contains("layers[1]: Dense expects Input = 6 features per step, but layers[0] (LSTM) outputs 5", e.Message);
        Assert.Equal(5, new ModelArchitecture(3, 4, Lstm(5, input: 3), Dense(2, input: 5)).Layers[1].Input);
    }

    [Fact]
    public void NoWeightedLayer()
    {
        Assert.Contains("at least one LSTM, GRU or Dense layer", Assert.Throws<ArgumentException>(() => new ModelArchitecture(3, 4, Dropout(0.1))).Message);
        Assert.Throws<ArgumentException>(() => new ModelArchitecture(3, 4));
    }

    [Fact]
    public void SizesAndOptionsOutOfRange()
    {
        Assert.Equal("input", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelArchitecture(0, 4, Lstm(5))).ParamName);
        Assert.Equal("steps", Assert.Throws<ArgumentOutOfRangeException>(() => new ModelArchitecture(3, 0, Lstm(5))).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => Lstm(0)).ParamName);
        Assert.Equal("units", Assert.Throws<ArgumentOutOfRangeException>(() => Dense(-1)).ParamName);
        Assert.Equal("activation", Assert.Throws<ArgumentOutOfRangeException>(() => Lstm(4, activation: Activation.Softmax)).ParamName);
        Assert.Equal("recurrentActivation", Assert.Throws<ArgumentOutOfRangeException>(() => Gru(4, recurrentActivation: Activation.Tanh)).ParamName);
        Assert.Equal("goBackwards", Assert.Throws<ArgumentException>(() => Lstm(4, bidirectional: true, goBackwards: true)).ParamName);
        Assert.Equal("rate", Assert.Throws<ArgumentOutOfRangeException>(() => Dropout(1)).ParamName);
        var tooLarge = Assert.Throws<ArgumentException>(() => new ModelArchitecture(3, 4, Lstm(30_000), Dense(30_000)));
        Assert.Contains("exceed 2147483647", tooLarge.Message);
    }

    [Fact]
    public void ValidateWeightsAcceptsTheLoadersLayouts()
    {
        var a = new ModelArchitecture(3, 4, Lstm(4, returnSequences: true, bidirectional: true), Gru(3, resetAfter: false), Dropout(0.2), Dense(2));
        a.ValidateWeights(new ReferenceNetwork(a, 1).ToWeights());
    }
}

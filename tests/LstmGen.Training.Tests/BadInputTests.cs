using System;
using Xunit;
using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>Wrong lengths, weights that do not fit, and losses or targets the model cannot take: ArgumentException naming expected and actual.</summary>
public sealed class BadInputTests
{
    private static readonly ModelArchitecture Classifier = new(4, 3, Lstm(5), Dense(3, Activation.Softmax));
    private static readonly ModelArchitecture Tagger = new(4, 3, Lstm(5, returnSequences: true), Dense(2));

    private static ModelWeights WeightsFor(ModelArchitecture architecture) => new ReferenceNetwork(architecture, seed: 1).ToWeights();

    private static ArgumentException Throws(ModelArchitecture architecture, ModelWeights weights, int inputs, int targets, int batch, Loss loss)
    {
        var targetValues = new float[targets];
        for (int k = 0; k < targets; k += Math.Max(1, architecture.Output))
            targetValues[k] = 1;
        return Assert.ThrowsAny<ArgumentException>(() => Gradients.Compute(architecture, weights, new float[inputs], targetValues, batch, loss, out _));
    }

    [Fact]
    public void InputsOfTheWrongLength()
    {
        var e = Throws(Classifier, WeightsFor(Classifier), 2 * 12 - 1, 2 * 3, 2, Loss.CrossEntropy);
        Assert.Equal("inputs", e.ParamName);
        Assert.Contains("batch·Steps·Input = 2·12 = 24 floats ([2, 3, 4]), got 23", e.Message);
    }

    [Fact]
    public void TargetsOfTheWrongLength()
    {
        var e = Throws(Classifier, WeightsFor(Classifier), 2 * 12, 2 * 3 + 1, 2, Loss.CrossEntropy);
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("batch·Output = 2·3 = 6 floats ([2, 3]), got 7", e.Message);
    }

    [Fact]
    public void SequenceTargetsOfTheWrongLength()
    {
        // Per-step targets are [batch, Steps, Output]; giving only the last step's is the likely mistake.
        var e = Throws(Tagger, WeightsFor(Tagger), 2 * 12, 2 * 2, 2, Loss.MeanSquaredError);
        Assert.Equal("targets", e.ParamName);
        Assert.Contains("batch·Steps·Output = 2·6 = 12 floats ([2, 3, 2]), got 4", e.Message);
    }

    [Fact]
    public void BatchBelowOne()
    {
        var e = Throws(Classifier, WeightsFor(Classifier), 0, 0, 0, Loss.CrossEntropy);
        Assert.IsType<ArgumentOutOfRangeException>(e);
        Assert.Equal("batch", e.ParamName);
    }

    [Fact]
    public void WeightsOfAnotherShape()
    {
        var other = WeightsFor(new ModelArchitecture(4, 3, Lstm(6), Dense(3, Activation.Softmax)));
        var e = Throws(Classifier, other, 12, 3, 1, Loss.CrossEntropy);
        Assert.Equal("weights", e.ParamName);
        Assert.Contains("weights.Layers[0]", e.Message);
        Assert.Contains("expects LSTM weights with Input = 4, Units = 5, got LSTM weights with Input = 4, Units = 6", e.Message);
    }

    [Fact]
    public void WeightsOfAnotherKind()
    {
        var gru = WeightsFor(new ModelArchitecture(4, 3, Gru(5), Dense(3, Activation.Softmax)));
        var e = Throws(Classifier, gru, 12, 3, 1, Loss.CrossEntropy);
        Assert.Contains("expects LSTM weights with Input = 4, Units = 5, got GRU weights with Input = 4, Units = 5, ResetAfter = True", e.Message);
    }

    [Fact]
    public void GruWeightsOfTheOtherResetConvention()
    {
        var architecture = new ModelArchitecture(4, 3, Gru(5, resetAfter: false), Dense(3));
        var e = Throws(architecture, WeightsFor(new ModelArchitecture(4, 3, Gru(5), Dense(3))), 12, 3, 1, Loss.MeanSquaredError);
        Assert.Contains("expects GRU weights with Input = 4, Units = 5, ResetAfter = False, got GRU weights with Input = 4, Units = 5, ResetAfter = True", e.Message);
    }

    [Fact]
    public void BidirectionalLayerGivenOneDirection()
    {
        var architecture = new ModelArchitecture(4, 3, Lstm(5, bidirectional: true), Dense(3));
        var e = Throws(architecture, WeightsFor(new ModelArchitecture(4, 3, Lstm(5), Dense(3))), 12, 3, 1, Loss.MeanSquaredError);
        Assert.Contains("expects Bidirectional LSTM weights with Input = 4, Units = 5, got LSTM weights", e.Message);
    }

    [Fact]
    public void TooFewWeightLayers()
    {
        var e = Throws(Classifier, new ModelWeights(WeightsFor(Classifier).Layers[0]), 12, 3, 1, Loss.CrossEntropy);
        Assert.Contains("the model has 2 weighted layers (LSTM weights with Input = 4, Units = 5, Dense weights with Input = 5, Units = 3), got 1", e.Message);
    }

    [Fact]
    public void CrossEntropyOnASingleOutput()
    {
        var regression = new ModelArchitecture(4, 3, Lstm(5), Dense(1));
        var e = Throws(regression, WeightsFor(regression), 12, 1, 1, Loss.CrossEntropy);
        Assert.Equal("loss", e.ParamName);
        Assert.Contains("CrossEntropy needs at least 2 outputs per step (one score per class), but the model outputs 1", e.Message);
    }

    [Fact]
    public void UndefinedLoss()
    {
        var e = Throws(Classifier, WeightsFor(Classifier), 12, 3, 1, (Loss)7);
        Assert.IsType<ArgumentOutOfRangeException>(e);
        Assert.Contains("expected CrossEntropy or MeanSquaredError, got 7", e.Message);
    }

    [Theory]
    [InlineData(-0.5f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void CrossEntropyTargetThatIsNoProbability(float target)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() =>
            Gradients.Compute(Classifier, WeightsFor(Classifier), new float[12], [0.5f, target, 0.5f], 1, Loss.CrossEntropy, out _));
        Assert.Equal("targets", e.ParamName);
        Assert.Contains($"targets[1]: CrossEntropy targets are probabilities (finite, ≥ 0), got {target}", e.Message);
    }

    [Fact]
    public void NullArguments()
    {
        Assert.Throws<ArgumentNullException>(() => Gradients.Compute(null!, WeightsFor(Classifier), new float[12], new float[3], 1, Loss.CrossEntropy, out _));
        Assert.Throws<ArgumentNullException>(() => Gradients.Compute(Classifier, null!, new float[12], new float[3], 1, Loss.CrossEntropy, out _));
    }
}

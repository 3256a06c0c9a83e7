using static LstmGen.ModelLayer;
using static LstmGen.Training.Tests.TrainerTestData;

namespace LstmGen.Training.Tests;

/// <summary>
/// <see cref="Dataset"/> (wrapping, labels, slices, splits, shuffles) and the checks <see cref="Trainer.Fit"/> makes
/// before training: each bad input throws with the argument, the expected and the actual value, and leaves the weights alone.
/// </summary>
public sealed class TrainingDataTests
{
    [Fact]
    public void DatasetWrapsWithoutCopyingAndDerivesLengths()
    {
        var inputs = new float[12];
        var data = new Dataset(inputs, new float[6], 3);
        Assert.Equal((3, 4, 2), (data.Count, data.SampleLength, data.TargetLength));
        inputs[5] = 9;
        Assert.Equal(9, data.Input(1)[1]);
        Assert.Equal("3 samples × 4 inputs → 2 targets", data.ToString());
    }

    [Fact]
    public void FromLabelsMakesOneHotRows()
    {
        var data = Dataset.FromLabels(new float[6], [2, 0, 1], classes: 3);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 0, 1, 0 }, data.Targets.ToArray());
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.FromLabels(new float[6], [0, 3, 1], classes: 3));
        Assert.Contains("labels[1]: expected a class in [0, 3), got 3", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dataset.FromLabels(new float[6], [0], classes: 1));
        Assert.Throws<ArgumentException>(() => Dataset.FromLabels(new float[6], [], classes: 2));
    }

    [Fact]
    public void SliceSplitAndShuffleKeepSamplesWithTheirTargets()
    {
        // Sample k: inputs (k, k + 0.5), target k.
        var data = new Dataset(Enumerable.Range(0, 10).SelectMany(k => new[] { k, k + 0.5f }).ToArray(), Enumerable.Range(0, 10).Select(k => (float)k).ToArray(), 10);
        var slice = data.Slice(3, 4);
        Assert.Equal(new float[] { 3, 4, 5, 6 }, slice.Targets.ToArray());
        Assert.Equal(new float[] { 3, 3.5f }, slice.Input(0).ToArray());
        var (first, second) = data.Split(7);
        Assert.Equal((7, 3, 7f), (first.Count, second.Count, second.Target(0)[0]));

        var shuffled = data.Shuffle(seed: 5);
        Assert.Equal(shuffled.Targets.ToArray(), data.Shuffle(seed: 5).Targets.ToArray());
        Assert.NotEqual(data.Targets.ToArray(), shuffled.Targets.ToArray());
        Assert.NotEqual(shuffled.Targets.ToArray(), data.Shuffle(seed: 6).Targets.ToArray());
        Assert.Equal(Enumerable.Range(0, 10).Select(k => (float)k), shuffled.Targets.ToArray().Order());
        for (int k = 0; k < 10; k++)
            Assert.Equal(new[] { shuffled.Target(k)[0], shuffled.Target(k)[0] + 0.5f }, shuffled.Input(k).ToArray());

        Assert.Contains("expected a sample index in [0, 10), got 10", Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(10).Length).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Target(-1).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Slice(8, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Slice(-1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Split(0));
    }

    [Fact]
    public void AnEmptyOrUnevenDatasetCannotBeMade()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Dataset(Array.Empty<float>(), Array.Empty<float>(), 0));
        Assert.Contains("count: expected at least 1 sample, got 0", e.Message);
        var uneven = Assert.Throws<ArgumentException>(() => new Dataset(new float[10], new float[6], 3));
        Assert.Contains("count = 3", uneven.Message);
        Assert.Contains("got 10", uneven.Message);
    }

    public static TheoryData<string, Func<Dataset>, Func<Dataset?>, string[]> BadData() => new()
    {
        { "inputs per sample", () => new Dataset(new float[8 * 4], new float[8 * 2], 8), () => null, ["train", "Steps·Input = 5·1 = 5", "has 4"] },
        { "targets per sample", () => new Dataset(new float[8 * 5], new float[8 * 3], 8), () => null, ["train", "outputs 2 values", "has 3 targets"] },
        { "validation inputs", () => SumSign(8, 1), () => new Dataset(new float[4 * 6], new float[4 * 2], 4), ["validation", "5 inputs per sample", "has 6"] },
        { "NaN input", () => WithInput(SumSign(8, 1), 3 * 5 + 2, float.NaN), () => null, ["train.Inputs[17] (sample 3, step 2, feature 0)", "finite", "NaN"] },
        { "negative target", () => WithTarget(SumSign(8, 1), 5, -0.5f), () => null, ["train.Targets[5] (sample 2)", "probability", "-0.5"] },
        { "targets not summing to 1", () => WithTarget(WithTarget(SumSign(8, 1), 8, 0.5f), 9, 0.25f), () => null, ["train.Targets (sample 4)", "summing to 1", "sum of 0.75"] },
        { "infinite validation target", () => SumSign(8, 1), () => WithTarget(SumSign(8, 2), 0, float.PositiveInfinity), ["validation.Targets[0]", "Infinity"] },
    };

    [Theory]
    [MemberData(nameof(BadData))]
    public void BadDataIsRejectedBeforeTrainingWithExpectedAndActual(string what, Func<Dataset> train, Func<Dataset?> validation, string[] shown)
    {
        var trainer = new Trainer(Classifier, new TrainerOptions { BatchSize = 4, Epochs = 1 });
        var before = Flat(trainer.Weights);
        var e = Assert.Throws<ArgumentException>(() => trainer.Fit(train(), validation()));
        foreach (string part in shown)
            Assert.Contains(part, e.Message);
        Assert.Equal(shown[0].Split('.')[0], e.ParamName);
        Assert.Equal(before, Flat(trainer.Weights));
        Assert.Null(trainer.BestWeights);
        _ = what;
    }

    [Fact]
    public void EvaluateChecksItsDataToo()
    {
        var e = Assert.Throws<ArgumentException>(() => new Trainer(Classifier).Evaluate(new Dataset(new float[8], new float[4], 2)));
        Assert.Equal("data", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => new Trainer(Classifier).Fit(null!));
    }

    [Fact]
    public void TheTrainerRejectsALossTheModelCannotTakeAndWeightsThatDoNotFit()
    {
        var single = new ModelArchitecture(1, TrainerTestData.Steps, Lstm(3), Dense(1));
        var e = Assert.Throws<ArgumentException>(() => new Trainer(single, new TrainerOptions { Loss = Loss.CrossEntropy }));
        Assert.Contains("at least 2 outputs", e.Message);
        var w = Assert.Throws<ArgumentException>(() => new Trainer(Classifier, WeightInitialization.PyTorchDefault(Regressor, 1)));
        Assert.Contains("expects Dense weights with Input = 6, Units = 2", w.Message);
        Assert.Throws<ArgumentNullException>(() => new Trainer(Classifier, (ModelWeights)null!));
        Assert.Throws<ArgumentNullException>(() => new Trainer(null!));
    }

    private static Dataset WithInput(Dataset data, int index, float value)
    {
        var inputs = data.Inputs.ToArray();
        inputs[index] = value;
        return new Dataset(inputs, data.Targets, data.Count);
    }

    private static Dataset WithTarget(Dataset data, int index, float value)
    {
        var targets = data.Targets.ToArray();
        targets[index] = value;
        return new Dataset(data.Inputs, targets, data.Count);
    }
}

using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

// Models without Steps: Predict and PredictBatch take any number of steps.
[LstmModel(Input = 4)]
[Gru(Units = 6, ReturnSequences = true)]
[Lstm(Units = 5, ReturnSequences = true)]
[Dense(Units = 3, Activation = Activation.Tanh)]
public partial class AnyStepsSeq { }

[LstmModel(Input = 3, Streaming = false)]
[Lstm(Units = 4, ReturnSequences = true, Bidirectional = true)]
[Lstm(Units = 5)]
[Dense(Units = 2)]
public partial class AnyStepsBidir { }

/// <summary>
/// <c>[LstmModel]</c> without <c>Steps</c>: Predict, Step and PredictBatch (whole and padded) on sequences of any
/// length, growing and shrinking between calls, against the float64 <see cref="ReferenceModel"/>. In the Kernel
/// category, so CI runs it on every SIMD path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class AnyStepsModelTests(ITestOutputHelper log)
{
    private static readonly int[] StepCounts = { 1, 7, 3, 20, 2, 20 };

    private static ReferenceModel SeqReference(int seed) => new(4, new[]
    {
        RandomGru(4, 6, seed, returnSequences: true),
        RandomLstm(6, 5, seed + 1, returnSequences: true),
        RandomDense(5, 3, seed + 2, Activation.Tanh),
    });

    [Fact]
    public void ConstantsSayAnySteps()
    {
        Assert.Equal(0, AnyStepsSeq.Steps);
        Assert.Equal(AnyStepsSeq.Output, AnyStepsSeq.OutputLength); // per step: steps·Output in all
        Assert.Equal(2, AnyStepsBidir.OutputLength);
        Assert.Equal(0, ((ILstmModel)new AnyStepsBidir()).Steps);
    }

    [Fact]
    public void PredictAndStepTakeAnyNumberOfSteps()
    {
        var reference = SeqReference(seed: 80);
        var model = new AnyStepsSeq();
        model.LoadWeights(reference.Weights);
        foreach (int steps in StepCounts)
        {
            var x = TestData.Inputs(steps * 4, seed: steps, amplitude: 3f);
            var (expected, perStep) = reference.Run(x, steps);
            var output = new float[steps * AnyStepsSeq.Output];
            model.Predict(x, output);
            AssertClose.Within(expected, output, $"AnyStepsSeq.Predict, {steps} steps", log: log);

            model.ResetState();
            var y = new float[AnyStepsSeq.Output];
            for (int t = 0; t < steps; t++)
            {
                model.Step(x.AsSpan(t * 4, 4), y);
                AssertClose.Within(perStep[t], y, $"AnyStepsSeq.Step {t} of {steps}");
            }
        }
    }

    [Fact]
    public void PredictBatchTakesAnyNumberOfStepsAndPaddedBatchesAreEachSequenceAlone()
    {
        var reference = SeqReference(seed: 81);
        var model = new AnyStepsSeq();
        model.LoadWeights(reference.Weights);
        foreach (int steps in StepCounts)
        {
            int batch = 5, seqOut = steps * AnyStepsSeq.Output;
            var inputs = TestData.Inputs(batch * steps * 4, seed: 100 + steps, amplitude: 3f);
            var outputs = new float[batch * seqOut];
            model.PredictBatch(inputs, outputs, batch);
            for (int q = 0; q < batch; q++)
                AssertClose.Within(reference.Run(inputs.AsSpan(q * steps * 4, steps * 4), steps).Predict, outputs.AsSpan(q * seqOut, seqOut),
                    $"AnyStepsSeq.PredictBatch, {steps} steps, sequence {q}");

            // Padded: each sequence's real steps give what the sequence alone, unpadded, gives: the same bits, then zeros.
            var lengths = Enumerable.Range(0, batch).Select(q => (q * 3 + 1) % (steps + 1)).ToArray();
            for (int q = 0; q < batch; q++)
                inputs.AsSpan((q * steps + lengths[q]) * 4, (steps - lengths[q]) * 4).Fill(PaddedBatches.Padding);
            model.PredictBatch(inputs, outputs, batch, lengths);
            for (int q = 0; q < batch; q++)
            {
                int length = lengths[q];
                var mine = outputs.AsSpan(q * seqOut, seqOut).ToArray();
                Assert.All(mine.Skip(length * AnyStepsSeq.Output), v => Assert.Equal(0f, v));
                if (length == 0)
                    continue;
                var alone = new float[length * AnyStepsSeq.Output];
                model.PredictBatch(inputs.AsSpan(q * steps * 4, length * 4), alone, 1);
                Assert.Equal(alone, mine.Take(alone.Length).ToArray());
            }
        }
    }

    [Fact]
    public void BidirectionalModelTakesAnyNumberOfSteps()
    {
        var forward0 = (Lstm)RandomLstm(3, 4, seed: 91, returnSequences: true);
        var backward0 = (Lstm)RandomLstm(3, 4, seed: 92, returnSequences: true);
        var layer1 = (Lstm)RandomLstm(8, 5, seed: 93, returnSequences: false);
        var dense = RandomDense(5, 2, seed: 94, Activation.Linear);
        var model = new AnyStepsBidir();
        model.LoadWeights(new ModelWeights(new BidirectionalWeights((LstmWeights)forward0.Weights, (LstmWeights)backward0.Weights), layer1.Weights, dense.Weights));
        foreach (int steps in StepCounts)
        {
            var x = TestData.Inputs(steps * 3, seed: 200 + steps, amplitude: 3f);
            var f = new ReferenceModel(3, new Layer[] { forward0 }).Run(x, steps).PerStep;
            var b = new ReferenceModel(3, new Layer[] { backward0 }).Run(Sequences.ReverseSteps(x, 3), steps).PerStep;
            var both = Enumerable.Range(0, steps).SelectMany(t => f[t].Concat(b[steps - 1 - t])).Select(v => (float)v).ToArray();
            var expected = new ReferenceModel(8, new[] { layer1, dense }).Run(both, steps).Predict;
            var output = new float[2];
            model.Predict(x, output);
            AssertClose.Within(expected, output, $"AnyStepsBidir.Predict, {steps} steps", log: log);
            var batched = new float[2 * 2];
            model.PredictBatch(x.Concat(x).ToArray(), batched, 2);
            AssertClose.Within(expected.Concat(expected).ToArray(), batched, $"AnyStepsBidir.PredictBatch, {steps} steps");
        }
    }

    [Fact]
    public void LengthsAreChecked()
    {
        var model = new AnyStepsSeq();
        model.LoadWeights(SeqReference(seed: 82).Weights);
        var ex = Assert.Throws<ArgumentException>(() => model.Predict(new float[10], new float[9]));
        Assert.Equal("input", ex.ParamName);
        Assert.Contains("expected a positive multiple of Input = 4 floats ([steps, 4]), got 10", ex.Message);
        Assert.Equal("input", Assert.Throws<ArgumentException>(() => model.Predict(ReadOnlySpan<float>.Empty, new float[3])).ParamName);
        ex = Assert.Throws<ArgumentException>(() => model.Predict(new float[12], new float[3]));
        Assert.Equal("output", ex.ParamName);
        Assert.Contains("expected steps·Output = 3·3 = 9 floats ([3, 3]), got 3", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[12], new float[18], 2));
        Assert.Equal("inputs", ex.ParamName);
        Assert.Contains("expected a positive multiple of batch·Input = 2·4 floats ([2, steps, 4]), got 12", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[16], new float[10], 2));
        Assert.Equal("outputs", ex.ParamName);
        Assert.Contains("expected batch·steps·Output = 2·2·3 = 12 floats ([2, 2, 3]), got 10", ex.Message);
        Assert.Contains("lengths[0]: expected 0 to steps = 2, got 3",
            Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictBatch(new float[16], new float[12], 2, new[] { 3, 1 })).Message);
    }
}

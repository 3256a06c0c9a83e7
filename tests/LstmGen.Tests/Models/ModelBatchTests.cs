using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

// Bidirectional layers of both kinds (every step, last step), with a Dropout between them, for PredictBatch.
[LstmModel(Input = 3, Steps = 6, Streaming = false)]
[Lstm(Units = 5, ReturnSequences = true, Bidirectional = true)]
[Dropout(Rate = 0.1)]
[Lstm(Units = 4, Bidirectional = true)]
[Dense(Units = 2, Activation = Activation.Tanh)]
public partial class BatchBidir { }

/// <summary>
/// Generated models' <c>PredictBatch</c>, whole and padded (per-sequence lengths), against the float64
/// <see cref="ReferenceModel"/> run over each sequence's real steps, and, bit for bit, against the same sequence
/// alone with other padding. Every layer kind: LSTM (lock-step), GRU of both bias conventions, Dense per step and
/// after the last step, Dropout, GoBackwards and Bidirectional. In the Kernel category, so CI runs it on every SIMD path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ModelBatchTests(ITestOutputHelper log)
{
    public static TheoryData<string> Models() => ModelTests.Models();

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictBatchMatchesReferenceAndPredict(string name)
    {
        var (model, reference) = ModelTests.Create(name, seed: 50);
        model.LoadWeights(reference.Weights);
        int batch = 6, seqIn = model.Steps * model.Input, seqOut = model.OutputLength;
        var inputs = TestData.Inputs(batch * seqIn, seed: 17, amplitude: 4f);
        var outputs = new float[batch * seqOut];
        model.PredictBatch(inputs, outputs, batch);
        var one = new float[seqOut];
        for (int q = 0; q < batch; q++)
        {
            var x = inputs.AsSpan(q * seqIn, seqIn);
            AssertClose.Within(reference.Run(x, model.Steps).Predict, outputs.AsSpan(q * seqOut, seqOut), $"{name}.PredictBatch sequence {q}", log: q == 0 ? log : null);
            model.Predict(x, one);
            AssertClose.Within(one.Select(v => (double)v).ToArray(), outputs.AsSpan(q * seqOut, seqOut), $"{name}.PredictBatch vs Predict, sequence {q}");
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PaddedBatchIsEachSequenceAloneAndMatchesReference(string name)
    {
        var (model, reference) = ModelTests.Create(name, seed: 51);
        model.LoadWeights(reference.Weights);
        int steps = model.Steps, input = model.Input, seqOut = model.OutputLength;
        bool sequences = seqOut == steps * model.Output && seqOut != model.Output;
        var lengths = PaddedBatches.Lengths(steps);
        CheckPadded(name, model, lengths, (x, length) =>
        {
            var expected = new double[seqOut];
            if (length > 0)
                reference.Run(x, length).Predict.CopyTo(expected, 0); // every real step then zeros, or the last real step
            return length > 0 || sequences ? expected : null;
        });
    }

    [Fact]
    public void PaddedBidirectionalBatchMatchesReference()
    {
        var forward0 = (Lstm)RandomLstm(3, 5, seed: 61, returnSequences: true);
        var backward0 = (Lstm)RandomLstm(3, 5, seed: 62, returnSequences: true);
        var forward1 = (Lstm)RandomLstm(10, 4, seed: 63, returnSequences: true);
        var backward1 = (Lstm)RandomLstm(10, 4, seed: 64, returnSequences: true);
        var dense = (Dense)RandomDense(8, 2, seed: 65, Activation.Tanh);
        var model = new BatchBidir();
        model.LoadWeights(new ModelWeights(Both(forward0, backward0), Both(forward1, backward1), dense.Weights));

        CheckPadded(nameof(BatchBidir), model, PaddedBatches.Lengths(BatchBidir.Steps), (x, length) =>
        {
            if (length == 0)
                return null;
            // Layer 0: per real step [forward | backward], the backward run over the real steps reversed.
            var every = Bidirectional(forward0, backward0, x, length);
            var sequence = every.SelectMany(v => v).Select(v => (float)v).ToArray();
            // Layer 1: both directions' h after the last real step; then the Dense.
            var last = Bidirectional(forward1, backward1, sequence, length);
            var h = Enumerable.Range(0, 8).Select(j => (float)(j < 4 ? last[length - 1][j] : last[0][j])).ToArray();
            return new ReferenceModel(8, new Layer[] { dense }).Run(h, 1).Predict;
        });
    }

    [Fact]
    public void PaddedGoBackwardsBatchMatchesReference()
    {
        var lstm = (Lstm)RandomLstm(3, 4, seed: 71, returnSequences: true);
        var dense = RandomDense(4, 2, seed: 72, Activation.Tanh);
        var seq = new BackwardsSeq();
        seq.LoadWeights(new ModelWeights(lstm.Weights, dense.Weights));
        // Keras go_backwards: the real steps read last first, the output in that order, then zeros.
        CheckPadded(nameof(BackwardsSeq), seq, PaddedBatches.Lengths(BackwardsSeq.Steps), (x, length) =>
        {
            var expected = new double[BackwardsSeq.OutputLength];
            if (length > 0)
                new ReferenceModel(3, new[] { lstm, dense }).Run(Sequences.ReverseSteps(x, 3), length).Predict.CopyTo(expected, 0);
            return expected;
        });

        var lastLayer = (Lstm)RandomLstm(3, 9, seed: 73, returnSequences: false);
        var last = new BackwardsLast();
        last.LoadWeights(new ModelWeights(lastLayer.Weights));
        CheckPadded(nameof(BackwardsLast), last, PaddedBatches.Lengths(BackwardsLast.Steps), (x, length) =>
            length == 0 ? new double[9] : new ReferenceModel(3, new Layer[] { lastLayer }).Run(Sequences.ReverseSteps(x, 3), length).Predict);
    }

    /// <summary>
    /// Runs a padded batch with <paramref name="lengths"/>, then checks each sequence: bit for bit what it gives alone
    /// with other padding, and within 1e-5 of <paramref name="expected"/> (from the sequence's real steps and its length;
    /// null to skip).
    /// </summary>
    private void CheckPadded(string name, ILstmModel model, int[] lengths, Func<float[], int, double[]?> expected)
    {
        int steps = model.Steps, input = model.Input, seqIn = steps * input, seqOut = model.OutputLength, batch = lengths.Length;
        var inputs = PaddedBatches.Inputs(input, steps, lengths, seed: 19, PaddedBatches.Padding);
        var outputs = new float[batch * seqOut];
        model.PredictBatch(inputs, outputs, batch, lengths);
        var otherPadding = new[] { -PaddedBatches.Padding, 0f, 0.5f };
        for (int q = 0; q < batch; q++)
        {
            int length = lengths[q];
            var real = inputs.AsSpan(q * seqIn, length * input).ToArray();
            var mine = outputs.AsSpan(q * seqOut, seqOut).ToArray();
            var aloneInputs = PaddedBatches.Inputs(input, steps, new[] { length }, seed: 20, otherPadding[q % otherPadding.Length]);
            real.CopyTo(aloneInputs, 0);
            var alone = new float[seqOut];
            model.PredictBatch(aloneInputs, alone, 1, new[] { length });
            Assert.Equal(alone, mine);
            if (length == steps)
            {
                var whole = new float[seqOut];
                model.Predict(real, whole);
                AssertClose.Within(whole.Select(v => (double)v).ToArray(), mine, $"{name} sequence {q} vs Predict");
            }
            if (expected(real, length) is { } reference)
                AssertClose.Within(reference, mine, $"{name} sequence {q} (length {length} of {steps})", log: q == 0 ? log : null);
        }
    }

    private static BidirectionalWeights Both(Lstm forward, Lstm backward) =>
        new((LstmWeights)forward.Weights, (LstmWeights)backward.Weights);

    // A bidirectional layer over `length` real steps of x: per step [forward h | backward h], the backward direction run
    // over the reversed steps and its outputs put back in step order.
    internal static double[][] Bidirectional(Lstm forward, Lstm backward, float[] x, int length)
    {
        int input = forward.Input;
        var real = x.AsSpan(0, length * input).ToArray();
        var f = new ReferenceModel(input, new Layer[] { forward }).Run(real, length).PerStep;
        var b = new ReferenceModel(input, new Layer[] { backward }).Run(Sequences.ReverseSteps(real, input), length).PerStep;
        return Enumerable.Range(0, length).Select(t => f[t].Concat(b[length - 1 - t]).ToArray()).ToArray();
    }

    [Fact]
    public void ArgumentsAreChecked()
    {
        var (model, reference) = ModelTests.Create(nameof(KerasTwoStyle), seed: 1);
        var inputs = new float[2 * KerasTwoStyle.Steps * KerasTwoStyle.Input];
        var outputs = new float[2 * KerasTwoStyle.OutputLength];
        Assert.Throws<InvalidOperationException>(() => model.PredictBatch(inputs, outputs, 2));
        model.LoadWeights(reference.Weights);

        var ex = Assert.Throws<ArgumentException>(() => model.PredictBatch(new float[53], outputs, 2));
        Assert.Equal("inputs", ex.ParamName);
        Assert.Contains("expected batch·Steps·Input = 2·9·3 = 54 floats ([2, 9, 3]), got 53", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => model.PredictBatch(inputs, new float[5], 2));
        Assert.Equal("outputs", ex.ParamName);
        Assert.Contains("expected batch·OutputLength = 2·3 = 6 floats ([2, 3]), got 5", ex.Message);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictBatch(inputs, outputs, 0)).ParamName);
        ex = Assert.Throws<ArgumentException>(() => model.PredictBatch(inputs, outputs, 2, new[] { 9 }));
        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("expected batch = 2 lengths, got 1", ex.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictBatch(inputs, outputs, 2, new[] { 9, 10 }));
        Assert.Equal("lengths", range.ParamName);
        Assert.Contains("lengths[1]: expected 0 to steps = 9, got 10", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.PredictBatch(inputs, outputs, 2, new[] { -1, 9 }));
    }
}

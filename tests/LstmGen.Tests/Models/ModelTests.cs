using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>
/// Generated models (TestModels.cs) against the float64 <see cref="ReferenceModel"/>: Predict and streaming Step,
/// every activation, odd sizes; LoadWeights' all-or-nothing checks. In the Kernel category, so CI reruns them on
/// the Vector128 and scalar paths.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ModelTests(ITestOutputHelper log)
{
    private static ReferenceModel Fashion(int seed) => new(28, new[]
    {
        RandomLstm(28, 128, seed, returnSequences: true),
        RandomLstm(128, 64, seed + 1, returnSequences: false),
        RandomDense(64, 10, seed + 2, Activation.Softmax),
    });

    private static ReferenceModel OddMixedReference(int seed) => new(5, new[]
    {
        RandomDense(5, 9, seed, Activation.Tanh),
        RandomLstm(9, 11, seed + 1, returnSequences: true),
        RandomDense(11, 6, seed + 2, Activation.Relu),
        RandomLstm(6, 3, seed + 3, returnSequences: true, Activation.Relu, Activation.HardSigmoid),
        RandomDense(3, 4, seed + 4, Activation.Sigmoid),
    });

    private static ReferenceModel KerasTwoStyleReference(int seed) => new(3, new[]
    {
        RandomLstm(3, 13, seed, returnSequences: true, recurrent: Activation.HardSigmoidKeras2),
        RandomDense(13, 17, seed + 1, Activation.HardSigmoid),
        RandomDense(17, 5, seed + 2, Activation.HardSigmoidKeras2),
        RandomLstm(5, 2, seed + 3, returnSequences: false, Activation.Relu, Activation.HardSigmoidKeras2),
        RandomDense(2, 3, seed + 4, Activation.Linear),
    });

    private static ReferenceModel MixedRecurrentReference(int seed) => new(6, new[]
    {
        RandomGru(6, 10, seed, returnSequences: true),
        RandomLstm(10, 7, seed + 1, returnSequences: true),
        RandomGru(7, 3, seed + 2, returnSequences: true, Activation.Relu, Activation.HardSigmoid),
        RandomDense(3, 9, seed + 3, Activation.Tanh),
        RandomGru(9, 17, seed + 4, returnSequences: false),
        RandomDense(17, 4, seed + 5, Activation.Softmax),
    });

    private static ReferenceModel ResetBeforeMixedReference(int seed) => new(19, new[]
    {
        RandomGruBefore(19, 9, seed, returnSequences: true),
        RandomLstm(9, 5, seed + 1, returnSequences: true),
        RandomGruBefore(5, 17, seed + 2, returnSequences: true, Activation.Relu, Activation.HardSigmoid),
        RandomGru(17, 4, seed + 3, returnSequences: true),
        RandomGruBefore(4, 3, seed + 4, returnSequences: false),
        RandomDense(3, 4, seed + 5, Activation.Softmax),
    });

    private static ReferenceModel ResetBeforeWideReference(int seed) => new(4, new[]
    {
        RandomGruBefore(4, 20, seed, returnSequences: true),
        RandomGruBefore(20, 1, seed + 1, returnSequences: true),
    });

    public static TheoryData<string> Models() => new()
    {
        nameof(FashionClassifier), nameof(OddMixed), nameof(KerasTwoStyle), nameof(MixedRecurrent), nameof(ResetBeforeMixed), nameof(ResetBeforeWide),
    };

    internal static (ILstmModel Model, ReferenceModel Reference) Create(string name, int seed) => name switch
    {
        nameof(FashionClassifier) => (new FashionClassifier(), Fashion(seed)),
        nameof(OddMixed) => (new OddMixed(), OddMixedReference(seed)),
        nameof(KerasTwoStyle) => (new KerasTwoStyle(), KerasTwoStyleReference(seed)),
        nameof(MixedRecurrent) => (new MixedRecurrent(), MixedRecurrentReference(seed)),
        nameof(ResetBeforeMixed) => (new ResetBeforeMixed(), ResetBeforeMixedReference(seed)),
        nameof(ResetBeforeWide) => (new ResetBeforeWide(), ResetBeforeWideReference(seed)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictAndStepMatchReference(string name)
    {
        var (model, reference) = Create(name, seed: 40);
        model.LoadWeights(reference.Weights);
        // Inputs up to ±4 drive the gates and the hard sigmoids into (and out of) their clamps.
        var input = TestData.Inputs(model.Steps * model.Input, seed: 7, amplitude: 4f);
        var (expected, perStep) = reference.Run(input, model.Steps);

        var output = new float[model.OutputLength];
        model.Predict(input, output);
        AssertClose.Within(expected, output, $"{name}.Predict", log: log);

        model.ResetState();
        var y = new float[model.Output];
        var streamed = new double[model.Steps][];
        for (int t = 0; t < model.Steps; t++)
        {
            model.Step(input.AsSpan(t * model.Input, model.Input), y);
            streamed[t] = y.Select(v => (double)v).ToArray();
        }
        AssertClose.Within(perStep.SelectMany(v => v).ToArray(), streamed.SelectMany(v => v).ToArray(), $"{name}.Step (every step)", log: log);

        // Predict again after streaming: from a zero state, so the same output as before.
        var again = new float[model.OutputLength];
        model.Predict(input, again);
        Assert.Equal(output, again);
    }

    /// <summary>
    /// FashionClassifier's LSTMs (Units 128 and 64) walk W_hh in alternating directions in Step, which sums in a
    /// different order on every other call. ResetState and SetState must start the walks forwards again: after an
    /// odd number of steps, a reset (or a zero state set) model must give a fresh model's outputs bit for bit.
    /// </summary>
    [Theory]
    [InlineData("ResetState")]
    [InlineData("SetState")]
    public void StepAfterAResetIsBitIdenticalToAFreshModel(string reset)
    {
        var weights = Fashion(seed: 70).Weights;
        var fresh = new FashionClassifier();
        var reused = new FashionClassifier();
        fresh.LoadWeights(weights);
        reused.LoadWeights(weights);
        var xs = TestData.Inputs(6 * FashionClassifier.Input, seed: 71, amplitude: 3f);
        Action resetReused = reset == "ResetState" ? reused.ResetState : () => reused.SetState(new float[FashionClassifier.StateLength]);
        ResetCheck.AssertBitIdenticalAfterReset(fresh.Step, reused.Step, resetReused, FashionClassifier.Input, FashionClassifier.Output, xs, reset);
    }

    /// <summary>
    /// Predict's final state (per recurrent layer h, then c for an LSTM) after 7 steps, an odd count. Each layer
    /// returns every step here, so its final h is its last output row: the reference of the first layer alone
    /// gives the LSTM's, the whole reference the GRU's.
    /// </summary>
    [Fact]
    public void FinalStateAfterAnOddStepCountIsTheLastHiddenState()
    {
        var lstm = RandomLstm(3, 5, seed: 60, returnSequences: true);
        var gru = RandomGru(5, 4, seed: 61, returnSequences: true);
        var model = new OddStepStates();
        model.LoadWeights(new ReferenceModel(3, new[] { lstm, gru }).Weights);
        var input = TestData.Inputs(OddStepStates.Steps * OddStepStates.Input, seed: 9, amplitude: 2f);
        var lstmOut = new ReferenceModel(3, new[] { lstm }).Run(input, OddStepStates.Steps).Predict;
        var gruOut = new ReferenceModel(3, new[] { lstm, gru }).Run(input, OddStepStates.Steps).Predict;

        var output = new float[OddStepStates.OutputLength];
        var final = new float[OddStepStates.StateLength];
        model.Predict(input, output, ReadOnlySpan<float>.Empty, final);
        Assert.Equal(5 + 5 + 4, OddStepStates.StateLength);
        AssertClose.Within(lstmOut.AsSpan(lstmOut.Length - 5), final.AsSpan(0, 5), "LSTM final h", log: log);
        AssertClose.Within(gruOut.AsSpan(gruOut.Length - 4), final.AsSpan(10, 4), "GRU final h", log: log);
    }

    /// <summary>
    /// reset_after=False GRUs from a non-zero initial state: Predict with initialState/finalState agrees with Step
    /// after SetState (every step's output and the final h), and the reference run step by step from that state.
    /// </summary>
    [Fact]
    public void ResetBeforeStateInAndOut()
    {
        var first = (KerasGruBefore)RandomGruBefore(4, 20, seed: 70, returnSequences: true);
        var model = new ResetBeforeWide();
        model.LoadWeights(new ReferenceModel(4, new[] { first, RandomGruBefore(20, 1, seed: 71, returnSequences: true) }).Weights);
        var input = TestData.Inputs(ResetBeforeWide.Steps * ResetBeforeWide.Input, seed: 12, amplitude: 4f);
        var initial = TestData.Inputs(ResetBeforeWide.StateLength, seed: 13, amplitude: 0.9f);
        Assert.Equal(20 + 1, ResetBeforeWide.StateLength);

        var output = new float[ResetBeforeWide.OutputLength];
        var final = new float[ResetBeforeWide.StateLength];
        model.Predict(input, output, initial, final);
        model.SetState(initial);
        var y = new float[ResetBeforeWide.Output];
        var streamed = new double[ResetBeforeWide.OutputLength];
        for (int t = 0; t < ResetBeforeWide.Steps; t++)
        {
            model.Step(input.AsSpan(t * 4, 4), y);
            streamed[t] = y[0];
        }
        AssertClose.Within(output.Select(v => (double)v).ToArray(), streamed, "ResetBeforeWide Step from a state vs Predict", log: log);
        var state = new float[ResetBeforeWide.StateLength];
        model.GetState(state);
        AssertClose.Within(final.Select(v => (double)v).ToArray(), state, "ResetBeforeWide final state", log: log);

        // The first layer's h after the last step, from the reference started at the same h.
        var h = initial.Take(20).Select(v => (double)v).ToArray();
        var reference = new ReferenceModel(4, new Layer[] { first });
        double[] last = Array.Empty<double>();
        for (int t = 0; t < ResetBeforeWide.Steps; t++)
            last = reference.StepFrom(input.AsSpan(t * 4, 4), h);
        AssertClose.Within(last, final.AsSpan(0, 20), "ResetBeforeWide layer 0 final h vs reference", log: log);
    }

    /// <summary>
    /// GoBackwards against the reference run forward over an input the test reverses itself: Keras's go_backwards
    /// output is the processing order, so it equals that run's output unchanged.
    /// </summary>
    [Fact]
    public void GoBackwardsMatchesReferenceOnReversedInput()
    {
        var lstm = (Lstm)RandomLstm(3, 4, seed: 5, returnSequences: true);
        var dense = RandomDense(4, 2, seed: 6, Activation.Tanh);
        var input = TestData.Inputs(5 * 3, seed: 8, amplitude: 3f);
        var reversed = Sequences.ReverseSteps(input, 3);

        var seq = new BackwardsSeq();
        seq.LoadWeights(new ModelWeights(lstm.Weights, dense.Weights));
        var output = new float[BackwardsSeq.OutputLength];
        seq.Predict(input, output);
        AssertClose.Within(new ReferenceModel(3, new[] { lstm, dense }).Run(reversed, 5).Predict, output, "BackwardsSeq.Predict", log: log);

        var last = (Lstm)RandomLstm(3, 9, seed: 7, returnSequences: false);
        var lastModel = new BackwardsLast();
        lastModel.LoadWeights(new ModelWeights(last.Weights));
        var h = new float[9];
        lastModel.Predict(input, h);
        AssertClose.Within(new ReferenceModel(3, new[] { last }).Run(reversed, 5).Predict, h, "BackwardsLast.Predict", log: log);
    }

    [Fact]
    public void ClassifierOutputIsADistribution()
    {
        var (model, reference) = Create(nameof(FashionClassifier), seed: 3);
        model.LoadWeights(reference.Weights);
        var output = new float[FashionClassifier.OutputLength];
        model.Predict(TestData.Inputs(28 * 28, seed: 5, amplitude: 1f), output);
        Assert.Equal(1.0, output.Sum(v => (double)v), 5);
        Assert.All(output, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void ConstantsDescribeTheModel()
    {
        Assert.Equal((28, 28, 10, 10, 3), (FashionClassifier.Input, FashionClassifier.Steps, FashionClassifier.Output,
            FashionClassifier.OutputLength, FashionClassifier.LayerCount));
        // Keras counts: 4·128·(28+128+1) + 4·64·(128+64+1) + 10·(64+1).
        Assert.Equal(4 * 128 * (28 + 128 + 1) + 4 * 64 * (128 + 64 + 1) + 10 * 65, FashionClassifier.ParameterCount);
        Assert.Equal(FashionClassifier.ParameterCount, Fashion(1).Weights.ParameterCount);
        Assert.Equal((128, 64, 10), (FashionClassifier.Layer0Units, FashionClassifier.Layer1Units, FashionClassifier.Layer2Units));
        Assert.Equal((28, 128, 64), (FashionClassifier.Layer0Input, FashionClassifier.Layer1Input, FashionClassifier.Layer2Input));
        // The last layer of OddMixed yields a sequence: Predict writes every step.
        Assert.Equal(7 * 4, OddMixed.OutputLength);
        Assert.Equal(5, OddMixed.LayerCount); // Dropout takes no weights
    }

    [Fact]
    public void LoadWeightsChecksEveryLayerBeforeCopying()
    {
        var model = new FashionClassifier();
        Assert.Throws<InvalidOperationException>(() => model.Predict(new float[28 * 28], new float[10]));
        Assert.Throws<InvalidOperationException>(() => model.Step(new float[28], new float[10]));

        var good = Fashion(9);
        model.LoadWeights(good.Weights);
        var input = TestData.Inputs(28 * 28, seed: 2, amplitude: 1f);
        var before = new float[10];
        model.Predict(input, before);

        var other = Fashion(77).Weights.Layers;
        // Too few layers.
        var ex = Assert.Throws<ArgumentException>(() => model.LoadWeights(new ModelWeights(other.Take(2))));
        Assert.Contains("3 weighted layers", ex.Message);
        Assert.Contains("got 2", ex.Message);
        // Right count, the last layer of the wrong shape: the first two must not have been replaced.
        var wrongHead = DenseWeights.FromPyTorch(64, 11, new float[64 * 11], new float[11]);
        ex = Assert.Throws<ArgumentException>(() => model.LoadWeights(new ModelWeights(other[0], other[1], wrongHead)));
        Assert.Contains("weights.Layers[2]", ex.Message);
        Assert.Contains("Input = 64, Units = 10", ex.Message);
        Assert.Contains("Dense 64 -> 11", ex.Message);
        // Layers swapped: a Dense where an LSTM belongs.
        ex = Assert.Throws<ArgumentException>(() => model.LoadWeights(new ModelWeights(other[2], other[1], other[0])));
        Assert.Contains("weights.Layers[0]", ex.Message);
        Assert.Contains("expects LSTM weights with Input = 28, Units = 128", ex.Message);

        var after = new float[10];
        model.Predict(input, after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void SpanLengthsAreChecked()
    {
        var model = new KerasTwoStyle();
        model.LoadWeights(KerasTwoStyleReference(1).Weights);
        Assert.Contains("27", Assert.Throws<ArgumentException>(() => model.Predict(new float[26], new float[3])).Message);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => model.Predict(new float[27], new float[4])).ParamName);
        Assert.Equal("x", Assert.Throws<ArgumentException>(() => model.Step(new float[2], new float[3])).ParamName);
        Assert.Equal("output", Assert.Throws<ArgumentException>(() => model.Step(new float[3], new float[2])).ParamName);
    }

    [Fact]
    public void PredictLeavesStreamingStateAlone()
    {
        var (model, reference) = Create(nameof(OddMixed), seed: 12);
        model.LoadWeights(reference.Weights);
        var input = TestData.Inputs(7 * 5, seed: 4, amplitude: 2f);
        var (_, perStep) = reference.Run(input, 7);
        var y = new float[OddMixed.Output];
        model.Step(input.AsSpan(0, 5), y);
        model.Predict(TestData.Inputs(7 * 5, seed: 99, amplitude: 2f), new float[OddMixed.OutputLength]);
        model.Step(input.AsSpan(5, 5), y);
        AssertClose.Within(perStep[1], y, "Step after an interleaved Predict", log: log);
    }
}

using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>
/// RecurrentWeights on model layers (TestModels.cs): Predict, streaming Step and PredictBatch against the float64
/// <see cref="ReferenceModel"/> run on W_hh as the kernels store it, quantised or rounded here independently of
/// LstmLayout (<see cref="Int8WeightTests.Quantised"/>, <see cref="HalfWeightTests.Round"/>), so the kernels' own
/// arithmetic must stay within 1e-5; LoadWeights refusing recurrent weights that do not fit, naming the layer, and
/// keeping the previous weights; no allocation per call. In the Kernel category, so CI runs it on every SIMD path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class RecurrentPrecisionModelTests(ITestOutputHelper log)
{
    private const WeightPrecision F32 = WeightPrecision.Single, I8 = WeightPrecision.Int8,
        F16 = WeightPrecision.Half, BF16 = WeightPrecision.BFloat16;

    private static ReferenceModel Int8StackReference(int seed) => new(11, new[]
    {
        RandomLstm(11, 29, seed, returnSequences: true),
        RandomGruBefore(29, 30, seed + 1, returnSequences: true),
        RandomGru(30, 17, seed + 2, returnSequences: true),
        RandomLstm(17, 94, seed + 3, returnSequences: true),
        RandomLstm(94, 64, seed + 4, returnSequences: false),
        RandomDense(64, 10, seed + 5, Activation.Softmax),
    });

    private static ReferenceModel UnboundedReference(int seed) => new(5, new[]
    {
        RandomLstm(5, 13, seed, returnSequences: true, Activation.Relu),
        RandomGruBefore(13, 9, seed + 1, returnSequences: true, Activation.Relu, Activation.HardSigmoid),
        RandomGru(9, 6, seed + 2, returnSequences: true, Activation.Linear),
        RandomLstm(6, 7, seed + 3, returnSequences: false, Activation.Linear, Activation.HardSigmoidKeras2),
        RandomDense(7, 3, seed + 4, Activation.Linear),
    });

    private static ReferenceModel SixteenBitReference(int seed) => new(6, new[]
    {
        RandomLstm(6, 20, seed, returnSequences: true),
        RandomGruBefore(20, 11, seed + 1, returnSequences: true),
        RandomGru(11, 9, seed + 2, returnSequences: true),
        RandomLstm(9, 3, seed + 3, returnSequences: false),
        RandomDense(3, 4, seed + 4, Activation.Tanh),
    });

    public static TheoryData<string> Models() => new() { nameof(Int8Stack), nameof(UnboundedQuantised), nameof(SixteenBitStack) };

    // The model, its reference on the float32 weights it is given, and each layer's declared RecurrentWeights.
    private static (ILstmModel Model, ReferenceModel Reference, WeightPrecision[] Precisions) Create(string name, int seed) => name switch
    {
        nameof(Int8Stack) => (new Int8Stack(), Int8StackReference(seed), new[] { I8, I8, I8, I8, I8, F32 }),
        nameof(UnboundedQuantised) => (new UnboundedQuantised(), UnboundedReference(seed), new[] { I8, I8, BF16, BF16, F32 }),
        nameof(SixteenBitStack) => (new SixteenBitStack(), SixteenBitReference(seed), new[] { F16, F16, F16, BF16, F32 }),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The reference with every layer's W_hh as its precision stores it.</summary>
    private static ReferenceModel Stored(ReferenceModel m, WeightPrecision[] precisions) =>
        new(m.Input, m.Layers.Select((l, k) => Stored(l, precisions[k])));

    private static Layer Stored(Layer layer, WeightPrecision p)
    {
        if (p == F32)
            return layer;
        // W_hh as rows of `units` weights, one per output unit and gate.
        float[] Rows(float[] w, int units) =>
            p == I8 ? Int8WeightTests.Quantised(w, units) : Array.ConvertAll(w, v => HalfWeightTests.Round(v, p));
        return layer switch
        {
            Lstm l => l with { WHh = Rows(l.WHh, l.Units) },
            Gru g => g with { WHh = Rows(g.WHh, g.Units) },
            // Keras's recurrent kernel [U, 3U] holds one W_hh row per column: quantised as the rows of its transpose.
            KerasGruBefore b => b with { Recurrent = Transpose(Rows(Transpose(b.Recurrent, b.Units, 3 * b.Units), b.Units), 3 * b.Units, b.Units) },
            _ => throw new ArgumentException($"{layer} has no W_hh"),
        };
    }

    // [rows, columns] → [columns, rows].
    private static float[] Transpose(float[] a, int rows, int columns)
    {
        var t = new float[a.Length];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                t[c * rows + r] = a[r * columns + c];
        return t;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void PredictStepAndBatchMatchReferenceOnStoredWeights(string name)
    {
        var (model, reference, precisions) = Create(name, seed: 80);
        model.LoadWeights(reference.Weights);
        var stored = Stored(reference, precisions);
        int steps = model.Steps, seqIn = steps * model.Input, seqOut = model.OutputLength;
        var input = TestData.Inputs(seqIn, seed: 8, amplitude: 4f);
        var (expected, perStep) = stored.Run(input, steps);

        var output = new float[seqOut];
        model.Predict(input, output);
        AssertClose.Within(expected, output, $"{name}.Predict", log: log);
        // The storage must show: against the float32 weights the outputs move by more than the tolerance, so this test
        // would fail if a layer ran on float32 W_hh.
        double change = expected.Zip(reference.Run(input, steps).Predict, (a, b) => Math.Abs(a - b)).Max();
        log.WriteLine($"{name}: the stored W_hh moves Predict by {change:E2} from the float32-weight reference");
        Assert.True(change > AssertClose.Tolerance, $"{name}: stored W_hh changes Predict by only {change:E2}");

        model.ResetState();
        var y = new float[model.Output];
        var streamed = new double[steps][];
        for (int t = 0; t < steps; t++)
        {
            model.Step(input.AsSpan(t * model.Input, model.Input), y);
            streamed[t] = y.Select(v => (double)v).ToArray();
        }
        AssertClose.Within(perStep.SelectMany(v => v).ToArray(), streamed.SelectMany(v => v).ToArray(), $"{name}.Step (every step)", log: log);

        const int batch = 5; // a lock-step group of four and a group of one
        var inputs = TestData.Inputs(batch * seqIn, seed: 18, amplitude: 4f);
        var outputs = new float[batch * seqOut];
        model.PredictBatch(inputs, outputs, batch);
        for (int q = 0; q < batch; q++)
            AssertClose.Within(stored.Run(inputs.AsSpan(q * seqIn, seqIn), steps).Predict, outputs.AsSpan(q * seqOut, seqOut),
                $"{name}.PredictBatch sequence {q}", log: q == 0 ? log : null);
    }

    [Fact]
    public void BidirectionalInt8MatchesReferenceOnQuantisedWeights()
    {
        var forward0 = (Lstm)RandomLstm(4, 6, seed: 91, returnSequences: true);
        var backward0 = (Lstm)RandomLstm(4, 6, seed: 92, returnSequences: true);
        var forward1 = (Lstm)RandomLstm(12, 29, seed: 93, returnSequences: true);
        var backward1 = (Lstm)RandomLstm(12, 29, seed: 94, returnSequences: true);
        var dense = (Dense)RandomDense(58, 3, seed: 95, Activation.Linear);
        var model = new Int8Bidir();
        model.LoadWeights(new ModelWeights(Both(forward0, backward0), Both(forward1, backward1), dense.Weights));
        static Lstm Q(Lstm l) => (Lstm)Stored(l, I8);

        const int batch = 3, steps = Int8Bidir.Steps, seqIn = steps * Int8Bidir.Input;
        var inputs = TestData.Inputs(batch * seqIn, seed: 96, amplitude: 3f);
        var outputs = new float[batch * Int8Bidir.OutputLength];
        model.PredictBatch(inputs, outputs, batch);
        var output = new float[Int8Bidir.OutputLength];
        for (int q = 0; q < batch; q++)
        {
            var x = inputs.AsSpan(q * seqIn, seqIn).ToArray();
            // Layer 0: per step [forward | backward]; layer 1: the forward h after the last step, the backward h after the
            // first (its last step); then the Dense.
            var sequence = ModelBatchTests.Bidirectional(Q(forward0), Q(backward0), x, steps).SelectMany(v => v).Select(v => (float)v).ToArray();
            var last = ModelBatchTests.Bidirectional(Q(forward1), Q(backward1), sequence, steps);
            var h = Enumerable.Range(0, 58).Select(j => (float)(j < 29 ? last[steps - 1][j] : last[0][j])).ToArray();
            var expected = new ReferenceModel(58, new Layer[] { dense }).Run(h, 1).Predict;
            model.Predict(x, output);
            AssertClose.Within(expected, output, $"Int8Bidir.Predict sequence {q}", log: q == 0 ? log : null);
            AssertClose.Within(expected, outputs.AsSpan(q * Int8Bidir.OutputLength, Int8Bidir.OutputLength), $"Int8Bidir.PredictBatch sequence {q}");
        }
    }

    private static BidirectionalWeights Both(Lstm forward, Lstm backward) => new((LstmWeights)forward.Weights, (LstmWeights)backward.Weights);

    [Fact]
    public void NonFiniteInt8WeightIsRefusedNamingTheLayerAndOldWeightsStay()
    {
        var model = new Int8Stack();
        model.LoadWeights(Int8StackReference(20).Weights);
        var input = TestData.Inputs(Int8Stack.Steps * Int8Stack.Input, seed: 21, amplitude: 2f);
        var before = new float[Int8Stack.OutputLength];
        model.Predict(input, before);

        var bad = Int8StackReference(22);
        ((Gru)bad.Layers[2]).WHh[5 * 17 + 3] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => model.LoadWeights(bad.Weights));
        Assert.Equal("weights", e.ParamName);
        Assert.StartsWith($"weights.Layers[2]: weight_hh[5, 3] = {float.NaN} (row 5) is not finite", e.Message);

        var after = new float[Int8Stack.OutputLength];
        model.Predict(input, after);
        Assert.Equal(before, after);
    }

    [Fact]
    public void BidirectionalAndHalfRefusalsNameTheLayer()
    {
        var bidir = new Int8Bidir();
        var backward = (Lstm)RandomLstm(12, 29, seed: 2, returnSequences: true);
        backward.WHh[7] = float.PositiveInfinity;
        var e = Assert.Throws<ArgumentException>(() => bidir.LoadWeights(new ModelWeights(
            Both((Lstm)RandomLstm(4, 6, seed: 3, returnSequences: true), (Lstm)RandomLstm(4, 6, seed: 4, returnSequences: true)),
            Both((Lstm)RandomLstm(12, 29, seed: 5, returnSequences: true), backward),
            RandomDense(58, 3, seed: 6, Activation.Linear).Weights)));
        Assert.StartsWith($"weights.Layers[1].Backward: weight_hh[0, 7] = {float.PositiveInfinity} (row 0) is not finite", e.Message);
        Assert.Throws<InvalidOperationException>(() => bidir.Predict(new float[Int8Bidir.Steps * Int8Bidir.Input], new float[Int8Bidir.OutputLength]));

        var sixteen = new SixteenBitStack();
        var weights = SixteenBitReference(7);
        ((Gru)weights.Layers[2]).WHh[4 * 9 + 1] = 1e5f;
        e = Assert.Throws<ArgumentException>(() => sixteen.LoadWeights(weights.Weights));
        Assert.StartsWith("weights.Layers[2]: weight_hh[4, 1] = 100000 is beyond Half's range (±65504)", e.Message);
    }

    [Fact]
    public void PredictAndStepAllocateNothing()
    {
        var stack = new Int8Stack();
        stack.LoadWeights(Int8StackReference(30).Weights);
        var sixteen = new SixteenBitStack();
        sixteen.LoadWeights(SixteenBitReference(31).Weights);
        var bidir = new Int8Bidir();
        bidir.LoadWeights(new ModelWeights(
            Both((Lstm)RandomLstm(4, 6, seed: 32, returnSequences: true), (Lstm)RandomLstm(4, 6, seed: 33, returnSequences: true)),
            Both((Lstm)RandomLstm(12, 29, seed: 34, returnSequences: true), (Lstm)RandomLstm(12, 29, seed: 35, returnSequences: true)),
            RandomDense(58, 3, seed: 36, Activation.Linear).Weights));

        var x = TestData.Inputs(Int8Stack.Steps * Int8Stack.Input, seed: 1, amplitude: 1f);
        var y = new float[Int8Stack.OutputLength];
        var state = new float[Int8Stack.StateLength];
        var step = new float[Int8Stack.Output];
        var sx = TestData.Inputs(SixteenBitStack.Steps * SixteenBitStack.Input, seed: 2, amplitude: 1f);
        var sy = new float[SixteenBitStack.OutputLength];
        var sStep = new float[SixteenBitStack.Output];
        var bx = TestData.Inputs(Int8Bidir.Steps * Int8Bidir.Input, seed: 3, amplitude: 1f);
        var by = new float[Int8Bidir.OutputLength];
        void Work()
        {
            stack.Predict(x, y);
            stack.Predict(x, y, state, state);
            stack.Step(x.AsSpan(0, Int8Stack.Input), step);
            stack.Step(x.AsSpan(Int8Stack.Input, Int8Stack.Input), step); // the alternating layer's backward walk too
            stack.ResetState();
            sixteen.Predict(sx, sy);
            sixteen.Step(sx.AsSpan(0, SixteenBitStack.Input), sStep);
            bidir.Predict(bx, by);
        }
        Assert.Equal(0, SteadyStateAllocations.Measure(200, Work));
    }
}

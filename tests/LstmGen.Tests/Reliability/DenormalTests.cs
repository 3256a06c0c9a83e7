using System.Collections.Generic;
using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>
/// Denormal inputs, weights and states (docs/reliability.md): the kernels flush every denormal (0 &lt; |v| &lt; 2^-126) to
/// zero where it enters a product, so a denormal input gives exactly the result of a zero in its place, a zero-bias layer
/// fed denormals computes exact zeros (the float64 result of zeros) instead of a denormal state, and a state decaying
/// towards zero never holds a denormal. Generated layers (float32, Half and BFloat16 W_hh), LstmKernel and models (LSTM,
/// GRU, Dense). In the Kernel category, so CI reruns them on the Vector256, Vector128 and scalar paths.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class DenormalTests(ITestOutputHelper log)
{
    // Denormals of both signs and of several sizes, down to the smallest (2^-149).
    private static readonly float[] Denormals = { 1e-39f, -5e-42f, 1.4e-45f, -1.1e-38f, 3e-40f, -1.4e-45f };

    public static IEnumerable<object[]> Layers() =>
        new[]
        {
            nameof(Odd11x29x7Seq), nameof(Fashion28x128x28), nameof(OneUnit5x1x6Seq), nameof(Variable3x24Seq),
            nameof(Odd11x29x7SeqHalf), nameof(Odd11x29x7SeqBFloat16), nameof(LstmKernel),
        }.Select(name => new object[] { name });

    // LstmKernel runs Variable3x24Seq's shape: any number of steps, every hidden state.
    private static (ILstmBatchLayer Layer, int Steps, bool Sequences) Create(string name, LstmWeights weights) => name switch
    {
        nameof(Odd11x29x7Seq) => (Loaded(new Odd11x29x7Seq(), weights), Odd11x29x7Seq.Steps, true),
        nameof(Fashion28x128x28) => (Loaded(new Fashion28x128x28(), weights), Fashion28x128x28.Steps, false),
        nameof(OneUnit5x1x6Seq) => (Loaded(new OneUnit5x1x6Seq(), weights), OneUnit5x1x6Seq.Steps, true),
        nameof(Variable3x24Seq) => (Loaded(new Variable3x24Seq(), weights), 0, true),
        nameof(Odd11x29x7SeqHalf) => (Loaded(new Odd11x29x7SeqHalf(), weights), Odd11x29x7SeqHalf.Steps, true),
        nameof(Odd11x29x7SeqBFloat16) => (Loaded(new Odd11x29x7SeqBFloat16(), weights), Odd11x29x7SeqBFloat16.Steps, true),
        nameof(LstmKernel) => (new LstmKernel(weights), 0, true),
        _ => throw new ArgumentException(name),
    };

    private static (int Input, int Units) Shape(string name) => name switch
    {
        nameof(Odd11x29x7Seq) or nameof(Odd11x29x7SeqHalf) or nameof(Odd11x29x7SeqBFloat16) => (11, 29),
        nameof(Fashion28x128x28) => (28, 128),
        nameof(OneUnit5x1x6Seq) => (5, 1),
        nameof(Variable3x24Seq) or nameof(LstmKernel) => (3, 24),
        _ => throw new ArgumentException(name),
    };

    private static ILstmBatchLayer Loaded(ILstmBatchLayer layer, LstmWeights weights)
    {
        layer.LoadWeights(weights);
        return layer;
    }

    // TestLstm's weights; `zeroBias` clears both biases and quarters W_hh, so that with zero input the state decays to 0.
    // For a 16-bit layer, W_hh is made exactly representable in its precision (Half by .NET's conversion, BFloat16 by
    // dropping the low 16 bits), so the float64 reference runs on the weights the layer holds.
    private static TestLstm Weights(string name, int seed, bool zeroBias)
    {
        var (input, units) = Shape(name);
        var model = new TestLstm(input, units, seed);
        if (zeroBias)
        {
            Array.Clear(model.BiasIh);
            Array.Clear(model.BiasHh);
        }
        for (int k = 0; k < model.WeightHh.Length; k++)
        {
            float w = zeroBias ? model.WeightHh[k] * 0.25f : model.WeightHh[k];
            model.WeightHh[k] = name.EndsWith("Half", StringComparison.Ordinal) ? (float)(Half)w
                : name.EndsWith("BFloat16", StringComparison.Ordinal) ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(w) & unchecked((int)0xFFFF0000))
                : w;
        }
        return model;
    }

    /// <summary>Every third value replaced by a denormal; and the same values with zeros there instead.</summary>
    private static (float[] WithDenormals, float[] WithZeros) Sprinkle(float[] values)
    {
        var denormal = (float[])values.Clone();
        var zero = (float[])values.Clone();
        for (int k = 0; k < values.Length; k += 3)
        {
            denormal[k] = Denormals[k / 3 % Denormals.Length];
            zero[k] = 0f;
        }
        Assert.Contains(denormal, float.IsSubnormal);
        return (denormal, zero);
    }

    private static float[] AllDenormal(int count) => Enumerable.Range(0, count).Select(k => Denormals[k % Denormals.Length]).ToArray();

    private static void AssertNoDenormal(ReadOnlySpan<float> values, string what)
    {
        for (int k = 0; k < values.Length; k++)
            Assert.False(float.IsSubnormal(values[k]), $"{what}: element {k} is the denormal {values[k]:E3}");
    }

    private static void AssertBitwiseEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(actual[k]),
                $"{what}: element {k} is {actual[k]:R}, with zeros for the denormals {expected[k]:R}");
    }

    // Forward, ForwardBatch (5 sequences) and a run of Steps on `input` (steps·Input floats per sequence, 5 sequences).
    private static (float[] Forward, float[] Batch, float[] Steps) RunAll(ILstmBatchLayer layer, float[] inputs, int steps, bool sequences)
    {
        int seqIn = steps * layer.Input, seqOut = sequences ? steps * layer.Units : layer.Units;
        var forward = new float[seqOut];
        layer.Forward(inputs.AsSpan(0, seqIn), forward);
        var batch = new float[5 * seqOut];
        layer.ForwardBatch(inputs, batch, 5);
        var stepped = new float[steps * layer.Units];
        layer.ResetState();
        for (int t = 0; t < steps; t++)
            layer.Step(inputs.AsSpan(t * layer.Input, layer.Input), stepped.AsSpan(t * layer.Units, layer.Units));
        return (forward, batch, stepped);
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void DenormalInputsGiveExactlyTheResultOfZeros(string name)
    {
        var weights = Weights(name, seed: name.Length * 13 + 1, zeroBias: false);
        var (layer, steps, sequences) = Create(name, weights.Weights);
        steps = steps > 0 ? steps : 9;
        var (denormal, zero) = Sprinkle(TestData.Inputs(5 * steps * layer.Input, seed: 2, amplitude: 1.5f));

        var expected = RunAll(layer, zero, steps, sequences);
        var actual = RunAll(layer, denormal, steps, sequences);
        AssertBitwiseEqual(expected.Forward, actual.Forward, $"{name} Forward");
        AssertBitwiseEqual(expected.Batch, actual.Batch, $"{name} ForwardBatch");
        AssertBitwiseEqual(expected.Steps, actual.Steps, $"{name} Step");

        // And that result is the float64 reference's for the zeros.
        var reference = weights.Reference().Sequence(zero.AsSpan(0, steps * layer.Input));
        AssertClose.Within(sequences ? reference : reference[^layer.Units..], actual.Forward, $"{name} Forward against float64", log: log);
        AssertClose.Within(reference, actual.Steps, $"{name} Step against float64");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void ZeroBiasLayerGivesExactZerosForDenormalInputsAndWeights(string name)
    {
        // All inputs denormal: with no bias the float64 result of the flushed input is exactly 0, where unflushed float32
        // arithmetic would carry denormal gate sums, c and h.
        var weights = Weights(name, seed: name.Length * 7 + 3, zeroBias: true);
        var (layer, steps, sequences) = Create(name, weights.Weights);
        steps = steps > 0 ? steps : 9;
        var all = RunAll(layer, AllDenormal(5 * steps * layer.Input), steps, sequences);
        foreach (var (what, values) in new[] { ("Forward", all.Forward), ("ForwardBatch", all.Batch), ("Step", all.Steps) })
            Assert.True(values.All(v => v == 0f), $"{name} {what} of denormal inputs: {values.Count(v => v != 0f)} values are not 0, e.g. {values.FirstOrDefault(v => v != 0f):E3}");

        // Denormal input weights on normal inputs: packed as zeros, so again h = 0 exactly.
        for (int k = 0; k < weights.WeightIh.Length; k++)
            weights.WeightIh[k] = Denormals[k % Denormals.Length];
        (layer, _, _) = Create(name, weights.Weights);
        all = RunAll(layer, TestData.Inputs(5 * steps * layer.Input, seed: 4, amplitude: 1f), steps, sequences);
        foreach (var (what, values) in new[] { ("Forward", all.Forward), ("ForwardBatch", all.Batch), ("Step", all.Steps) })
            Assert.True(values.All(v => v == 0f), $"{name} {what} with denormal W_ih: {values.Count(v => v != 0f)} values are not 0, e.g. {values.FirstOrDefault(v => v != 0f):E3}");
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void ZeroBiasStateDecaysToZeroWithoutDenormals(string name)
    {
        // A normal warm-up, then silence: the float64 state decays geometrically through the denormal range to below
        // 1e-38 and on; the kernels' h must follow it and never be denormal on the way.
        const int WarmUp = 8, Silence = 400;
        var weights = Weights(name, seed: name.Length * 5 + 2, zeroBias: true);
        var (layer, _, _) = Create(name, weights.Weights);
        var reference = weights.Reference();
        var h = new float[layer.Units];
        for (int t = 0; t < WarmUp + Silence; t++)
        {
            var x = t < WarmUp ? TestData.Inputs(layer.Input, seed: 30 + t, amplitude: 2f) : new float[layer.Input];
            layer.Step(x, h);
            reference.Step(x);
            AssertNoDenormal(h, $"{name} Step {t}");
            AssertClose.Within(reference.H, h, $"{name} Step {t}");
            if (t == WarmUp - 1)
                Assert.True(h.Any(v => Math.Abs(v) > 1e-3), $"{name}: the warm-up left h near zero already");
        }
        double left = reference.H.Max(Math.Abs);
        Assert.True(left < 1e-45, $"{name}: the float64 state is still {left:E2} after {Silence} silent steps; the test needs it to decay");
        Assert.True(h.All(v => v == 0f), $"{name}: h is not exactly 0 after the decay: {h.FirstOrDefault(v => v != 0f):E3}");

        // Forward over the same decay (every hidden state), where the layer takes any number of steps.
        if (Create(name, weights.Weights) is (var sequenceLayer, 0, true))
        {
            var input = new float[(WarmUp + Silence) * layer.Input];
            for (int t = 0; t < WarmUp; t++)
                TestData.Inputs(layer.Input, seed: 30 + t, amplitude: 2f).CopyTo(input, t * layer.Input);
            var output = new float[(WarmUp + Silence) * layer.Units];
            sequenceLayer.Forward(input, output);
            AssertNoDenormal(output, $"{name} Forward");
            AssertClose.Within(weights.Reference().Sequence(input), output, $"{name} Forward", log: log);
            var batch = new float[2 * output.Length];
            sequenceLayer.ForwardBatch(input.Concat(input).ToArray(), batch, 2);
            AssertNoDenormal(batch, $"{name} ForwardBatch");
        }
    }

    // Models: LSTM → GRU, and GRU/LSTM stacks with Dense layers (relu, hard sigmoid, tanh, softmax), all biases zero.
    public static IEnumerable<object[]> Models() => new[] { nameof(OddStepStates), nameof(MixedRecurrent) }.Select(name => new object[] { name });

    private static (ILstmModel Model, ReferenceModel Reference) CreateModel(string name)
    {
        var (model, reference) = name switch
        {
            nameof(OddStepStates) => ((ILstmModel)new OddStepStates(), new ReferenceModel(3, new[]
            {
                RandomLstm(3, 5, 4, returnSequences: true), RandomGru(5, 4, 5, returnSequences: true),
            })),
            nameof(MixedRecurrent) => (new MixedRecurrent(), new ReferenceModel(6, new[]
            {
                RandomGru(6, 10, 1, returnSequences: true), RandomLstm(10, 7, 2, returnSequences: true),
                RandomGru(7, 3, 3, returnSequences: true, Activation.Relu, Activation.HardSigmoid), RandomDense(3, 9, 4, Activation.Tanh),
                RandomGru(9, 17, 5, returnSequences: false), RandomDense(17, 4, 6, Activation.Softmax),
            })),
            _ => throw new ArgumentException(name),
        };
        foreach (var layer in reference.Layers)
            switch (layer)
            {
                case Lstm l: Quiet(l.BIh, l.BHh, l.WHh); break;
                case Gru g: Quiet(g.BIh, g.BHh, g.WHh); break;
                case Dense d: Array.Clear(d.B); break;
            }
        model.LoadWeights(reference.Weights);
        return (model, reference);

        static void Quiet(float[] bIh, float[] bHh, float[] wHh)
        {
            Array.Clear(bIh);
            Array.Clear(bHh);
            for (int k = 0; k < wHh.Length; k++)
                wHh[k] *= 0.25f;
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ModelTreatsDenormalInputsAsZeros(string name)
    {
        var (model, reference) = CreateModel(name);
        int steps = model.Steps;
        var denormal = AllDenormal(steps * model.Input);
        var zero = new float[denormal.Length];
        var expected = new float[model.OutputLength];
        var actual = new float[model.OutputLength];
        model.Predict(zero, expected);
        model.Predict(denormal, actual);
        AssertBitwiseEqual(expected, actual, $"{name} Predict");
        AssertClose.Within(reference.Run(zero, steps).Predict, actual, $"{name} Predict against float64", log: log);

        var y = new float[model.Output];
        var yZero = new float[model.Output];
        for (int t = 0; t < steps; t++)
        {
            model.Step(denormal.AsSpan(t * model.Input, model.Input), y);
            AssertNoDenormal(y, $"{name} Step {t}");
        }
        model.ResetState();
        for (int t = 0; t < steps; t++)
            model.Step(zero.AsSpan(t * model.Input, model.Input), yZero);
        AssertBitwiseEqual(yZero, y, $"{name} last Step");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ModelStateDecaysToZeroWithoutDenormals(string name)
    {
        // From a normal initial state (every layer's h, and c), silence: Predict after Predict, each starting from the
        // last one's final state, until the state is 0. No h or c may be denormal on the way.
        var (model, _) = CreateModel(name);
        var state = TestData.Inputs(model.StateLength, seed: 8, amplitude: 0.9f);
        var next = new float[model.StateLength];
        var silence = new float[model.Steps * model.Input];
        var output = new float[model.OutputLength];
        int calls = 0;
        for (; calls < 200 && state.Any(v => v != 0f); calls++)
        {
            model.Predict(silence, output, state, next);
            AssertNoDenormal(next, $"{name} final state of Predict {calls}");
            AssertNoDenormal(output, $"{name} output of Predict {calls}");
            (state, next) = (next, state);
        }
        Assert.True(state.All(v => v == 0f), $"{name}: the state is not 0 after {calls} silent Predict calls: {state.Max(Math.Abs):E3}");
        log.WriteLine($"{name}: the state reached 0 after {calls} Predict calls of {model.Steps} steps ({SimdPath.Active} path)");
    }
}

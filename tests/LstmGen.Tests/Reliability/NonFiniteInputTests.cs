using System.Collections.Generic;
using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>
/// NaN and ±∞ in the input (docs/reliability.md): layers and models follow IEEE arithmetic on the LSTM equations, as
/// the float64 reference does. NaN reaches every unit of h and c and stays in a streaming state until ResetState; a
/// lone ±∞ saturates the gates (σ(±∞) = 1 or 0, tanh(±∞) = ±1) and h stays finite; +∞ and −∞ together meet in the
/// gate sums as ∞ − ∞ = NaN. Forward and ForwardBatch start from zero every call, so one bad sequence harms only itself.
/// In the Kernel category, so CI reruns them on the Vector256, Vector128 and scalar paths.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class NonFiniteInputTests(ITestOutputHelper log)
{
    // The non-finite values put into one step's input: at one feature, or +∞ and −∞ at two.
    public enum Bad { NaN, PositiveInfinity, NegativeInfinity, BothInfinities }

    public static IEnumerable<object[]> LayerCases() =>
        from name in new[] { nameof(Odd11x29x7Seq), nameof(Fashion28x128x28), nameof(Alternating7x47x9Seq), nameof(OneUnit5x1x6Seq) }
        from bad in Enum.GetValues<Bad>()
        select new object[] { name, bad };

    private static (ILstmBatchLayer Layer, int Steps, bool Sequences) Create(string name) => name switch
    {
        nameof(Odd11x29x7Seq) => (new Odd11x29x7Seq(), Odd11x29x7Seq.Steps, true),
        nameof(Fashion28x128x28) => (new Fashion28x128x28(), Fashion28x128x28.Steps, false),
        nameof(Alternating7x47x9Seq) => (new Alternating7x47x9Seq(), Alternating7x47x9Seq.Steps, true),
        nameof(OneUnit5x1x6Seq) => (new OneUnit5x1x6Seq(), OneUnit5x1x6Seq.Steps, true),
        _ => throw new ArgumentException(name),
    };

    // The generated layer and LstmKernel, both on one set of TestLstm weights: every case runs on both.
    private static (TestLstm Model, int Steps, bool Sequences, ILstmBatchLayer[] Layers) Setup(string name, int seed)
    {
        var (generated, steps, sequences) = Create(name);
        var model = new TestLstm(generated.Input, generated.Units, seed);
        generated.LoadWeights(model.Weights);
        return (model, steps, sequences, new ILstmBatchLayer[] { generated, new LstmKernel(model.Weights) });
    }

    /// <summary>Puts <paramref name="bad"/> into step <paramref name="step"/> of the sequence at <paramref name="offset"/>.</summary>
    private static void Spoil(float[] values, int offset, int input, int step, Bad bad)
    {
        int at = offset + step * input + input / 2;
        switch (bad)
        {
            case Bad.NaN: values[at] = float.NaN; break;
            case Bad.PositiveInfinity: values[at] = float.PositiveInfinity; break;
            case Bad.NegativeInfinity: values[at] = float.NegativeInfinity; break;
            default:
                Assert.True(input >= 2, "two infinities need two features");
                values[offset + step * input] = float.PositiveInfinity;
                values[offset + step * input + 1] = float.NegativeInfinity;
                break;
        }
    }

    /// <summary>
    /// Each value as the float64 reference has it: NaN where it is NaN, the same infinity where it is infinite, else
    /// within the kernels' tolerance. Returns how many values were NaN.
    /// </summary>
    private static int AssertIeee(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        int nan = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            if (double.IsNaN(expected[k]))
            {
                Assert.True(float.IsNaN(actual[k]), $"{what}: element {k} is {actual[k]}, the float64 reference has NaN");
                nan++;
            }
            else if (double.IsInfinity(expected[k]))
                Assert.True(actual[k] == expected[k], $"{what}: element {k} is {actual[k]}, the float64 reference has {expected[k]}");
            else
            {
                Assert.True(float.IsFinite(actual[k]), $"{what}: element {k} is {actual[k]}, the float64 reference has {expected[k]}");
                Assert.True(Math.Abs(actual[k] - expected[k]) <= AssertClose.Tolerance,
                    $"{what}: element {k} is {actual[k]}, expected {expected[k]} (|diff| = {Math.Abs(actual[k] - expected[k]):E2})");
            }
        }
        return nan;
    }

    // What the reference says of a spoiled step: NaN everywhere from that step on, or (a lone infinity) nowhere.
    private static void AssertExpectedPattern(Bad bad, int nan, int total, string what)
    {
        if (bad == Bad.NaN)
            Assert.True(nan == total, $"{what}: {nan} of {total} values NaN; NaN must reach every unit");
        else if (bad != Bad.BothInfinities)
            Assert.True(nan == 0, $"{what}: {nan} of {total} values NaN; a lone infinity only saturates the gates");
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void ForwardAndForwardBatchFollowTheReference(string name, Bad bad)
    {
        var (model, steps, sequences, layers) = Setup(name, seed: name.Length * 31 + 5);
        foreach (ILstmBatchLayer layer in layers)
        {
            string what = $"{(layer is LstmKernel ? "LstmKernel" : name)} with {bad}";
            int seqIn = steps * layer.Input, seqOut = sequences ? steps * layer.Units : layer.Units;
            int spoiltStep = steps / 2;

            // Forward: one sequence with the bad value.
            var input = TestData.Inputs(seqIn, seed: 3, amplitude: 2f);
            Spoil(input, 0, layer.Input, spoiltStep, bad);
            var all = model.Reference().Sequence(input);
            var expected = sequences ? all : all[^layer.Units..];
            var output = new float[seqOut];
            layer.Forward(input, output);
            int nan = AssertIeee(expected, output, $"{what}: Forward");
            int fromSpoilt = sequences ? (steps - spoiltStep) * layer.Units : layer.Units;
            AssertExpectedPattern(bad, nan, fromSpoilt, $"{what}: Forward");

            // The next Forward starts from zero again.
            var clean = TestData.Inputs(seqIn, seed: 4, amplitude: 2f);
            layer.Forward(clean, output);
            var cleanAll = model.Reference().Sequence(clean);
            AssertIeee(sequences ? cleanAll : cleanAll[^layer.Units..], output, $"{what}: Forward after a spoilt one");

            // ForwardBatch of five: only sequence 2 (in the first group of four, computed in lock-step) is spoilt.
            const int Batch = 5, Spoilt = 2;
            var inputs = TestData.Inputs(Batch * seqIn, seed: 6, amplitude: 2f);
            Spoil(inputs, Spoilt * seqIn, layer.Input, spoiltStep, bad);
            var outputs = new float[Batch * seqOut];
            layer.ForwardBatch(inputs, outputs, Batch);
            for (int b = 0; b < Batch; b++)
            {
                var sequence = model.Reference().Sequence(inputs.AsSpan(b * seqIn, seqIn));
                int n = AssertIeee(sequences ? sequence : sequence[^layer.Units..], outputs.AsSpan(b * seqOut, seqOut), $"{what}: ForwardBatch sequence {b}");
                if (b == Spoilt)
                    AssertExpectedPattern(bad, n, fromSpoilt, $"{what}: ForwardBatch sequence {b}");
                else
                    Assert.True(n == 0, $"{what}: ForwardBatch sequence {b} has {n} NaN though only sequence {Spoilt} was spoilt");
            }
            log.WriteLine($"{what}: Forward has {nan} NaN of {seqOut} values ({SimdPath.Active} path)");
        }
    }

    [Theory]
    [MemberData(nameof(LayerCases))]
    public void StepCarriesNaNUntilResetState(string name, Bad bad)
    {
        var (model, steps, sequences, layers) = Setup(name, seed: name.Length * 37 + 1);
        foreach (ILstmBatchLayer layer in layers)
        {
            string what = $"{(layer is LstmKernel ? "LstmKernel" : name)} Step with {bad}";
            int input = layer.Input, units = layer.Units;
            const int Steps = 8, SpoiltStep = 3;
            var xs = TestData.Inputs(Steps * input, seed: 9, amplitude: 2f);
            Spoil(xs, 0, input, SpoiltStep, bad);
            var reference = model.Reference();
            var h = new float[units];
            bool poisoned = false;
            for (int t = 0; t < Steps; t++)
            {
                layer.Step(xs.AsSpan(t * input, input), h);
                reference.Step(xs.AsSpan(t * input, input));
                int nan = AssertIeee(reference.H, h, $"{what}: step {t}");
                if (t >= SpoiltStep)
                    AssertExpectedPattern(bad, nan, units, $"{what}: step {t}");
                poisoned |= nan > 0;
                if (t == SpoiltStep + 1)
                {
                    // Forward neither reads nor changes the streaming state, poisoned or not.
                    var sequence = TestData.Inputs(steps * input, seed: 10, amplitude: 1f);
                    var output = new float[sequences ? steps * units : units];
                    layer.Forward(sequence, output);
                    var all = model.Reference().Sequence(sequence);
                    AssertIeee(sequences ? all : all[^units..], output, $"{what}: Forward between steps");
                }
            }
            Assert.Equal(bad is Bad.NaN or Bad.BothInfinities, poisoned);

            // ResetState clears NaN: the next steps are the reference's from a zero state.
            layer.ResetState();
            reference.Reset();
            for (int t = 0; t < 3; t++)
            {
                var x = TestData.Inputs(input, seed: 20 + t, amplitude: 2f);
                layer.Step(x, h);
                reference.Step(x);
                AssertClose.Within(reference.H, h, $"{what}: step {t} after ResetState");
            }
        }
    }

    // Models (TestModels.cs): the softmax classifier of two stacked LSTMs, and LSTM → GRU streaming.
    public static IEnumerable<object[]> ModelCases() =>
        from name in new[] { nameof(FashionClassifier), nameof(OddStepStates) }
        from bad in Enum.GetValues<Bad>()
        select new object[] { name, bad };

    private static (ILstmModel Model, ReferenceModel Reference) CreateModel(string name) => name switch
    {
        nameof(FashionClassifier) => (new FashionClassifier(), new ReferenceModel(28, new[]
        {
            RandomLstm(28, 128, 1, returnSequences: true), RandomLstm(128, 64, 2, returnSequences: false), RandomDense(64, 10, 3, Activation.Softmax),
        })),
        nameof(OddStepStates) => (new OddStepStates(), new ReferenceModel(3, new[]
        {
            RandomLstm(3, 5, 4, returnSequences: true), RandomGru(5, 4, 5, returnSequences: true),
        })),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(ModelCases))]
    public void ModelPredictAndStepFollowTheReference(string name, Bad bad)
    {
        var (model, reference) = CreateModel(name);
        model.LoadWeights(reference.Weights);
        int steps = model.Steps, spoiltStep = steps / 2;
        var input = TestData.Inputs(steps * model.Input, seed: 12, amplitude: 2f);
        Spoil(input, 0, model.Input, spoiltStep, bad);
        var (predict, perStep) = reference.Run(input, steps);

        var output = new float[model.OutputLength];
        model.Predict(input, output);
        int nan = AssertIeee(predict, output, $"{name} Predict with {bad}");

        var y = new float[model.Output];
        int stepNan = 0;
        for (int t = 0; t < steps; t++)
        {
            model.Step(input.AsSpan(t * model.Input, model.Input), y);
            stepNan = AssertIeee(perStep[t], y, $"{name} Step {t} with {bad}");
            if (t >= spoiltStep)
                AssertExpectedPattern(bad, stepNan, model.Output, $"{name} Step {t} with {bad}");
        }
        log.WriteLine($"{name} with {bad}: Predict has {nan} NaN of {output.Length}, the last Step {stepNan} of {y.Length}");

        // ResetState clears the state; Predict never read it.
        model.ResetState();
        var clean = TestData.Inputs(steps * model.Input, seed: 13, amplitude: 2f);
        var (cleanPredict, cleanPerStep) = reference.Run(clean, steps);
        model.Predict(clean, output);
        AssertClose.Within(cleanPredict, output, $"{name} Predict after {bad}");
        model.Step(clean.AsSpan(0, model.Input), y);
        AssertClose.Within(cleanPerStep[0], y, $"{name} first Step after ResetState");
    }
}

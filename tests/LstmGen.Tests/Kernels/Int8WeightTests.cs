namespace LstmGen.Tests;

/// <summary>
/// RecurrentWeights = Int8 on every path: against the float64 reference run on W_hh quantised here, independently of
/// LstmLayout, by the documented rule (so the kernel's own arithmetic must stay within 1e-5), and the accuracy change
/// against PyTorch's float64 outputs on the committed fixtures' original weights.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class Int8WeightTests(ITestOutputHelper log)
{
    public static TheoryData<string> Shapes() => new()
    {
        nameof(Fashion28x128x28Int8), nameof(Odd11x29x7SeqInt8), nameof(Mid3x30x5SeqInt8), nameof(Tiny2x3x4SeqInt8),
        nameof(OneUnit5x1x6Int8), nameof(Wide48x192x3SeqInt8), nameof(Alternating7x94x9SeqInt8),
    };

    private static (ILstmBatchLayer Layer, int Steps, bool Sequences) Create(string name) => name switch
    {
        nameof(Fashion28x128x28Int8) => (new Fashion28x128x28Int8(), Fashion28x128x28Int8.Steps, false),
        nameof(Odd11x29x7SeqInt8) => (new Odd11x29x7SeqInt8(), Odd11x29x7SeqInt8.Steps, true),
        nameof(Mid3x30x5SeqInt8) => (new Mid3x30x5SeqInt8(), Mid3x30x5SeqInt8.Steps, true),
        nameof(Tiny2x3x4SeqInt8) => (new Tiny2x3x4SeqInt8(), Tiny2x3x4SeqInt8.Steps, true),
        nameof(OneUnit5x1x6Int8) => (new OneUnit5x1x6Int8(), OneUnit5x1x6Int8.Steps, false),
        nameof(Wide48x192x3SeqInt8) => (new Wide48x192x3SeqInt8(), Wide48x192x3SeqInt8.Steps, true),
        nameof(Alternating7x94x9SeqInt8) => (new Alternating7x94x9SeqInt8(), Alternating7x94x9SeqInt8.Steps, true),
        _ => throw new ArgumentException(name),
    };

    /// <summary>
    /// W_hh as the Int8 kernel holds it, by WeightPrecision.Int8's rule: per row of [4U, U], s = max|w| / 127 in float32,
    /// q = w / s in float64 rounded to nearest (ties to even), clamped to ±127; the weight is then q·s (0 for a zero row).
    /// </summary>
    public static float[] Quantised(float[] wHh, int units)
    {
        var result = new float[wHh.Length];
        for (int g = 0; g < wHh.Length / units; g++)
        {
            var row = wHh.AsSpan(g * units, units);
            float max = 0;
            foreach (float v in row)
                max = Math.Max(max, Math.Abs(v));
            float s = max / 127f;
            for (int k = 0; k < units; k++)
                result[g * units + k] = s == 0 ? 0f : (float)(Math.Clamp(Math.Round(row[k] / (double)s), -127, 127) * s);
        }
        return result;
    }

    private static ReferenceLstm QuantisedReference(TestLstm m) =>
        new(m.Input, m.Units, m.WeightIh, Quantised(m.WeightHh, m.Units), m.BiasIh, m.BiasHh);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesReferenceOnQuantisedWeights(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: layer.Units + 11);
        layer.LoadWeights(model.Weights);
        foreach (float amplitude in new[] { 1f, 50f })
        {
            var input = TestData.Inputs(steps * layer.Input, seed: steps, amplitude);
            var expectedAll = QuantisedReference(model).Sequence(input);
            var output = new float[sequences ? steps * layer.Units : layer.Units];
            layer.Forward(input, output);
            double err = AssertClose.Within(sequences ? expectedAll : expectedAll[^layer.Units..], output, $"{name} Forward |x| ≤ {amplitude}");
            var exact = model.Reference().Sequence(input);
            double change = MaxDiff(sequences ? exact : exact[^layer.Units..], output);
            log.WriteLine($"{name} Forward |x| ≤ {amplitude}: {err:E2} against the int8-quantised reference; {change:E2} against float32 weights");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBatchMatchesReferenceOnQuantisedWeights(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: layer.Units + 12);
        layer.LoadWeights(model.Weights);
        const int batch = 5; // a full group of four and a group of one
        var inputs = TestData.Inputs(batch * steps * layer.Input, seed: 19, amplitude: 2f);
        int outLength = sequences ? steps * layer.Units : layer.Units;
        var outputs = new float[batch * outLength];
        layer.ForwardBatch(inputs, outputs, batch);
        for (int b = 0; b < batch; b++)
        {
            var all = QuantisedReference(model).Sequence(inputs.AsSpan(b * steps * layer.Input, steps * layer.Input));
            AssertClose.Within(sequences ? all : all[^layer.Units..], outputs.AsSpan(b * outLength, outLength), $"{name} ForwardBatch sequence {b}");
        }
    }

    [Theory]
    [InlineData(64)]
    [InlineData(94)] // alternating directions; 94 = 4·23 + 2 leaves a half-filled last packed row
    public void StepMatchesReferenceOnQuantisedWeights(int units)
    {
        ILstmLayer layer = units == 64 ? new Stream1x64Int8() : new Stream1x94Int8();
        var model = new TestLstm(1, units, seed: 5);
        layer.LoadWeights(model.Weights);
        var reference = QuantisedReference(model);
        var xs = TestData.Inputs(60, seed: 6, amplitude: 4f);
        var h = new float[units];
        double worst = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            if (t == 40)
            {
                layer.ResetState();
                reference.Reset();
            }
            layer.Step(xs.AsSpan(t, 1), h);
            reference.Step(xs.AsSpan(t, 1));
            worst = Math.Max(worst, AssertClose.Within(reference.H, h, $"Stream1x{units} Int8 Step {t}"));
        }
        log.WriteLine($"Stream1x{units} Int8 Step x{xs.Length}: max abs error {worst:E2}");
    }

    [Fact]
    public void AllZeroAndSingleWeightRowsAreExact()
    {
        // A zero row (scale 0) and rows with one nonzero weight (q = ±127, the weight exactly): W_hh is then held
        // exactly, so the kernel must match the float64 reference on the original weights.
        var model = new TestLstm(11, 29, seed: 3);
        Array.Clear(model.WeightHh);
        for (int g = 1; g < 4 * 29; g += 2)
            model.WeightHh[g * 29 + g % 29] = (g % 3 == 0 ? -1 : 1) * 0.37f * (1 + g % 5);
        var layer = new Odd11x29x7SeqInt8();
        layer.LoadWeights(model.Weights);
        var input = TestData.Inputs(7 * 11, seed: 4, amplitude: 2f);
        var output = new float[7 * 29];
        layer.Forward(input, output);
        AssertClose.Within(model.Reference().Sequence(input), output, "Odd11x29x7SeqInt8 on exactly representable W_hh");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteRecurrentWeightIsRefusedAndOldWeightsStay(float bad)
    {
        var layer = new Odd11x29x7SeqInt8();
        var model = new TestLstm(11, 29, seed: 1);
        layer.LoadWeights(model.Weights);
        var input = TestData.Inputs(7 * 11, seed: 2, amplitude: 1f);
        var before = new float[7 * 29];
        layer.Forward(input, before);

        var wHh = (float[])model.WeightHh.Clone();
        wHh[3 * 29 + 5] = bad;
        var weights = LstmWeights.FromPyTorch(11, 29, model.WeightIh, wHh, model.BiasIh, model.BiasHh);
        var e = Assert.Throws<ArgumentException>(() => layer.LoadWeights(weights));
        Assert.Contains($"weight_hh[3, 5] = {bad}", e.Message);
        Assert.Contains("row 3", e.Message);

        var after = new float[7 * 29];
        layer.Forward(input, after);
        Assert.Equal(before, after);
    }

    /// <summary>
    /// The accuracy change on PyTorch's fixtures: each layer of an Int8 kernel fed PyTorch's own input to that layer
    /// (the fixture's x, or the previous layer's float64 output), its output against PyTorch's float64 output from the
    /// original weights. The figures are the ones docs/layers.md quotes; the bound is loose (int8 moves h by ~1e-3).
    /// </summary>
    [Fact]
    public void AccuracyAgainstPyTorchOnTheOriginalWeights()
    {
        var cases = new (string Fixture, int Layer, Func<ILstmLayer> Int8, Func<ILstmLayer> Single)[]
        {
            ("lstm_odd", 0, () => new Odd11x29x7SeqInt8(), () => new TfOdd11x29x7()),
            ("lstm_stack2", 0, () => new Torch4x20Int8(), () => new Torch4x20()),
            ("lstm_stack2", 1, () => new Torch20x20Int8(), () => new Torch20x20()),
            ("lstm_stack3", 0, () => new Torch3x8Int8(), () => new Torch3x8()),
            ("lstm_stack3", 1, () => new Torch8x8Int8(), () => new Torch8x8()),
            ("lstm_stack3", 2, () => new Torch8x8Int8(), () => new Torch8x8()),
            ("lstm_prefixed", 0, () => new Torch6x13Int8(), () => new Torch6x13()),
            ("lstm_nobias", 0, () => new Torch5x9Int8(), () => new Torch5x9()),
        };
        foreach (var (fixture, k, int8, single) in cases)
        {
            var m = TorchFixtures.Find(fixture);
            var x = (k == 0 ? TorchFixtures.ReadCsv($"{fixture}_x.csv", m.Input) : TorchFixtures.ReadCsv($"{fixture}_y_l{k - 1}.csv", m.Hidden))
                .Select(v => (float)v).ToArray();
            var expected = TorchFixtures.ReadCsv($"{fixture}_y_l{k}.csv", m.Hidden);
            var weights = LstmWeights.LoadSafetensors(Fixture.Path("torch", fixture + ".safetensors"), layer: k);
            double Error(ILstmLayer layer)
            {
                layer.LoadWeights(weights);
                var y = new float[expected.Length];
                layer.Forward(x, y);
                return MaxDiff(expected, y);
            }
            double eSingle = Error(single()), eInt8 = Error(int8());
            log.WriteLine($"{fixture} layer {k} ({m.Input}→{m.Hidden}, {m.Steps} steps, {m.SafetensorsDType}): max abs error against PyTorch float64, float32 W_hh {eSingle:E2}, Int8 W_hh {eInt8:E2}");
            Assert.True(eSingle <= 1e-5, $"{fixture} layer {k} float32 kernel: {eSingle:E2}");
            Assert.True(eInt8 <= 2e-2, $"{fixture} layer {k} Int8 kernel: {eInt8:E2}");
            Assert.True(eInt8 > eSingle, $"{fixture} layer {k}: the quantisation must show ({eInt8:E2} ≤ {eSingle:E2})");
        }
    }

    private static double MaxDiff(double[] expected, float[] actual) => expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
}

// The PyTorch fixtures' layer shapes, any number of steps, every step's h; float32 and Int8 W_hh.
[LstmLayer(Input = 4, Units = 20, ReturnSequences = true)] public partial class Torch4x20 { }
[LstmLayer(Input = 20, Units = 20, ReturnSequences = true)] public partial class Torch20x20 { }
[LstmLayer(Input = 3, Units = 8, ReturnSequences = true)] public partial class Torch3x8 { }
[LstmLayer(Input = 8, Units = 8, ReturnSequences = true)] public partial class Torch8x8 { }
[LstmLayer(Input = 6, Units = 13, ReturnSequences = true)] public partial class Torch6x13 { }
[LstmLayer(Input = 5, Units = 9, ReturnSequences = true)] public partial class Torch5x9 { }
[LstmLayer(Input = 4, Units = 20, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch4x20Int8 { }
[LstmLayer(Input = 20, Units = 20, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch20x20Int8 { }
[LstmLayer(Input = 3, Units = 8, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch3x8Int8 { }
[LstmLayer(Input = 8, Units = 8, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch8x8Int8 { }
[LstmLayer(Input = 6, Units = 13, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch6x13Int8 { }
[LstmLayer(Input = 5, Units = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Torch5x9Int8 { }

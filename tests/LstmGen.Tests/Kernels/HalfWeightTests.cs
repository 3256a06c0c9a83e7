namespace LstmGen.Tests;

/// <summary>
/// RecurrentWeights = Half on every path: against the float64 reference run on the same weights with W_hh rounded
/// to Half (so the kernel's own arithmetic must stay within 1e-5), and the accuracy change on real PyTorch fixtures.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class HalfWeightTests(ITestOutputHelper log)
{
    public static TheoryData<string> Shapes() => new()
    {
        nameof(Fashion28x128x28Half), nameof(Odd11x29x7SeqHalf), nameof(Tiny2x3x4SeqHalf), nameof(OneUnit5x1x6Half), nameof(Wide48x192x3SeqHalf),
        nameof(Alternating7x65x9SeqHalf), nameof(Fashion28x128x28BFloat16), nameof(Odd11x29x7SeqBFloat16), nameof(OneUnit5x1x6BFloat16),
    };

    private static (ILstmBatchLayer Layer, int Steps, bool Sequences) Create(string name) => name switch
    {
        nameof(Fashion28x128x28BFloat16) => (new Fashion28x128x28BFloat16(), Fashion28x128x28BFloat16.Steps, false),
        nameof(Odd11x29x7SeqBFloat16) => (new Odd11x29x7SeqBFloat16(), Odd11x29x7SeqBFloat16.Steps, true),
        nameof(OneUnit5x1x6BFloat16) => (new OneUnit5x1x6BFloat16(), OneUnit5x1x6BFloat16.Steps, false),
        nameof(Fashion28x128x28Half) => (new Fashion28x128x28Half(), Fashion28x128x28Half.Steps, false),
        nameof(Odd11x29x7SeqHalf) => (new Odd11x29x7SeqHalf(), Odd11x29x7SeqHalf.Steps, true),
        nameof(Tiny2x3x4SeqHalf) => (new Tiny2x3x4SeqHalf(), Tiny2x3x4SeqHalf.Steps, true),
        nameof(OneUnit5x1x6Half) => (new OneUnit5x1x6Half(), OneUnit5x1x6Half.Steps, false),
        nameof(Wide48x192x3SeqHalf) => (new Wide48x192x3SeqHalf(), Wide48x192x3SeqHalf.Steps, true),
        nameof(Alternating7x65x9SeqHalf) => (new Alternating7x65x9SeqHalf(), Alternating7x65x9SeqHalf.Steps, true),
        _ => throw new ArgumentException(name),
    };

    private static WeightPrecision PrecisionOf(string name) => name.EndsWith("BFloat16", StringComparison.Ordinal) ? WeightPrecision.BFloat16 : WeightPrecision.Half;

    // Rounding written independently of LstmLayout: .NET's own Half conversion, and bfloat16 via double arithmetic
    // (nearest multiple of the value's 2^(e-7) spacing, ties to even: Math.Round's default).
    internal static float Round(float v, WeightPrecision p)
    {
        if (p == WeightPrecision.Half)
            return (float)(Half)v;
        if (v == 0)
            return v;
        double spacing = Math.Pow(2, Math.Floor(Math.Log2(Math.Abs(v))) - 7);
        return (float)(Math.Round(v / spacing) * spacing);
    }

    // The reference on the weights the 16-bit kernel really holds: W_hh rounded, everything else as given.
    private static ReferenceLstm HalfReference(TestLstm m, WeightPrecision p = WeightPrecision.Half) =>
        new(m.Input, m.Units, m.WeightIh, Array.ConvertAll(m.WeightHh, v => Round(v, p)), m.BiasIh, m.BiasHh);

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardMatchesReferenceOnHalfRoundedWeights(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: layer.Units + 7);
        layer.LoadWeights(model.Weights);
        foreach (float amplitude in new[] { 1f, 50f })
        {
            var input = TestData.Inputs(steps * layer.Input, seed: steps, amplitude);
            var expectedAll = HalfReference(model, PrecisionOf(name)).Sequence(input);
            var output = new float[sequences ? steps * layer.Units : layer.Units];
            layer.Forward(input, output);
            double err = AssertClose.Within(sequences ? expectedAll : expectedAll[^layer.Units..], output, $"{name} Forward |x| ≤ {amplitude}");
            // The rounding's own effect, against the full-precision reference (reported, not a pass criterion).
            var exact = model.Reference().Sequence(input);
            double change = MaxDiff(sequences ? exact : exact[^layer.Units..], output);
            log.WriteLine($"{name} Forward |x| ≤ {amplitude}: {err:E2} against the 16-bit-rounded reference; {change:E2} against float32 weights");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ForwardBatchMatchesReferenceOnHalfRoundedWeights(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: layer.Units + 8);
        layer.LoadWeights(model.Weights);
        const int batch = 5; // a full group of four and a group of one
        var inputs = TestData.Inputs(batch * steps * layer.Input, seed: 17, amplitude: 2f);
        int outLength = sequences ? steps * layer.Units : layer.Units;
        var outputs = new float[batch * outLength];
        layer.ForwardBatch(inputs, outputs, batch);
        for (int b = 0; b < batch; b++)
        {
            var all = HalfReference(model, PrecisionOf(name)).Sequence(inputs.AsSpan(b * steps * layer.Input, steps * layer.Input));
            AssertClose.Within(sequences ? all : all[^layer.Units..], outputs.AsSpan(b * outLength, outLength), $"{name} ForwardBatch sequence {b}");
        }
    }

    [Theory]
    [InlineData(WeightPrecision.Half)]
    [InlineData(WeightPrecision.BFloat16)]
    public void StepMatchesReferenceOnHalfRoundedWeights(WeightPrecision precision)
    {
        ILstmLayer layer = precision == WeightPrecision.Half ? new Stream1x64Half() : new Stream1x64BFloat16();
        var model = new TestLstm(1, 64, seed: 5);
        layer.LoadWeights(model.Weights);
        var reference = HalfReference(model, precision);
        var xs = TestData.Inputs(60, seed: 6, amplitude: 4f);
        var h = new float[64];
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
            worst = Math.Max(worst, AssertClose.Within(reference.H, h, $"Stream1x64 {precision} Step {t}"));
        }
        log.WriteLine($"Stream1x64 {precision} Step x{xs.Length}: max abs error {worst:E2}");
    }

    /// <summary>
    /// lstm_stack2's weights were rounded to float16 by PyTorch before it computed the float64 outputs, so a Half kernel
    /// holds them exactly: both layers must match PyTorch within 1e-5, as the float32 kernels do.
    /// </summary>
    [Fact]
    public void Float16PyTorchFixtureIsReproducedExactly()
    {
        var m = TorchFixtures.Find("lstm_stack2");
        var seq = TorchFixtures.ReadCsv("lstm_stack2_x.csv", m.Input).Select(v => (float)v).ToArray();
        ILstmLayer[] layers = { new TfStack2L0Half(), new TfStack2L1Half() };
        for (int k = 0; k < layers.Length; k++)
        {
            layers[k].LoadWeights(LstmWeights.LoadSafetensors(Fixture.Path("torch", "lstm_stack2.safetensors"), layer: k));
            var output = new float[m.Steps * m.Hidden];
            layers[k].Forward(seq, output);
            double err = AssertClose.Within(TorchFixtures.ReadCsv($"lstm_stack2_y_l{k}.csv", m.Hidden), output, $"lstm_stack2 layer {k}");
            log.WriteLine($"lstm_stack2 layer {k} (float16 weights) through a Half kernel: max abs error {err:E2}");
            seq = output;
        }
    }

    /// <summary>
    /// The accuracy change on a real float32 PyTorch model (lstm_odd, LSTM(11, 29), 7 steps): the Half kernel's error
    /// against PyTorch's float64 output, next to the float32 kernel's. The bound is loose on purpose (rounding W_hh to
    /// 11 significant bits moves h by about 1e-4 here); the figures are what the README quotes.
    /// </summary>
    [Fact]
    public void AccuracyChangeOnARealFloat32Fixture()
    {
        var m = TorchFixtures.Find("lstm_odd");
        var x = TorchFixtures.ReadCsv("lstm_odd_x.csv", m.Input).Select(v => (float)v).ToArray();
        var expected = TorchFixtures.ReadCsv("lstm_odd_y_l0.csv", m.Hidden);
        var weights = LstmWeights.LoadSafetensors(Fixture.Path("torch", "lstm_odd.safetensors"));
        double Error(ILstmLayer layer)
        {
            layer.LoadWeights(weights);
            var y = new float[expected.Length];
            layer.Forward(x, y);
            return MaxDiff(expected, y);
        }
        double eSingle = Error(new TfOdd11x29x7()), eHalf = Error(new TfOdd11x29x7Half()), eBf = Error(new Odd11x29x7SeqBFloat16());
        log.WriteLine($"lstm_odd against PyTorch float64: float32 W_hh {eSingle:E2}, Half W_hh {eHalf:E2}, BFloat16 W_hh {eBf:E2}");
        Assert.True(eSingle <= 1e-5, $"float32 kernel: {eSingle:E2}");
        Assert.True(eHalf <= 2e-3, $"Half kernel: {eHalf:E2}");
        Assert.True(eBf <= 5e-3, $"BFloat16 kernel: {eBf:E2}");
        // The rounding must show, or the layers would not be storing 16 bits; bfloat16 keeps 3 bits fewer than Half.
        Assert.True(eHalf > eSingle && eBf > eHalf, "expected float32 < Half < BFloat16 errors");
    }

    [Fact]
    public void WeightBeyondHalfRangeIsRefusedAndOldWeightsStay()
    {
        var layer = new Odd11x29x7SeqHalf();
        var model = new TestLstm(11, 29, seed: 1);
        layer.LoadWeights(model.Weights);
        var input = TestData.Inputs(7 * 11, seed: 2, amplitude: 1f);
        var before = new float[7 * 29];
        layer.Forward(input, before);

        var wHh = (float[])model.WeightHh.Clone();
        wHh[3 * 29 + 5] = 70000f;
        var bad = LstmWeights.FromPyTorch(11, 29, model.WeightIh, wHh, model.BiasIh, model.BiasHh);
        var e = Assert.Throws<ArgumentException>(() => layer.LoadWeights(bad));
        Assert.Contains("weight_hh[3, 5] = 70000", e.Message);
        Assert.Contains("65504", e.Message);

        var after = new float[7 * 29];
        layer.Forward(input, after);
        Assert.Equal(before, after);
    }

    private static double MaxDiff(double[] expected, float[] actual) => expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
}

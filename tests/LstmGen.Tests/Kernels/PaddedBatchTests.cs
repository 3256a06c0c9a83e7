namespace LstmGen.Tests;

/// <summary>
/// A generated layer's <c>ForwardBatch(inputs, outputs, batch, lengths)</c>: a padded batch of sequences of different
/// lengths gives, bit for bit, what each sequence gives on its own cut to its length, and agrees with the float64
/// <see cref="ReferenceLstm"/> on the real steps; padded outputs are zero. In the Kernel category, so CI runs it on
/// every SIMD path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class PaddedBatchTests(ITestOutputHelper log)
{
    public static TheoryData<string> Layers() => new()
    {
        nameof(Fashion28x128x28), nameof(Fashion28x128x28Seq), nameof(Odd11x29x7Seq), nameof(Alternating7x47x9Seq),
        nameof(OneUnit5x1x6), nameof(Variable3x24Seq), nameof(Stream1x8),
    };

    // ForwardBatch over a padded batch (not part of ILstmBatchLayer, which LstmKernel implements too).
    private delegate void PaddedForward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, ReadOnlySpan<int> lengths);

    private static (ILstmBatchLayer Layer, PaddedForward Padded, int Steps, bool Sequences) Create(string name)
    {
        switch (name)
        {
            case nameof(Fashion28x128x28): { var l = new Fashion28x128x28(); return (l, l.ForwardBatch, Fashion28x128x28.Steps, Fashion28x128x28.ReturnSequences); }
            case nameof(Fashion28x128x28Seq): { var l = new Fashion28x128x28Seq(); return (l, l.ForwardBatch, Fashion28x128x28Seq.Steps, Fashion28x128x28Seq.ReturnSequences); }
            case nameof(Odd11x29x7Seq): { var l = new Odd11x29x7Seq(); return (l, l.ForwardBatch, Odd11x29x7Seq.Steps, Odd11x29x7Seq.ReturnSequences); }
            case nameof(Alternating7x47x9Seq): { var l = new Alternating7x47x9Seq(); return (l, l.ForwardBatch, Alternating7x47x9Seq.Steps, Alternating7x47x9Seq.ReturnSequences); }
            case nameof(OneUnit5x1x6): { var l = new OneUnit5x1x6(); return (l, l.ForwardBatch, OneUnit5x1x6.Steps, OneUnit5x1x6.ReturnSequences); }
            // No Steps: any count; 10 here.
            case nameof(Variable3x24Seq): { var l = new Variable3x24Seq(); return (l, l.ForwardBatch, 10, Variable3x24Seq.ReturnSequences); }
            case nameof(Stream1x8): { var l = new Stream1x8(); return (l, l.ForwardBatch, 10, Stream1x8.ReturnSequences); }
            default: throw new ArgumentException(name);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void PaddedBatchIsEachSequenceAloneAndMatchesReference(string name)
    {
        var (layer, padded, steps, sequences) = Create(name);
        var lstm = new TestLstm(layer.Input, layer.Units, seed: 31);
        layer.LoadWeights(lstm.Weights);
        var reference = lstm.Reference();
        int input = layer.Input, units = layer.Units, seqOut = sequences ? steps * units : units;
        var lengths = PaddedBatches.Lengths(steps);
        int batch = lengths.Length;
        var inputs = PaddedBatches.Inputs(input, steps, lengths, seed: 5, PaddedBatches.Padding);
        var outputs = new float[batch * seqOut];
        padded(inputs, outputs, batch, lengths);

        var padding = new float[] { -PaddedBatches.Padding, 0f, 7f };
        for (int q = 0; q < batch; q++)
        {
            int length = lengths[q];
            float[] real = inputs.AsSpan(q * steps * input, length * input).ToArray();
            var mine = outputs.AsSpan(q * seqOut, seqOut).ToArray();

            // Alone, with other padding, through the same call: bit for bit.
            var alone = new float[seqOut];
            var aloneInputs = PaddedBatches.Inputs(input, steps, new[] { length }, seed: 5, padding[q % padding.Length]);
            real.CopyTo(aloneInputs, 0);
            padded(aloneInputs, alone, 1, new[] { length });
            Assert.Equal(alone, mine);

            // A layer without Steps runs the cut sequence itself, unpadded: the same bits again.
            if (steps == 10 && length > 0)
            {
                var cut = new float[sequences ? length * units : units];
                layer.ForwardBatch(real, cut, 1);
                Assert.Equal(cut, mine.AsSpan(0, cut.Length).ToArray());
            }

            // Against float64: the real steps' h, then zeros (every step's output), or the last real h.
            var expected = new double[seqOut];
            if (length > 0)
            {
                var every = reference.Sequence(real);
                if (sequences)
                    every.CopyTo(expected, 0);
                else
                    Array.Copy(every, (length - 1) * units, expected, 0, units);
            }
            AssertClose.Within(expected, mine, $"{name} sequence {q} (length {length} of {steps})", log: q == 0 ? log : null);
        }
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void FullLengthsGiveForwardBatchsBits(string name)
    {
        var (layer, padded, steps, sequences) = Create(name);
        layer.LoadWeights(new TestLstm(layer.Input, layer.Units, seed: 32).Weights);
        int batch = 6, seqOut = sequences ? steps * layer.Units : layer.Units;
        var inputs = TestData.Inputs(batch * steps * layer.Input, seed: 8, amplitude: 3f);
        var plain = new float[batch * seqOut];
        var withLengths = new float[batch * seqOut];
        layer.ForwardBatch(inputs, plain, batch);
        padded(inputs, withLengths, batch, Enumerable.Repeat(steps, batch).ToArray());
        Assert.Equal(plain, withLengths);
    }

    [Fact]
    public void LengthsAreChecked()
    {
        var layer = new Odd11x29x7Seq();
        layer.LoadWeights(new TestLstm(11, 29, seed: 3).Weights);
        var inputs = new float[3 * 7 * 11];
        var outputs = new float[3 * 7 * 29];
        var ex = Assert.Throws<ArgumentException>(() => layer.ForwardBatch(inputs, outputs, 3, new[] { 7, 7 }));
        Assert.Equal("lengths", ex.ParamName);
        Assert.Contains("expected batch = 3 lengths, got 2", ex.Message);
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => layer.ForwardBatch(inputs, outputs, 3, new[] { 7, 8, 1 }));
        Assert.Equal("lengths", range.ParamName);
        Assert.Contains("lengths[1]: expected 0 to steps = 7, got 8", range.Message);
        Assert.Contains("lengths[2]", Assert.Throws<ArgumentOutOfRangeException>(() => layer.ForwardBatch(inputs, outputs, 3, new[] { 0, 7, -1 })).Message);
        Assert.Equal("outputs", Assert.Throws<ArgumentException>(() => layer.ForwardBatch(inputs, new float[5], 3, new[] { 1, 2, 3 })).ParamName);
        Assert.Equal("batch", Assert.Throws<ArgumentOutOfRangeException>(() => layer.ForwardBatch(inputs, outputs, 0, ReadOnlySpan<int>.Empty)).ParamName);
        Assert.Throws<InvalidOperationException>(() => new Odd11x29x7Seq().ForwardBatch(inputs, outputs, 3, new[] { 1, 2, 3 }));
    }
}

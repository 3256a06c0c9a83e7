using System.Collections.Generic;

namespace LstmGen.Tests;

/// <summary>Generated kernels and LstmKernel against the float64 reference, on every path the CPU (or DOTNET_* settings) selects.</summary>
[Trait("Category", "Kernel")]
public sealed class KernelTests(ITestOutputHelper log)
{
    // name, generated layer (fixed steps), steps, returns sequences
    public static IEnumerable<object[]> Shapes() => new[]
    {
        new object[] { nameof(Fashion28x128x28) }, new object[] { nameof(Fashion28x128x28Seq) },
        new object[] { nameof(Odd11x29x7) }, new object[] { nameof(Odd11x29x7Seq) },
        new object[] { nameof(Tiny2x3x4) }, new object[] { nameof(Tiny2x3x4Seq) },
        new object[] { nameof(Wide48x192x3) }, new object[] { nameof(Wide48x192x3Seq) },
        new object[] { nameof(OneUnit5x1x6) }, new object[] { nameof(OneUnit5x1x6Seq) },
        new object[] { nameof(Huge4x2800x2) }, new object[] { nameof(Alternating7x47x9Seq) },
    };

    private static (ILstmLayer Layer, int Steps, bool Sequences) Create(string name) => name switch
    {
        nameof(Fashion28x128x28) => (new Fashion28x128x28(), Fashion28x128x28.Steps, Fashion28x128x28.ReturnSequences),
        nameof(Fashion28x128x28Seq) => (new Fashion28x128x28Seq(), Fashion28x128x28Seq.Steps, Fashion28x128x28Seq.ReturnSequences),
        nameof(Odd11x29x7) => (new Odd11x29x7(), Odd11x29x7.Steps, Odd11x29x7.ReturnSequences),
        nameof(Odd11x29x7Seq) => (new Odd11x29x7Seq(), Odd11x29x7Seq.Steps, Odd11x29x7Seq.ReturnSequences),
        nameof(Tiny2x3x4) => (new Tiny2x3x4(), Tiny2x3x4.Steps, Tiny2x3x4.ReturnSequences),
        nameof(Tiny2x3x4Seq) => (new Tiny2x3x4Seq(), Tiny2x3x4Seq.Steps, Tiny2x3x4Seq.ReturnSequences),
        nameof(Wide48x192x3) => (new Wide48x192x3(), Wide48x192x3.Steps, Wide48x192x3.ReturnSequences),
        nameof(Wide48x192x3Seq) => (new Wide48x192x3Seq(), Wide48x192x3Seq.Steps, Wide48x192x3Seq.ReturnSequences),
        nameof(OneUnit5x1x6) => (new OneUnit5x1x6(), OneUnit5x1x6.Steps, OneUnit5x1x6.ReturnSequences),
        nameof(OneUnit5x1x6Seq) => (new OneUnit5x1x6Seq(), OneUnit5x1x6Seq.Steps, OneUnit5x1x6Seq.ReturnSequences),
        nameof(Huge4x2800x2) => (new Huge4x2800x2(), Huge4x2800x2.Steps, Huge4x2800x2.ReturnSequences),
        nameof(Alternating7x47x9Seq) => (new Alternating7x47x9Seq(), Alternating7x47x9Seq.Steps, Alternating7x47x9Seq.ReturnSequences),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GeneratedForwardMatchesReference(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: name.Length * 7919);
        layer.LoadWeights(model.Weights);
        CheckForward(layer, model, steps, sequences, amplitude: 2f);
        CheckForward(layer, model, steps, sequences, amplitude: 50f); // gates saturate: no NaN, no ∞
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GenericKernelForwardMatchesReference(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: name.Length * 7919 + 1);
        var kernel = new LstmKernel(model.Weights);
        CheckForward(kernel, model, steps, sequences, amplitude: 2f);
        CheckForward(kernel, model, steps, sequences, amplitude: 50f);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GeneratedStepMatchesReference(string name) => CheckStreaming(Create(name).Layer, seed: 3);

    [Fact]
    public void GeneratedStreaming1x8MatchesReference() => CheckStreaming(new Stream1x8(), seed: 11);

    [Theory]
    [InlineData(nameof(Alternating7x47x9Seq))]
    [InlineData(nameof(Fashion28x128x28))]
    [InlineData(nameof(Odd11x29x7))]
    public void StepAfterResetStateIsBitIdenticalToAFreshLayer(string name)
    {
        // Layers with W_hh over 32 KiB walk it in alternating directions (summing in a different order); ResetState
        // must restore the first direction too, or the same inputs after an odd number of steps would round differently.
        var fresh = Create(name).Layer;
        var reused = Create(name).Layer;
        var weights = new TestLstm(fresh.Input, fresh.Units, seed: 29).Weights;
        fresh.LoadWeights(weights);
        reused.LoadWeights(weights);
        var xs = TestData.Inputs(6 * fresh.Input, seed: 30, amplitude: 3f);
        ResetCheck.AssertBitIdenticalAfterReset(fresh.Step, reused.Step, reused.ResetState, fresh.Input, fresh.Units, xs, $"{name} ResetState");
    }

    [Fact]
    public void GenericKernelStreamingMatchesReference()
    {
        foreach (var (input, units) in new[] { (1, 8), (11, 29), (5, 1), (28, 128) })
            CheckStreaming(new LstmKernel(new TestLstm(input, units, 5).Weights), seed: 5);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GeneratedForwardBatchMatchesReference(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: name.Length * 7919 + 2);
        layer.LoadWeights(model.Weights);
        CheckBatches((ILstmBatchLayer)layer, model, steps, sequences);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void GenericKernelForwardBatchMatchesReference(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var model = new TestLstm(layer.Input, layer.Units, seed: name.Length * 7919 + 3);
        CheckBatches(new LstmKernel(model.Weights), model, steps, sequences);
    }

    [Fact]
    public void VariableStepsForwardBatchAcceptsAnyLength()
    {
        var layer = new Variable3x24Seq();
        var model = new TestLstm(3, 24, 19);
        layer.LoadWeights(model.Weights);
        var kernel = new LstmKernel(model.Weights);
        foreach (int steps in new[] { 1, 9 })
        {
            CheckBatch(layer, model, steps, sequences: true, batch: 3, amplitude: 3f, parallel: false);
            CheckBatch(kernel, model, steps, sequences: true, batch: 3, amplitude: 3f, parallel: false);
            CheckBatch(kernel, model, steps, sequences: false, batch: 4, amplitude: 3f, parallel: true);
        }
    }

    [Fact]
    public void ForwardBatchRejectsWrongLengths()
    {
        var layer = new Odd11x29x7();
        layer.LoadWeights(new TestLstm(11, 29, 1).Weights);
        var kernel = new LstmKernel(new TestLstm(11, 29, 1).Weights);
        foreach (ILstmBatchLayer l in new ILstmBatchLayer[] { layer, kernel })
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => l.ForwardBatch(new float[77], new float[29], 0));
            Assert.Throws<ArgumentException>(() => l.ForwardBatch(new float[2 * 77 + 11], new float[2 * 29], 2));
            Assert.Throws<ArgumentException>(() => l.ForwardBatch(new float[2 * 77], new float[2 * 29 + 1], 2));
            Assert.Throws<ArgumentException>(() => l.ForwardBatchParallel(new float[2 * 77], new float[29], 2));
        }
    }

    // Batch sizes below, at and above the kernels' group of four (partial last groups), sequential and parallel, plain and saturating inputs.
    private void CheckBatches(ILstmBatchLayer layer, TestLstm model, int steps, bool sequences)
    {
        foreach (int batch in new[] { 1, 2, 5 })
            CheckBatch(layer, model, steps, sequences, batch, amplitude: 2f, parallel: false);
        CheckBatch(layer, model, steps, sequences, batch: 3, amplitude: 50f, parallel: false);
        CheckBatch(layer, model, steps, sequences, batch: 7, amplitude: 2f, parallel: true);
    }

    private void CheckBatch(ILstmBatchLayer layer, TestLstm model, int steps, bool sequences, int batch, float amplitude, bool parallel)
    {
        int seqIn = steps * layer.Input, seqOut = sequences ? steps * layer.Units : layer.Units;
        var inputs = TestData.Inputs(batch * seqIn, seed: batch * 31 + steps, amplitude);
        var outputs = new float[batch * seqOut];
        if (parallel)
            layer.ForwardBatchParallel(inputs, outputs, batch);
        else
            layer.ForwardBatch(inputs, outputs, batch);
        double worst = 0;
        for (int b = 0; b < batch; b++)
        {
            var all = model.Reference().Sequence(inputs.AsSpan(b * seqIn, seqIn));
            var expected = sequences ? all : all[^layer.Units..];
            worst = Math.Max(worst, AssertClose.Within(expected, outputs.AsSpan(b * seqOut, seqOut),
                $"{layer.GetType().Name} ForwardBatch{(parallel ? "Parallel" : "")} (batch {batch}) sequence {b}, amplitude {amplitude}"));
        }
        log.WriteLine($"{layer.GetType().Name} ForwardBatch{(parallel ? "Parallel" : "")} ({batch} × {steps} steps, |x| ≤ {amplitude}): max abs error {worst:E2}");
    }

    [Fact]
    public void VariableStepsForwardAcceptsAnyLength()
    {
        var layer = new Variable3x24Seq();
        var model = new TestLstm(3, 24, 17);
        layer.LoadWeights(model.Weights);
        foreach (int steps in new[] { 1, 2, 9, 40 })
            CheckForward(layer, model, steps, sequences: true, amplitude: 3f);
        var kernel = new LstmKernel(model.Weights);
        foreach (int steps in new[] { 1, 9 })
        {
            CheckForward(kernel, model, steps, sequences: true, amplitude: 3f);
            CheckForward(kernel, model, steps, sequences: false, amplitude: 3f);
        }
    }

    [Fact]
    public void ForwardLeavesStreamingStateAlone()
    {
        var layer = new Odd11x29x7();
        var model = new TestLstm(11, 29, 23);
        layer.LoadWeights(model.Weights);
        var reference = model.Reference();
        var xs = TestData.Inputs(11 * 3, 29, 1f);
        var h = new float[29];
        layer.Step(xs.AsSpan(0, 11), h);
        reference.Step(xs.AsSpan(0, 11));
        layer.Forward(TestData.Inputs(11 * 7, 31, 1f), new float[29]); // must not disturb Step's h and c
        layer.Step(xs.AsSpan(11, 11), h);
        reference.Step(xs.AsSpan(11, 11));
        AssertClose.Within(reference.H, h, "Step after Forward");
    }

    private void CheckForward(ILstmLayer layer, TestLstm model, int steps, bool sequences, float amplitude)
    {
        var input = TestData.Inputs(steps * layer.Input, seed: steps + layer.Units, amplitude);
        var expectedAll = model.Reference().Sequence(input);
        var output = new float[sequences ? steps * layer.Units : layer.Units];
        layer.Forward(input, output);
        var expected = sequences ? expectedAll : expectedAll[^layer.Units..];
        double err = AssertClose.Within(expected, output, $"{layer.GetType().Name} Forward amplitude {amplitude}");
        log.WriteLine($"{layer.GetType().Name} Forward ({steps} steps, |x| ≤ {amplitude}): max abs error {err:E2}");
    }

    private void CheckStreaming(ILstmLayer layer, int seed)
    {
        var model = new TestLstm(layer.Input, layer.Units, seed);
        layer.LoadWeights(model.Weights);
        var reference = model.Reference();
        var h = new float[layer.Units];
        const int steps = 40;
        var xs = TestData.Inputs(steps * layer.Input, seed + 1, 4f);
        double worst = 0;
        for (int t = 0; t < steps; t++)
        {
            if (t == 25)
            {
                layer.ResetState();
                reference.Reset();
            }
            layer.Step(xs.AsSpan(t * layer.Input, layer.Input), h);
            reference.Step(xs.AsSpan(t * layer.Input, layer.Input));
            worst = Math.Max(worst, AssertClose.Within(reference.H, h, $"{layer.GetType().Name} Step {t}"));
        }
        log.WriteLine($"{layer.GetType().Name} Step x{steps} (reset at 25): max abs error {worst:E2}");
    }
}

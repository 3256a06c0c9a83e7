using System.Collections.Generic;

namespace LstmGen.Tests;

/// <summary>
/// Forward and Step allocate nothing on the managed heap once warmed up, for generated layers and for
/// LstmKernel: GC.GetAllocatedBytesForCurrentThread() must not move at all across many calls.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class AllocationTests(ITestOutputHelper log)
{
    // Calls per measurement scale with the work per call (multiply-adds), between these bounds.
    private const long WorkPerMeasurement = 200_000_000;
    private const int MinCalls = 10, MaxCalls = 1000;

    public static IEnumerable<object[]> Layers() => new[]
    {
        new object[] { nameof(Fashion28x128x28) },
        new object[] { nameof(Odd11x29x7Seq) },
        new object[] { nameof(Stream1x8) },
        new object[] { nameof(Huge4x2800x2) },
        new object[] { nameof(Variable3x24Seq) },
        new object[] { nameof(Fashion28x128x28Half) },
        new object[] { nameof(Stream1x64BFloat16) },
        new object[] { nameof(Fashion28x128x28Int8) },
        new object[] { nameof(Stream1x94Int8) },
    };

    // The layer, the step counts Forward is called with, and whether it returns every step's h.
    private static (ILstmLayer Layer, int[] Steps, bool Sequences) Create(string name) => name switch
    {
        nameof(Fashion28x128x28) => (new Fashion28x128x28(), new[] { Fashion28x128x28.Steps }, Fashion28x128x28.ReturnSequences),
        nameof(Odd11x29x7Seq) => (new Odd11x29x7Seq(), new[] { Odd11x29x7Seq.Steps }, Odd11x29x7Seq.ReturnSequences),
        nameof(Stream1x8) => (new Stream1x8(), new[] { 1, 5, 40 }, Stream1x8.ReturnSequences),
        nameof(Huge4x2800x2) => (new Huge4x2800x2(), new[] { Huge4x2800x2.Steps }, Huge4x2800x2.ReturnSequences),
        nameof(Variable3x24Seq) => (new Variable3x24Seq(), new[] { 1, 7, 40 }, Variable3x24Seq.ReturnSequences),
        nameof(Fashion28x128x28Half) => (new Fashion28x128x28Half(), new[] { Fashion28x128x28Half.Steps }, Fashion28x128x28Half.ReturnSequences),
        nameof(Stream1x64BFloat16) => (new Stream1x64BFloat16(), new[] { 1, 5, 40 }, Stream1x64BFloat16.ReturnSequences),
        nameof(Fashion28x128x28Int8) => (new Fashion28x128x28Int8(), new[] { Fashion28x128x28Int8.Steps }, Fashion28x128x28Int8.ReturnSequences),
        nameof(Stream1x94Int8) => (new Stream1x94Int8(), new[] { 1, 5, 40 }, Stream1x94Int8.ReturnSequences),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void GeneratedForwardAndStepAllocateNothing(string name)
    {
        var (layer, steps, sequences) = Create(name);
        var weights = new TestLstm(layer.Input, layer.Units, seed: 41).Weights;
        layer.LoadWeights(weights);
        AssertNoAllocation(layer, name, steps, new[] { sequences });
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public void GenericKernelForwardAndStepAllocateNothing(string name)
    {
        var (layer, steps, _) = Create(name);
        var kernel = new LstmKernel(new TestLstm(layer.Input, layer.Units, seed: 43).Weights);
        AssertNoAllocation(kernel, $"LstmKernel({layer.Input}, {layer.Units})", steps, new[] { false, true });
    }

    private void AssertNoAllocation(ILstmLayer layer, string name, int[] stepCounts, bool[] sequenceModes)
    {
        var failures = new List<string>();
        long work = 4L * layer.Units * (layer.Input + layer.Units); // multiply-adds per step

        foreach (int steps in stepCounts)
            foreach (bool sequences in sequenceModes)
            {
                var input = TestData.Inputs(steps * layer.Input, seed: steps, amplitude: 2f);
                var output = new float[sequences ? steps * layer.Units : layer.Units];
                int calls = Calls(work * steps);
                long bytes = SteadyStateAllocations.Measure(calls, () => layer.Forward(input, output));
                string what = $"{name}.Forward({steps} step(s), {(sequences ? "every h" : "last h")}) × {calls}";
                log.WriteLine($"{what}: {bytes} bytes allocated");
                if (bytes != 0)
                    failures.Add($"{what} allocated {bytes} bytes ({(double)bytes / calls:F1} per call).");
            }

        if (layer is ILstmBatchLayer batchLayer)
            foreach (int steps in stepCounts)
                foreach (bool sequences in sequenceModes)
                {
                    const int batch = 5; // a group of four and a partial group
                    var inputs = TestData.Inputs(batch * steps * layer.Input, seed: steps, amplitude: 2f);
                    var outputs = new float[batch * (sequences ? steps * layer.Units : layer.Units)];
                    int calls = Math.Max(MinCalls / 2, Calls(work * steps * batch));
                    long bytes = SteadyStateAllocations.Measure(calls, () => batchLayer.ForwardBatch(inputs, outputs, batch));
                    string what = $"{name}.ForwardBatch({batch} × {steps} step(s), {(sequences ? "every h" : "last h")}) × {calls}";
                    log.WriteLine($"{what}: {bytes} bytes allocated");
                    if (bytes != 0)
                        failures.Add($"{what} allocated {bytes} bytes ({(double)bytes / calls:F1} per call).");
                }

        var x = TestData.Inputs(layer.Input, seed: 99, amplitude: 2f);
        var h = new float[layer.Units];
        int stepCalls = Calls(work);
        long stepBytes = SteadyStateAllocations.Measure(stepCalls, () => layer.Step(x, h));
        log.WriteLine($"{name}.Step × {stepCalls}: {stepBytes} bytes allocated");
        if (stepBytes != 0)
            failures.Add($"{name}.Step × {stepCalls} allocated {stepBytes} bytes ({(double)stepBytes / stepCalls:F1} per call).");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static int Calls(long workPerCall) => (int)Math.Clamp(WorkPerMeasurement / Math.Max(1, workPerCall), MinCalls, MaxCalls);
}

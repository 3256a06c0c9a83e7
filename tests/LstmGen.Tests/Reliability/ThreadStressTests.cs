using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>
/// The threading contract of docs/reliability.md under load: weights (LstmWeights, ModelWeights) are immutable and
/// shared by every thread; each thread owns its layer, kernel and model instances (Step state, LstmKernel's scratch);
/// ForwardBatch and ForwardBatchParallel may share one instance. Every result must be bitwise what a single thread
/// computes.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ThreadStressTests(ITestOutputHelper log)
{
    // How long the stress test runs; LSTMGEN_STRESS_SECONDS lengthens it for a soak.
    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("LSTMGEN_STRESS_SECONDS") is { } s ? double.Parse(s, System.Globalization.CultureInfo.InvariantCulture) : 10);

    private const int Steps = 7, Batch = 6;

    // The shared, immutable inputs of the work: two weight sets per shape (LoadWeights switches between them).
    private sealed class Work
    {
        public readonly TestLstm[] Layer = [new(11, 29, 1), new(11, 29, 2)];
        public readonly LstmWeights[] LayerWeights;
        public readonly ModelWeights[] ModelWeights;
        public readonly float[] Sequence = TestData.Inputs(Steps * 11, seed: 3, amplitude: 2f);
        public readonly float[] Batches = TestData.Inputs(Batch * Steps * 11, seed: 4, amplitude: 2f);
        public readonly float[] ModelInput = TestData.Inputs(OddStepStates.Steps * OddStepStates.Input, seed: 5, amplitude: 2f);

        public Work()
        {
            LayerWeights = [Layer[0].Weights, Layer[1].Weights];
            ModelWeights =
            [
                new ReferenceModel(3, new[] { RandomLstm(3, 5, 6, returnSequences: true), RandomGru(5, 4, 7, returnSequences: true) }).Weights,
                new ReferenceModel(3, new[] { RandomLstm(3, 5, 8, returnSequences: true), RandomGru(5, 4, 9, returnSequences: true) }).Weights,
            ];
        }
    }

    // One thread's instances.
    private sealed class Instances(Work work)
    {
        public readonly Odd11x29x7Seq Generated = Load(new Odd11x29x7Seq(), work.LayerWeights[0]);
        public readonly LstmKernel Kernel = new(work.LayerWeights[0]);
        public readonly OddStepStates Model = LoadModel(new OddStepStates(), work.ModelWeights[0]);

        private static T Load<T>(T layer, LstmWeights weights) where T : ILstmLayer { layer.LoadWeights(weights); return layer; }
        private static T LoadModel<T>(T model, ModelWeights weights) where T : ILstmModel { model.LoadWeights(weights); return model; }
    }

    // The operations; each returns every float it produced. `weights` selects the weight set the operation loads
    // first (LoadWeights on the thread's own instances), `shared` is the one instance all threads use for ForwardBatch.
    private static readonly string[] Operations =
        ["Forward", "Step", "ForwardBatch", "ForwardBatch (shared instance)", "LoadWeights + Forward", "Model Predict", "Model Step", "Model LoadWeights + Predict"];

    private static float[] Run(int operation, int weights, Work work, Instances own, Odd11x29x7Seq shared)
    {
        const int U = Odd11x29x7Seq.Units, I = Odd11x29x7Seq.Input;
        var results = new List<float[]>();
        float[] Collect(float[] a) { results.Add(a); return a; } // read once the operation has filled it
        switch (operation)
        {
            case 0: // Forward on the generated layer and on LstmKernel (its scratch is per instance)
                own.Generated.Forward(work.Sequence, Collect(new float[Steps * U]));
                own.Kernel.Forward(work.Sequence, Collect(new float[Steps * U]));
                break;
            case 1: // Step from a reset state, on both
                own.Generated.ResetState();
                own.Kernel.ResetState();
                for (int t = 0; t < Steps; t++)
                {
                    own.Generated.Step(work.Sequence.AsSpan(t * I, I), Collect(new float[U]));
                    own.Kernel.Step(work.Sequence.AsSpan(t * I, I), Collect(new float[U]));
                }
                break;
            case 2:
                own.Generated.ForwardBatch(work.Batches, Collect(new float[Batch * Steps * U]), Batch);
                own.Kernel.ForwardBatch(work.Batches, Collect(new float[Batch * Steps * U]), Batch);
                break;
            case 3: // documented thread-safe on one instance
                shared.ForwardBatch(work.Batches, Collect(new float[Batch * Steps * U]), Batch);
                break;
            case 4:
                own.Generated.LoadWeights(work.LayerWeights[weights]);
                own.Kernel.LoadWeights(work.LayerWeights[weights]);
                own.Generated.Forward(work.Sequence, Collect(new float[Steps * U]));
                own.Kernel.Forward(work.Sequence, Collect(new float[Steps * U]));
                own.Generated.LoadWeights(work.LayerWeights[0]);
                own.Kernel.LoadWeights(work.LayerWeights[0]);
                break;
            case 5:
                own.Model.Predict(work.ModelInput, Collect(new float[OddStepStates.OutputLength]));
                break;
            case 6:
                own.Model.ResetState();
                for (int t = 0; t < OddStepStates.Steps; t++)
                    own.Model.Step(work.ModelInput.AsSpan(t * OddStepStates.Input, OddStepStates.Input), Collect(new float[OddStepStates.Output]));
                break;
            default:
                own.Model.LoadWeights(work.ModelWeights[weights]);
                own.Model.Predict(work.ModelInput, Collect(new float[OddStepStates.OutputLength]));
                own.Model.LoadWeights(work.ModelWeights[0]);
                break;
        }
        return results.SelectMany(a => a).ToArray();
    }

    private static bool BitwiseEqual(float[] a, float[] b) =>
        MemoryMarshal.Cast<float, int>(a.AsSpan()).SequenceEqual(MemoryMarshal.Cast<float, int>(b.AsSpan()));

    [Fact]
    public void ManyInstancesOnAllCoresMatchASingleThreadBitwise()
    {
        var work = new Work();
        var shared = new Odd11x29x7Seq();
        shared.LoadWeights(work.LayerWeights[0]);

        // The single-threaded results, each operation with each weight set.
        var single = new Instances(work);
        var expected = new float[Operations.Length, 2][];
        for (int op = 0; op < Operations.Length; op++)
            for (int w = 0; w < 2; w++)
                expected[op, w] = Run(op, w, work, single, shared);

        int threads = Math.Max(4, 2 * Environment.ProcessorCount);
        long calls = 0;
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(id => new Thread(() =>
        {
            var own = new Instances(work);
            var rng = new Random(id);
            long n = 0;
            while (clock.Elapsed < Duration && failures.IsEmpty)
            {
                int op = rng.Next(Operations.Length), w = rng.Next(2);
                if (!BitwiseEqual(expected[op, w], Run(op, w, work, own, shared)))
                    failures.Enqueue($"thread {id}, call {n}: {Operations[op]} with weight set {w} differs from the single-threaded run");
                n++;
            }
            Interlocked.Add(ref calls, n);
        })).ToList();
        workers.ForEach(t => t.Start());
        workers.ForEach(t => t.Join());

        log.WriteLine($"{threads} threads on {Environment.ProcessorCount} cores, {clock.Elapsed.TotalSeconds:F1} s, {calls:N0} operations, {failures.Count} mismatches ({SimdPath.Active} path)");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Take(10)));
        Assert.True(clock.Elapsed >= Duration, "the threads stopped early");
    }

    public static IEnumerable<object[]> ParallelCases() =>
        from layer in new[] { nameof(Odd11x29x7), nameof(Odd11x29x7Seq), nameof(Fashion28x128x28), nameof(Alternating7x47x9Seq), nameof(OneUnit5x1x6), "LstmKernel" }
        from batch in new[] { 1, 3, 4, 5, 9, 17, 33 }
        select new object[] { layer, batch };

    [Theory]
    [MemberData(nameof(ParallelCases))]
    public void ForwardBatchParallelIsForwardBatchBitwise(string name, int batch)
    {
        ILstmBatchLayer layer = name switch
        {
            nameof(Odd11x29x7) => new Odd11x29x7(),
            nameof(Odd11x29x7Seq) => new Odd11x29x7Seq(),
            nameof(Fashion28x128x28) => new Fashion28x128x28(),
            nameof(Alternating7x47x9Seq) => new Alternating7x47x9Seq(),
            nameof(OneUnit5x1x6) => new OneUnit5x1x6(),
            _ => new LstmKernel(new TestLstm(13, 21, 1).Weights),
        };
        var (steps, sequences) = layer switch
        {
            Odd11x29x7 => (Odd11x29x7.Steps, false),
            Odd11x29x7Seq => (Odd11x29x7Seq.Steps, true),
            Fashion28x128x28 => (Fashion28x128x28.Steps, false),
            Alternating7x47x9Seq => (Alternating7x47x9Seq.Steps, true),
            OneUnit5x1x6 => (OneUnit5x1x6.Steps, false),
            _ => (5, true),
        };
        layer.LoadWeights(new TestLstm(layer.Input, layer.Units, seed: batch).Weights);
        var inputs = TestData.Inputs(batch * steps * layer.Input, seed: batch + 1, amplitude: 2f);
        int outputLength = batch * (sequences ? steps : 1) * layer.Units;
        var sequential = new float[outputLength];
        layer.ForwardBatch(inputs, sequential, batch);
        foreach (int degree in new[] { -1, 1, 2, 3 })
        {
            var parallel = new float[outputLength];
            layer.ForwardBatchParallel(inputs, parallel, batch, degree);
            Assert.True(BitwiseEqual(sequential, parallel), $"{name}: ForwardBatchParallel (batch {batch}, {degree} threads) differs from ForwardBatch");
        }
    }
}

using static LstmGen.Training.Tests.TrainerTestData;

namespace LstmGen.Training.Tests;

[CollectionDefinition(nameof(TrainingAllocationTests), DisableParallelization = true)]
public sealed class TrainingAllocationCollection;

/// <summary>
/// What a training batch allocates after the first, measured between the progress reports of consecutive batches (the
/// callback runs on the training thread after each batch's optimizer step): shuffled gathering, shards, dropout masks,
/// the gradient sum, clipping and Adam. One thread: nothing. Several: only what Parallel.For allocates per call (the median batch).
/// Runs alone (no other test allocating meanwhile), since the parallel case counts every thread's allocations.
/// </summary>
[Collection(nameof(TrainingAllocationTests))]
public sealed class TrainingAllocationTests(ITestOutputHelper log)
{
    /// <summary>Records an allocation counter at each report into a preallocated array.</summary>
    private sealed class Counter(Func<long> read, int capacity) : IProgress<TrainingProgress>
    {
        public long[] Bytes { get; } = new long[capacity];
        public int Count { get; private set; }

        public void Report(TrainingProgress value) => Bytes[Count++] = read();
    }

    private long[] PerBatch(int threads, Func<long> read)
    {
        var options = new TrainerOptions
        {
            Optimizer = new Adam(0.01f), BatchSize = 32, ShardSize = 8, Epochs = 1, ClipGradientNorm = 0.5f, MaxDegreeOfParallelism = threads, Seed = 1,
        };
        var counter = new Counter(read, 16);
        new Trainer(Classifier, options).Fit(SumSign(320, seed: 1), progress: counter); // 10 batches of 4 shards
        Assert.Equal(10, counter.Count);
        // From batch 2 to batch 9 (the last batch also validates and summarises the epoch).
        var perBatch = Enumerable.Range(1, 8).Select(k => counter.Bytes[k] - counter.Bytes[k - 1]).ToArray();
        log.WriteLine($"{threads} thread(s): bytes allocated per batch after the first: {string.Join(", ", perBatch)}");
        return perBatch;
    }

    [Fact]
    public void OneThreadAllocatesNothingPerBatch() =>
        Assert.All(PerBatch(1, () => GC.GetAllocatedBytesForCurrentThread()), bytes => Assert.Equal(0, bytes));

    [Fact]
    public void SeveralThreadsAllocateOnlyParallelForsOverhead()
    {
        // Parallel.For's own objects (its loop state, the replicating task and its workers) take about 1.5 KB per call; now
        // and then the thread pool adds a thread or the JIT recompiles a method, which shows as a single larger step.
        var perBatch = PerBatch(2, () => GC.GetTotalAllocatedBytes(precise: true)).Order().ToArray();
        Assert.InRange(perBatch[perBatch.Length / 2], 0, 4096);
    }
}

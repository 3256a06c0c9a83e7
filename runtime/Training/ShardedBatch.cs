using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;

namespace LstmGen.Training;

/// <summary>
/// A batch cut into fixed shards of <see cref="ShardSize"/> samples, one <see cref="GradientWorkspace"/> per shard (all
/// sharing the trainer's parameter vector), run in parallel. Each shard's mean gradient is weighted by its share of the
/// batch and summed in shard order, so the result is the batch's mean gradient and does not depend on the thread count:
/// the shards are the same and each is computed the same way whichever thread runs it.
/// </summary>
/// <remarks>
/// The single-threaded path (one shard, or one thread) allocates nothing per batch. The parallel path calls
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> with a cached body and options; what that call
/// allocates itself (its loop state and task objects: about 1.5 KB per batch, measured with two threads) is the only
/// allocation left.
/// </remarks>
internal sealed class ShardedBatch
{
    private readonly GradientWorkspace[] _shards;
    private readonly bool[] _prepared;
    private readonly double[] _losses;
    private readonly int[] _correct;
    private readonly ParallelOptions _parallel;
    private readonly Action<int> _trainShard, _evaluateShard;

    // The job the shard bodies read (a lambda cannot capture spans).
    private ReadOnlyMemory<float> _inputs, _targets;
    private int _count, _shardCount;
    private Loss _loss;
    private bool _countCorrect;
    private ulong? _dropoutSeed;
    private CancellationToken _cancellationToken;

    public ShardedBatch(ModelArchitecture architecture, int batchSize, int shardSize, int maxDegreeOfParallelism)
    {
        ShardSize = Math.Min(shardSize, batchSize);
        int shards = (batchSize + ShardSize - 1) / ShardSize;
        _shards = new GradientWorkspace[shards];
        _shards[0] = new GradientWorkspace(architecture, ShardSize);
        float[] parameters = _shards[0].Parameters;
        for (int s = 1; s < shards; s++)
            _shards[s] = new GradientWorkspace(architecture, ShardSize, parameters: parameters);
        _prepared = new bool[shards];
        _losses = new double[shards];
        _correct = new int[shards];
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Gradient = new float[parameters.Length];
        _trainShard = s => RunShard(s, train: true);
        _evaluateShard = s => RunShard(s, train: false);
    }

    public int ShardSize { get; }

    /// <summary>The most samples one call takes: shards × shard size.</summary>
    public int Capacity => _shards.Length * ShardSize;

    /// <summary>The parameters every shard reads (in the workspace layout); call <see cref="ParametersChanged"/> after changing them.</summary>
    public float[] Parameters => _shards[0].Parameters;

    /// <summary>The last <see cref="Train"/>'s mean gradient over the batch.</summary>
    public float[] Gradient { get; }

    /// <summary>The workspace of shard 0, for the parameter layout.</summary>
    public GradientWorkspace Layout => _shards[0];

    /// <summary>Call after the shared parameters changed: each shard rebuilds its derived copies before its next use.</summary>
    public void ParametersChanged() => Array.Clear(_prepared);

    /// <summary>
    /// The mean loss of <paramref name="count"/> (≤ <see cref="Capacity"/>) samples with dropout masks drawn from
    /// <paramref name="dropoutSeed"/>, leaving their mean gradient in <see cref="Gradient"/>. With
    /// <paramref name="countCorrect"/>, <paramref name="correct"/> receives the output vectors whose largest value is the target's.
    /// </summary>
    public double Train(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int count, Loss loss, ulong dropoutSeed, bool countCorrect,
        CancellationToken cancellationToken, out int correct)
    {
        double value = Run(inputs, targets, count, loss, dropoutSeed, countCorrect, cancellationToken, _trainShard, out correct);
        var total = Gradient.AsSpan();
        for (int s = 0; s < _shardCount; s++)
        {
            float share = (float)((double)SamplesOf(s) / count);
            var shard = _shards[s].Gradient;
            if (s == 0)
                for (int k = 0; k < total.Length; k++)
                    total[k] = share * shard[k];
            else
                for (int k = 0; k < total.Length; k++)
                    total[k] += share * shard[k];
        }
        return value;
    }

    /// <summary>The mean loss over any number of samples, Dropout inactive, no gradient.</summary>
    public double Evaluate(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int count, Loss loss, bool countCorrect,
        CancellationToken cancellationToken, out long correct)
    {
        int inputLength = inputs.Length / count, targetLength = targets.Length / count;
        double total = 0;
        correct = 0;
        for (int start = 0; start < count; start += Capacity)
        {
            int n = Math.Min(Capacity, count - start);
            total += n * Run(inputs.Slice(start * inputLength, n * inputLength), targets.Slice(start * targetLength, n * targetLength), n, loss,
                dropoutSeed: null, countCorrect, cancellationToken, _evaluateShard, out int chunkCorrect);
            correct += chunkCorrect;
        }
        return total / count;
    }

    private int SamplesOf(int shard) => Math.Min(ShardSize, _count - shard * ShardSize);

    private double Run(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int count, Loss loss, ulong? dropoutSeed, bool countCorrect,
        CancellationToken cancellationToken, Action<int> body, out int correct)
    {
        (_inputs, _targets, _count, _loss, _dropoutSeed, _countCorrect, _cancellationToken) =
            (inputs, targets, count, loss, dropoutSeed, countCorrect, cancellationToken);
        _shardCount = (count + ShardSize - 1) / ShardSize;
        try
        {
            if (_shardCount == 1 || _parallel.MaxDegreeOfParallelism == 1)
                for (int s = 0; s < _shardCount; s++)
                    body(s);
            else
                Parallel.For(0, _shardCount, _parallel, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        finally
        {
            (_inputs, _targets) = (default, default); // hold no reference to the caller's data
        }
        cancellationToken.ThrowIfCancellationRequested();
        double value = 0;
        correct = 0;
        for (int s = 0; s < _shardCount; s++)
        {
            value += _losses[s] * SamplesOf(s);
            correct += _correct[s];
        }
        return value / count;
    }

    private void RunShard(int s, bool train)
    {
        if (_cancellationToken.IsCancellationRequested)
            return;
        var workspace = _shards[s];
        if (!_prepared[s])
        {
            workspace.PrepareParameters();
            _prepared[s] = true;
        }
        int start = s * ShardSize, n = SamplesOf(s);
        int inputLength = workspace.Architecture.InputLength, targetLength = workspace.Architecture.OutputLength;
        var inputs = _inputs.Span.Slice(start * inputLength, n * inputLength);
        var targets = _targets.Span.Slice(start * targetLength, n * targetLength);
        try
        {
            _losses[s] = train
                ? workspace.Compute(inputs, targets, n, _loss, _dropoutSeed is { } seed ? new SeededRandom((long)seed, s).NextUInt64() : null, _cancellationToken)
                : workspace.Loss(inputs, targets, n, _loss, _cancellationToken);
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested)
        {
            return; // Run throws once every shard has stopped
        }
        _correct[s] = _countCorrect ? workspace.CountCorrect(targets, n) : 0;
    }
}

using System;

namespace LstmGen.Training;

/// <summary>
/// What a <see cref="Trainer"/> does: the loss, the optimizer and its schedule, batches, epochs, clipping, early stopping,
/// the seed and the threads. Each value is checked when it is set.
/// </summary>
public sealed class TrainerOptions
{
    private readonly Optimizer _optimizer = new Adam();
    private readonly LearningRateSchedule _schedule = LearningRateSchedule.Constant;
    private readonly Loss _loss = Loss.CrossEntropy;
    private readonly int _batchSize = 32, _epochs = 10, _maxDegreeOfParallelism = -1, _shardSize = DefaultShardSize;
    private readonly float? _clipGradientNorm;
    private readonly int? _earlyStoppingPatience;

    /// <summary>The default <see cref="ShardSize"/>: 32 samples.</summary>
    public const int DefaultShardSize = 32;

    /// <summary>The loss to minimise (default <see cref="Training.Loss.CrossEntropy"/>).</summary>
    public Loss Loss
    {
        get => _loss;
        init => _loss = Enum.IsDefined(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(Loss), value, $"Loss: expected CrossEntropy or MeanSquaredError, got {value}.");
    }

    /// <summary>The optimizer (default <see cref="Adam"/> with PyTorch's defaults). Its state is the trainer's own.</summary>
    public Optimizer Optimizer { get => _optimizer; init => _optimizer = value ?? throw new ArgumentNullException(nameof(Optimizer)); }

    /// <summary>How the learning rate changes per epoch (default <see cref="LearningRateSchedule.Constant"/>).</summary>
    public LearningRateSchedule Schedule { get => _schedule; init => _schedule = value ?? throw new ArgumentNullException(nameof(Schedule)); }

    /// <summary>Samples per optimizer step (default 32); the last batch of an epoch holds the rest.</summary>
    public int BatchSize { get => _batchSize; init => _batchSize = AtLeastOne(value, nameof(BatchSize)); }

    /// <summary>Epochs per <see cref="Trainer.Fit"/> (default 10).</summary>
    public int Epochs { get => _epochs; init => _epochs = AtLeastOne(value, nameof(Epochs)); }

    /// <summary>
    /// When set, the gradient is scaled so its global L2 norm over all parameters is at most this, as
    /// <c>torch.nn.utils.clip_grad_norm_</c>: by max / (norm + 10⁻⁶) when that is below 1. Null (default): no clipping.
    /// </summary>
    public float? ClipGradientNorm
    {
        get => _clipGradientNorm;
        init => _clipGradientNorm = value is not { } v || (v > 0 && float.IsFinite(v)) ? value
            : throw new ArgumentOutOfRangeException(nameof(ClipGradientNorm), value, $"ClipGradientNorm: expected null or a finite norm > 0, got {v}.");
    }

    /// <summary>Seeds the initial weights (unless given), each epoch's shuffle and the dropout masks: the same seed, the same run.</summary>
    public int Seed { get; init; }

    /// <summary>Whether the training samples are visited in a new random order each epoch (default true).</summary>
    public bool Shuffle { get; init; } = true;

    /// <summary>
    /// When set, training stops after this many epochs in a row without a lower validation loss (training loss when there
    /// is no validation set). Null (default): all <see cref="Epochs"/> run.
    /// </summary>
    public int? EarlyStoppingPatience
    {
        get => _earlyStoppingPatience;
        init => _earlyStoppingPatience = value is not { } v || v >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(EarlyStoppingPatience), value, $"EarlyStoppingPatience: expected null or at least 1 epoch, got {v}.");
    }

    /// <summary>
    /// Threads a batch's shards run on: −1 (default) every core, else at least 1. Results do not depend on it: the shards
    /// are fixed by <see cref="ShardSize"/> and their gradients are summed in a fixed order.
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init => _maxDegreeOfParallelism = value == -1 || value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, $"MaxDegreeOfParallelism: expected -1 (every core) or at least 1, got {value}.");
    }

    /// <summary>
    /// Samples per shard (default <see cref="DefaultShardSize"/>): each batch is cut into shards of this many samples (the
    /// last may hold fewer), each computed on its own and in parallel, and their gradients are summed in shard order. The
    /// results depend on this size, never on the thread count; a batch no larger than it runs on one thread. Smaller
    /// shards spread a batch over more cores, larger ones make each core's matrix products more efficient.
    /// </summary>
    public int ShardSize { get => _shardSize; init => _shardSize = AtLeastOne(value, nameof(ShardSize)); }

    /// <summary>
    /// The least time between two batch reports to the progress callback (default zero: every batch). The last batch of
    /// each epoch is always reported, with the validation results.
    /// </summary>
    public TimeSpan ProgressInterval { get; init; }

    private static int AtLeastOne(int value, string name) =>
        value >= 1 ? value : throw new ArgumentOutOfRangeException(name, value, $"{name}: expected at least 1, got {value}.");

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Loss}, {Optimizer}, schedule {Schedule}, batch {BatchSize}, {Epochs} epochs" + (ClipGradientNorm is { } c ? $", clip {c}" : "") +
        (EarlyStoppingPatience is { } p ? $", patience {p}" : "") + $", seed {Seed}";
}

using System;
using System.Collections.Generic;

namespace LstmGen.Training;

/// <summary>What <see cref="Trainer.Fit"/> produced: the best and the final weights, and each epoch's figures.</summary>
public sealed class TrainingResult
{
    internal TrainingResult(ModelWeights bestWeights, ModelWeights finalWeights, int bestEpoch, float bestLoss, IReadOnlyList<EpochSummary> history,
        StopReason stopReason, TimeSpan elapsed)
    {
        (BestWeights, FinalWeights, BestEpoch, BestLoss, History, StopReason, Elapsed) = (bestWeights, finalWeights, bestEpoch, bestLoss, history, stopReason, elapsed);
    }

    /// <summary>The weights at the end of the epoch with the lowest validation loss (the lowest training loss without a validation set).</summary>
    public ModelWeights BestWeights { get; }

    /// <summary>The weights at the end of the last epoch run.</summary>
    public ModelWeights FinalWeights { get; }

    /// <summary>The epoch of <see cref="BestWeights"/>, from 1.</summary>
    public int BestEpoch { get; }

    /// <summary>The monitored loss of <see cref="BestEpoch"/>: its validation loss, or its training loss without a validation set.</summary>
    public float BestLoss { get; }

    /// <summary>Every epoch run, in order.</summary>
    public IReadOnlyList<EpochSummary> History { get; }

    /// <summary>Whether every epoch ran or early stopping ended the run.</summary>
    public StopReason StopReason { get; }

    /// <summary>How long <see cref="Trainer.Fit"/> took.</summary>
    public TimeSpan Elapsed { get; }
}

using System;

namespace LstmGen.Training;

/// <summary>
/// A report from <see cref="Trainer.Fit"/> after a batch: where training is and how it goes.
/// </summary>
/// <param name="Epoch">The epoch, from 1 to <paramref name="Epochs"/>.</param>
/// <param name="Epochs">The epochs of the run.</param>
/// <param name="Batch">The batch just done, from 1 to <paramref name="Batches"/>.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">The mean training loss of the epoch's batches so far (with dropout active).</param>
/// <param name="Accuracy">For cross-entropy: the fraction of the epoch's output vectors so far whose largest output is the target's largest; else null.</param>
/// <param name="SamplesPerSecond">Training samples per second in this epoch so far.</param>
/// <param name="Elapsed">Time since <see cref="Trainer.Fit"/> started.</param>
/// <param name="ValidationLoss">At the last batch of an epoch with a validation set: its loss; else null.</param>
/// <param name="ValidationAccuracy">At the last batch of an epoch with a validation set, for cross-entropy: its accuracy; else null.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, float Loss, float? Accuracy,
    double SamplesPerSecond, TimeSpan Elapsed, float? ValidationLoss, float? ValidationAccuracy)
{
    /// <summary>The learning rate of this epoch, after the schedule.</summary>
    public float LearningRate { get; init; }

    /// <summary>The global L2 norm of this batch's gradient, before clipping.</summary>
    public float GradientNorm { get; init; }
}

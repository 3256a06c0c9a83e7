using System;

namespace LstmGen.Training;

/// <summary>One epoch of a <see cref="TrainingResult"/>.</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="Loss">The mean training loss over the epoch's batches (with dropout active, weights changing as it went).</param>
/// <param name="Accuracy">For cross-entropy: the epoch's training accuracy; else null.</param>
/// <param name="ValidationLoss">The validation loss at the end of the epoch; null without a validation set.</param>
/// <param name="ValidationAccuracy">The validation accuracy (cross-entropy with a validation set); else null.</param>
/// <param name="LearningRate">The learning rate of the epoch, after the schedule.</param>
/// <param name="Elapsed">How long the epoch took, validation included.</param>
public sealed record EpochSummary(int Epoch, float Loss, float? Accuracy, float? ValidationLoss, float? ValidationAccuracy, float LearningRate, TimeSpan Elapsed);

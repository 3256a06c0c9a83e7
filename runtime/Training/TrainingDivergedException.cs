using System;

namespace LstmGen.Training;

/// <summary>
/// Thrown by <see cref="Trainer.Fit"/> when a batch's loss or gradient norm is NaN or infinite. The trainer's weights
/// are rolled back to the best so far (to those Fit started from if no epoch had finished), and
/// <see cref="BestWeights"/> and <see cref="Trainer.BestWeights"/> hold them.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    internal TrainingDivergedException(string message, int epoch, int batch, ModelWeights? bestWeights) : base(message)
    {
        (Epoch, Batch, BestWeights) = (epoch, batch, bestWeights);
    }

    /// <summary>The epoch of the failing batch, from 1.</summary>
    public int Epoch { get; }

    /// <summary>The failing batch within its epoch, from 1.</summary>
    public int Batch { get; }

    /// <summary>The best weights of the run before it diverged; null if no epoch had finished.</summary>
    public ModelWeights? BestWeights { get; }
}

namespace LstmGen.Training;

/// <summary>Why <see cref="Trainer.Fit"/> returned. (A cancellation throws <see cref="System.OperationCanceledException"/>
/// and a divergence <see cref="TrainingDivergedException"/> instead.)</summary>
public enum StopReason
{
    /// <summary>Every epoch ran.</summary>
    Completed = 0,

    /// <summary>The monitored loss did not improve for <see cref="TrainerOptions.EarlyStoppingPatience"/> epochs.</summary>
    EarlyStopped = 1,
}

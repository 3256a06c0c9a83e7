using System;
using System.Globalization;

namespace LstmGen.Training;

/// <summary>
/// How the learning rate changes from epoch to epoch: <see cref="Constant"/>, <see cref="Step"/> (PyTorch's <c>StepLR</c>)
/// or <see cref="Cosine"/> (<c>CosineAnnealingLR</c> over all epochs). Derive from it for any other rule.
/// </summary>
public abstract class LearningRateSchedule
{
    /// <summary>The optimizer's learning rate in every epoch.</summary>
    public static LearningRateSchedule Constant { get; } = new ConstantSchedule();

    /// <summary>The learning rate times <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs:
    /// initial·factor^⌊epoch / everyEpochs⌋, as <c>torch.optim.lr_scheduler.StepLR(step_size, gamma)</c> stepped once per epoch.</summary>
    /// <param name="everyEpochs">Epochs between reductions, at least 1.</param>
    /// <param name="factor">The multiplier (gamma), finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public static LearningRateSchedule Step(int everyEpochs, float factor)
    {
        if (everyEpochs < 1)
            throw new ArgumentOutOfRangeException(nameof(everyEpochs), everyEpochs, $"everyEpochs: expected at least 1 epoch, got {everyEpochs}.");
        if (!(factor > 0) || !float.IsFinite(factor))
            throw new ArgumentOutOfRangeException(nameof(factor), factor, $"factor: expected a finite value > 0, got {factor.ToString(CultureInfo.InvariantCulture)}.");
        return new StepSchedule(everyEpochs, factor);
    }

    /// <summary>Cosine annealing from the initial rate down to <paramref name="minimumLearningRate"/> over the run:
    /// min + (initial − min)·(1 + cos(π·epoch / epochs)) / 2, as <c>CosineAnnealingLR(T_max = epochs, eta_min)</c> stepped once per epoch.</summary>
    /// <param name="minimumLearningRate">eta_min, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">The minimum is negative or not finite.</exception>
    public static LearningRateSchedule Cosine(float minimumLearningRate = 0f)
    {
        if (!(minimumLearningRate >= 0) || !float.IsFinite(minimumLearningRate))
            throw new ArgumentOutOfRangeException(nameof(minimumLearningRate), minimumLearningRate,
                $"minimumLearningRate: expected a finite value ≥ 0, got {minimumLearningRate.ToString(CultureInfo.InvariantCulture)}.");
        return new CosineSchedule(minimumLearningRate);
    }

    /// <summary>The learning rate for an epoch.</summary>
    /// <param name="initial">The optimizer's <see cref="Optimizer.LearningRate"/>.</param>
    /// <param name="epoch">The epoch, 0-based (PyTorch's <c>last_epoch</c>): 0 ≤ epoch &lt; epochs.</param>
    /// <param name="epochs">The epochs of the run, at least 1.</param>
    public abstract float LearningRate(float initial, int epoch, int epochs);

    private sealed class ConstantSchedule : LearningRateSchedule
    {
        public override float LearningRate(float initial, int epoch, int epochs) => initial;

        public override string ToString() => "constant";
    }

    private sealed class StepSchedule(int everyEpochs, float factor) : LearningRateSchedule
    {
        public override float LearningRate(float initial, int epoch, int epochs) => (float)(initial * Math.Pow(factor, epoch / everyEpochs));

        public override string ToString() => $"×{factor.ToString(CultureInfo.InvariantCulture)} every {everyEpochs} epochs";
    }

    private sealed class CosineSchedule(float minimum) : LearningRateSchedule
    {
        public override float LearningRate(float initial, int epoch, int epochs) =>
            (float)(minimum + (initial - (double)minimum) * (1 + Math.Cos(Math.PI * epoch / epochs)) / 2);

        public override string ToString() => $"cosine to {minimum.ToString(CultureInfo.InvariantCulture)}";
    }
}

using System;
using System.Globalization;

namespace LstmGen.Training;

/// <summary>
/// An optimizer's hyper-parameters: an immutable description that any number of trainers may share. Each trainer keeps
/// its own state (moments, step count) for its parameters, made once by the optimizer when the trainer is built.
/// </summary>
/// <remarks>The update rules are PyTorch's (<c>torch.optim</c>), step for step.</remarks>
public abstract class Optimizer
{
    private protected Optimizer(float learningRate)
    {
        if (!(learningRate > 0) || !float.IsFinite(learningRate))
            throw OutOfRange(nameof(learningRate), learningRate, "a finite value > 0");
        LearningRate = learningRate;
    }

    /// <summary>The learning rate before any <see cref="LearningRateSchedule"/> scales it.</summary>
    public float LearningRate { get; }

    /// <summary>The per-run state for <paramref name="parameterCount"/> parameters, allocated once.</summary>
    internal abstract OptimizerState CreateState(int parameterCount);

    private protected static ArgumentOutOfRangeException OutOfRange(string name, float value, string expected) =>
        new(name, value, $"{name}: expected {expected}, got {value.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1 (a moment decay rate).</summary>
    private protected static float CheckDecay(float value, string name) =>
        value >= 0 && value < 1 ? value : throw OutOfRange(name, value, "a value in [0, 1)");

    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    private protected static float CheckNonNegative(float value, string name) =>
        value >= 0 && float.IsFinite(value) ? value : throw OutOfRange(name, value, "a finite value ≥ 0");

    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    private protected static float CheckPositive(float value, string name) =>
        value > 0 && float.IsFinite(value) ? value : throw OutOfRange(name, value, "a finite value > 0");
}

/// <summary>One run's optimizer state; <see cref="Step"/> updates the parameters in place from their gradient.</summary>
internal abstract class OptimizerState
{
    /// <summary>One update with the given (scheduled) learning rate. The gradient is not changed.</summary>
    public abstract void Step(Span<float> parameters, ReadOnlySpan<float> gradient, float learningRate);

    /// <summary>Forgets the moments and the step count, as a new run would start.</summary>
    public abstract void Reset();
}

using System;

namespace LstmGen.Training;

/// <summary>
/// Stochastic gradient descent, as <c>torch.optim.SGD</c> with dampening 0: g += λθ (weight decay); with momentum μ, the
/// buffer b = g on the first step and μb + g after; the step is g + μb (Nesterov) or b; θ −= lr·step.
/// </summary>
public sealed class Sgd : Optimizer
{
    /// <summary>SGD with optional momentum and weight decay.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="momentum">μ, in [0, 1); 0 for plain SGD.</param>
    /// <param name="nesterov">Nesterov momentum (needs μ &gt; 0).</param>
    /// <param name="weightDecay">λ, L2 added to the gradient, finite and ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it, the range and the value.</exception>
    /// <exception cref="ArgumentException"><paramref name="nesterov"/> without momentum.</exception>
    public Sgd(float learningRate, float momentum = 0f, bool nesterov = false, float weightDecay = 0f) : base(learningRate)
    {
        Momentum = CheckDecay(momentum, nameof(momentum));
        if (nesterov && momentum == 0)
            throw new ArgumentException("nesterov: Nesterov momentum needs momentum > 0, got momentum 0.", nameof(nesterov));
        Nesterov = nesterov;
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
    }

    /// <summary>μ, the momentum (0: none).</summary>
    public float Momentum { get; }

    /// <summary>Whether the momentum is Nesterov's.</summary>
    public bool Nesterov { get; }

    /// <summary>λ, the L2 weight decay (0: none).</summary>
    public float WeightDecay { get; }

    internal override OptimizerState CreateState(int parameterCount) => new SgdState(parameterCount, Momentum, Nesterov, WeightDecay);

    /// <inheritdoc/>
    public override string ToString() =>
        $"SGD(lr {LearningRate}" + (Momentum > 0 ? $", {(Nesterov ? "Nesterov " : "")}momentum {Momentum}" : "") + (WeightDecay > 0 ? $", weight decay {WeightDecay})" : ")");
}

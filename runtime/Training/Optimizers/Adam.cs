using System;

namespace LstmGen.Training;

/// <summary>
/// Adam, as <c>torch.optim.Adam</c>: m = β₁m + (1 − β₁)g, v = β₂v + (1 − β₂)g², θ −= lr·(m / (1 − β₁ᵗ)) / (√v / √(1 − β₂ᵗ) + ε).
/// Weight decay is L2 (g += λθ before the moments), or with <c>decoupledWeightDecay</c> AdamW's θ −= lr·λθ before the step.
/// </summary>
public sealed class Adam : Optimizer
{
    /// <summary>Adam with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="beta1">β₁, the first moment's decay, in [0, 1).</param>
    /// <param name="beta2">β₂, the second moment's decay, in [0, 1).</param>
    /// <param name="epsilon">ε, added to the denominator, finite and &gt; 0.</param>
    /// <param name="weightDecay">λ, finite and ≥ 0; 0 for none.</param>
    /// <param name="decoupledWeightDecay">True: AdamW's decoupled decay (the same as <see cref="AdamW"/>); false: L2 added to the gradient.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it, the range and the value.</exception>
    public Adam(float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f, float weightDecay = 0f,
        bool decoupledWeightDecay = false) : base(learningRate)
    {
        Beta1 = CheckDecay(beta1, nameof(beta1));
        Beta2 = CheckDecay(beta2, nameof(beta2));
        Epsilon = CheckPositive(epsilon, nameof(epsilon));
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
        DecoupledWeightDecay = decoupledWeightDecay;
    }

    /// <summary>β₁, the first moment's decay.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the second moment's decay.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public float Epsilon { get; }

    /// <summary>λ, the weight decay (0: none).</summary>
    public float WeightDecay { get; }

    /// <summary>Whether the weight decay is AdamW's decoupled decay rather than L2 in the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    internal override OptimizerState CreateState(int parameterCount) =>
        new AdamState(parameterCount, Beta1, Beta2, Epsilon, WeightDecay, DecoupledWeightDecay);

    /// <inheritdoc/>
    public override string ToString() =>
        $"Adam(lr {LearningRate}, β₁ {Beta1}, β₂ {Beta2}, ε {Epsilon}" + (WeightDecay > 0 ? $", {(DecoupledWeightDecay ? "decoupled " : "")}weight decay {WeightDecay})" : ")");
}

/// <summary>
/// AdamW, as <c>torch.optim.AdamW</c>: Adam whose weight decay is decoupled from the gradient, θ −= lr·λθ before each Adam
/// step. The same as <see cref="Adam"/> with <c>decoupledWeightDecay: true</c>, with PyTorch's AdamW default λ = 0.01.
/// </summary>
public sealed class AdamW : Optimizer
{
    /// <summary>AdamW with PyTorch's defaults.</summary>
    /// <param name="learningRate">lr, finite and &gt; 0.</param>
    /// <param name="weightDecay">λ, finite and ≥ 0.</param>
    /// <param name="beta1">β₁, the first moment's decay, in [0, 1).</param>
    /// <param name="beta2">β₂, the second moment's decay, in [0, 1).</param>
    /// <param name="epsilon">ε, added to the denominator, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range; the message names it, the range and the value.</exception>
    public AdamW(float learningRate = 1e-3f, float weightDecay = 0.01f, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f) : base(learningRate)
    {
        WeightDecay = CheckNonNegative(weightDecay, nameof(weightDecay));
        Beta1 = CheckDecay(beta1, nameof(beta1));
        Beta2 = CheckDecay(beta2, nameof(beta2));
        Epsilon = CheckPositive(epsilon, nameof(epsilon));
    }

    /// <summary>λ, the decoupled weight decay.</summary>
    public float WeightDecay { get; }

    /// <summary>β₁, the first moment's decay.</summary>
    public float Beta1 { get; }

    /// <summary>β₂, the second moment's decay.</summary>
    public float Beta2 { get; }

    /// <summary>ε, added to the denominator.</summary>
    public float Epsilon { get; }

    internal override OptimizerState CreateState(int parameterCount) =>
        new AdamState(parameterCount, Beta1, Beta2, Epsilon, WeightDecay, decoupled: true);

    /// <inheritdoc/>
    public override string ToString() => $"AdamW(lr {LearningRate}, weight decay {WeightDecay}, β₁ {Beta1}, β₂ {Beta2}, ε {Epsilon})";
}

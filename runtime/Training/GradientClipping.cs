using System;

namespace LstmGen.Training;

/// <summary>Clipping by the global L2 norm over all parameters, as <c>torch.nn.utils.clip_grad_norm_</c>.</summary>
internal static class GradientClipping
{
    /// <summary>√(Σ g²) over the whole vector, accumulated in float64.</summary>
    public static double Norm(ReadOnlySpan<float> gradient)
    {
        double sum = 0;
        foreach (float g in gradient)
            sum += (double)g * g;
        return Math.Sqrt(sum);
    }

    /// <summary>Scales the gradient by max / (norm + 10⁻⁶) when that is below 1 (torch's coefficient, clamped at 1).</summary>
    public static void Clip(Span<float> gradient, double norm, float maxNorm)
    {
        float coefficient = (float)(maxNorm / (norm + 1e-6));
        if (coefficient >= 1)
            return;
        for (int k = 0; k < gradient.Length; k++)
            gradient[k] *= coefficient;
    }
}

using System;
using System.Numerics;

namespace LstmGen.Training;

/// <summary>Adam's and AdamW's state: the two moments and the step count. Element operations in PyTorch's order, in float32.</summary>
internal sealed class AdamState(int parameterCount, float beta1, float beta2, float epsilon, float weightDecay, bool decoupled) : OptimizerState
{
    private readonly float[] _m = new float[parameterCount], _v = new float[parameterCount];
    private long _step;

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient, float learningRate)
    {
        _step++;
        // The scalars as torch computes them, in double: lr / (1 − β₁ᵗ) and √(1 − β₂ᵗ).
        float stepSize = (float)(learningRate / (1 - Math.Pow(beta1, _step)));
        float correction2 = (float)Math.Sqrt(1 - Math.Pow(beta2, _step));
        float shrink = (float)(1 - (double)learningRate * weightDecay); // AdamW: θ ·= 1 − lr·λ
        float l2 = decoupled ? 0 : weightDecay;
        float keep1 = (float)(1 - (double)beta1), keep2 = (float)(1 - (double)beta2);
        Span<float> m = _m.AsSpan(0, parameters.Length), v = _v.AsSpan(0, parameters.Length);
        gradient = gradient.Slice(0, parameters.Length);
        // Vectors, then the tail: the same operations per element in the same order (no fused multiply-add), so every
        // element gets the same result as the scalar loop whatever the vector width.
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vBeta1, vBeta2, vKeep1, vKeep2) = (new Vector<float>(beta1), new Vector<float>(beta2), new Vector<float>(keep1), new Vector<float>(keep2));
            var (vStep, vCorrection2, vEpsilon, vShrink, vL2) = (new Vector<float>(stepSize), new Vector<float>(correction2), new Vector<float>(epsilon),
                new Vector<float>(shrink), new Vector<float>(l2));
            for (; k <= parameters.Length - Vector<float>.Count; k += Vector<float>.Count)
            {
                var p = new Vector<float>(parameters.Slice(k));
                var g = new Vector<float>(gradient.Slice(k));
                if (l2 != 0)
                    g += vL2 * p;
                else if (decoupled)
                    p *= vShrink;
                var mk = new Vector<float>(m.Slice(k)) * vBeta1 + vKeep1 * g;
                var vk = new Vector<float>(v.Slice(k)) * vBeta2 + vKeep2 * g * g;
                mk.CopyTo(m.Slice(k));
                vk.CopyTo(v.Slice(k));
                (p - vStep * (mk / (Vector.SquareRoot(vk) / vCorrection2 + vEpsilon))).CopyTo(parameters.Slice(k));
            }
        }
        for (; k < parameters.Length; k++)
        {
            float p = parameters[k], g = gradient[k];
            if (l2 != 0)
                g += l2 * p;
            else if (decoupled)
                p *= shrink;
            m[k] = m[k] * beta1 + keep1 * g;
            v[k] = v[k] * beta2 + keep2 * g * g;
            parameters[k] = p - stepSize * (m[k] / (MathF.Sqrt(v[k]) / correction2 + epsilon));
        }
    }

    public override void Reset()
    {
        Array.Clear(_m);
        Array.Clear(_v);
        _step = 0;
    }
}

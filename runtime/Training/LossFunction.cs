using System;

namespace LstmGen.Training;

/// <summary>
/// The losses' values and their gradients with respect to the model output (or to the last Softmax layer's logits), in
/// float64, with PyTorch's mean reductions. Output rows are time-major ([step, sample]) as the passes keep them, targets
/// sample-major ([sample, step]) as the caller gives them.
/// </summary>
internal static class LossFunction
{
    /// <summary>Throws unless <paramref name="loss"/> is defined for the model's output.</summary>
    public static void CheckApplies(ModelArchitecture architecture, Loss loss)
    {
        switch (loss)
        {
            case Loss.MeanSquaredError:
                return;
            case Loss.CrossEntropy when architecture.Output < 2:
                throw new ArgumentException($"loss: CrossEntropy needs at least 2 outputs per step (one score per class), but the model outputs " +
                    $"{architecture.Output}; use MeanSquaredError, or a Dense layer with one unit per class.", nameof(loss));
            case Loss.CrossEntropy:
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, $"loss: expected CrossEntropy or MeanSquaredError, got {loss}.");
        }
    }

    /// <summary>Cross-entropy targets are probabilities: finite and not negative.</summary>
    public static void CheckTargets(ReadOnlySpan<float> targets, Loss loss)
    {
        if (loss != Loss.CrossEntropy)
            return;
        for (int k = 0; k < targets.Length; k++)
            if (!(targets[k] >= 0) || float.IsPositiveInfinity(targets[k]))
                throw new ArgumentException($"targets[{k}]: CrossEntropy targets are probabilities (finite, ≥ 0), got {targets[k]}.", "targets");
    }

    /// <summary>
    /// The mean loss of <paramref name="output"/> ([rows, width], rows = steps·batch time-major) against
    /// <paramref name="targets"/>, writing d(loss)/d(output) to <paramref name="gradient"/>. For cross-entropy the output is
    /// taken as logits: pass a Softmax layer's pre-activations, and the gradient is with respect to them.
    /// </summary>
    public static double Evaluate(Loss loss, ReadOnlySpan<float> output, ReadOnlySpan<float> targets, Span<float> gradient, int batch, int steps, int width)
    {
        int rows = batch * steps;
        double total = 0;
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
            {
                int o = (s * batch + b) * width, t = (b * steps + s) * width;
                total += loss == Loss.CrossEntropy
                    ? CrossEntropyRow(output.Slice(o, width), targets.Slice(t, width), gradient.Slice(o, width), 1.0 / rows)
                    : SquaredErrorRow(output.Slice(o, width), targets.Slice(t, width), gradient.Slice(o, width), 1.0 / ((double)rows * width));
            }
        return loss == Loss.CrossEntropy ? total / rows : total / ((double)rows * width);
    }

    // −Σ t·log softmax(z) = Σt·logsumexp(z) − Σ t·z; d/dz = (softmax(z)·Σt − t)·scale.
    private static double CrossEntropyRow(ReadOnlySpan<float> z, ReadOnlySpan<float> target, Span<float> gradient, double scale)
    {
        double max = double.NegativeInfinity;
        foreach (float v in z)
            max = Math.Max(max, v);
        double sumExp = 0, sumTarget = 0, dot = 0;
        for (int j = 0; j < z.Length; j++)
        {
            sumExp += Math.Exp(z[j] - max);
            sumTarget += target[j];
            dot += (double)target[j] * z[j];
        }
        double logSumExp = max + Math.Log(sumExp);
        for (int j = 0; j < z.Length; j++)
            gradient[j] = (float)((Math.Exp(z[j] - max) / sumExp * sumTarget - target[j]) * scale);
        return sumTarget * logSumExp - dot;
    }

    // Σ (y − t)²; d/dy = 2(y − t)·scale.
    private static double SquaredErrorRow(ReadOnlySpan<float> y, ReadOnlySpan<float> target, Span<float> gradient, double scale)
    {
        double sum = 0;
        for (int j = 0; j < y.Length; j++)
        {
            double d = (double)y[j] - target[j];
            sum += d * d;
            gradient[j] = (float)(2 * d * scale);
        }
        return sum;
    }
}

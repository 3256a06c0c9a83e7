using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;

namespace LstmGen.Training.Tests;

/// <summary>
/// Compares <see cref="Gradients.Compute"/> (float32) with float64 references, element by element.
/// </summary>
/// <remarks>
/// Tolerance: |analytic − reference| ≤ 10⁻⁴·|reference| + 10⁻⁵·max|reference| over the whole model. The analytic gradient
/// is float32 arithmetic (relative rounding 6·10⁻⁸ per operation) over sums of up to steps·batch·(gates·units) terms,
/// with σ and tanh from rational approximations of absolute error ≤ 3.2·10⁻⁷. The worst errors observed are about
/// 10⁻⁷ of the largest gradient (under 1 % of the bound, on every SIMD path), so the bound leaves a wide margin for other
/// CPUs while a wrong term (a missing step, gate or sample, a misplaced index) moves an element by its own size, far
/// beyond it. Elements near zero are judged against the largest gradient, since float32 cannot give them more than
/// absolute accuracy.
/// </remarks>
public static class GradientCheck
{
    public const double Relative = 1e-4, Absolute = 1e-5;

    /// <summary>Throws unless every element is within the tolerance; returns the worst error as a fraction of its bound.</summary>
    public static double AssertClose(IReadOnlyList<string> names, IReadOnlyList<float[]> analytic, IReadOnlyList<double[]> reference, IReadOnlyList<int[]>? checkedIndices = null)
    {
        Assert.Equal(reference.Count, analytic.Count);
        double scale = reference.SelectMany(r => r).Select(Math.Abs).DefaultIfEmpty(0).Max();
        Assert.True(scale > 0, "every reference gradient is zero: the check would prove nothing");
        double worst = 0;
        for (int k = 0; k < reference.Count; k++)
        {
            Assert.Equal(reference[k].Length, analytic[k].Length);
            foreach (int i in checkedIndices?[k] ?? Enumerable.Range(0, reference[k].Length).ToArray())
            {
                double bound = Relative * Math.Abs(reference[k][i]) + Absolute * scale;
                double error = Math.Abs(analytic[k][i] - reference[k][i]);
                worst = Math.Max(worst, error / bound);
                Assert.True(error <= bound,
                    $"{names[k]}[{i}]: gradient {analytic[k][i]:R}, reference {reference[k][i]:R} (error {error:E2} > bound {bound:E2}; largest gradient {scale:E2})");
            }
        }
        return worst;
    }

    /// <summary>Loss values: float32 against float64, relative 10⁻⁵ (a mean of float64 terms computed from float32 outputs).</summary>
    public static void AssertLoss(double reference, float actual) =>
        Assert.True(Math.Abs(actual - reference) <= 1e-5 * Math.Max(1, Math.Abs(reference)), $"loss {actual:R}, reference {reference:R}");

    /// <summary>Targets for a loss: cross-entropy rows alternate one-hot and random probabilities; squared error, values in ±1.</summary>
    public static float[] Targets(ModelArchitecture architecture, Loss loss, int batch, Random rng)
    {
        int width = architecture.Output, rows = batch * architecture.OutputLength / width;
        var targets = new float[batch * architecture.OutputLength];
        for (int r = 0; r < rows; r++)
        {
            var row = targets.AsSpan(r * width, width);
            if (loss == Loss.MeanSquaredError)
                for (int j = 0; j < width; j++) row[j] = (float)(rng.NextDouble() * 2 - 1);
            else if (r % 2 == 0)
                row[rng.Next(width)] = 1;
            else
            {
                var raw = Enumerable.Range(0, width).Select(_ => rng.NextDouble() + 0.05).ToArray();
                double sum = raw.Sum();
                for (int j = 0; j < width; j++) row[j] = (float)(raw[j] / sum);
            }
        }
        return targets;
    }

    public static float[] Inputs(ModelArchitecture architecture, int batch, Random rng) =>
        Enumerable.Range(0, batch * architecture.InputLength).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
}

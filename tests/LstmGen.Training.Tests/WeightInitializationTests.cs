using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>
/// <see cref="WeightInitialization.PyTorchDefault"/>: per tensor of every layer kind, PyTorch's bound, distribution
/// (uniform, or the sum of two uniforms for the LSTM's summed bias) and moments; bit-identical for a seed.
/// </summary>
/// <remarks>
/// Moments are checked within 5 standard errors: for n values uniform in ±b the mean has standard error b/√(3n) and the
/// mean square (expected b²/3) has √(4/45)·b²/√n; for the sum of two, 2b²/3 and √(28/45)·b²/√n. A wrong bound (√ of the
/// wrong size, fan-in instead of units) moves the mean square by a factor, tens of standard errors at these sizes.
/// </remarks>
public sealed class WeightInitializationTests(ITestOutputHelper log)
{
    private static readonly ModelArchitecture Model = new(8, 2,
        Lstm(64, returnSequences: true, bidirectional: true), Gru(48, returnSequences: true), Gru(40, resetAfter: false), Dense(30));

    private enum Shape { Uniform, SumOfTwo, Zero }

    // Per tensor in Flatten order: LSTM W_ih, W_hh, bias per direction; GRU W_ih, W_hh, b_ih, b_hh; Dense W, b.
    private static IEnumerable<(string Name, double Bound, Shape Shape)> Expected()
    {
        double lstm = 1 / Math.Sqrt(64), gru = 1 / Math.Sqrt(48), keras = 1 / Math.Sqrt(40), dense = 1 / Math.Sqrt(40);
        foreach (string d in new[] { "forward", "backward" })
        {
            yield return ($"LSTM {d} W_ih", lstm, Shape.Uniform);
            yield return ($"LSTM {d} W_hh", lstm, Shape.Uniform);
            yield return ($"LSTM {d} bias", lstm, Shape.SumOfTwo);
        }
        foreach (string t in new[] { "W_ih", "W_hh", "b_ih", "b_hh" })
            yield return ($"GRU {t}", gru, Shape.Uniform);
        foreach (string t in new[] { "W_ih", "W_hh", "b_ih" })
            yield return ($"GRU reset_after=False {t}", keras, Shape.Uniform);
        yield return ("GRU reset_after=False b_hh (no parameter)", 0, Shape.Zero);
        yield return ("Dense W", dense, Shape.Uniform);
        yield return ("Dense b", dense, Shape.Uniform);
    }

    [Fact]
    public void EveryTensorHasPyTorchsDistribution()
    {
        var tensors = ReferenceNetwork.Flatten(WeightInitialization.PyTorchDefault(Model, seed: 3)).Select(t => t.Values).ToList();
        var expected = Expected().ToList();
        Assert.Equal(expected.Count, tensors.Count);
        for (int k = 0; k < tensors.Count; k++)
        {
            var (name, b, shape) = expected[k];
            var v = tensors[k].Select(x => (double)x).ToArray();
            int n = v.Length;
            if (shape == Shape.Zero)
            {
                Assert.All(v, x => Assert.Equal(0, x));
                continue;
            }
            double limit = shape == Shape.SumOfTwo ? 2 * b : b;
            Assert.All(v, x => Assert.InRange(Math.Abs(x), 0, limit));
            double mean = v.Average(), square = v.Average(x => x * x);
            double expectedSquare = shape == Shape.SumOfTwo ? 2 * b * b / 3 : b * b / 3;
            double squareError = (shape == Shape.SumOfTwo ? Math.Sqrt(28.0 / 45) : Math.Sqrt(4.0 / 45)) * b * b / Math.Sqrt(n);
            double meanError = Math.Sqrt(expectedSquare / n);
            log.WriteLine($"{name} ({n}): bound {limit:F4}, largest |w| {v.Max(Math.Abs):F4}, mean {mean / meanError:F2} σ, mean square {(square - expectedSquare) / squareError:F2} σ off");
            Assert.True(Math.Abs(mean) <= 5 * meanError, $"{name}: mean {mean}");
            Assert.True(Math.Abs(square - expectedSquare) <= 5 * squareError, $"{name}: mean square {square}, expected {expectedSquare}");
            if (shape == Shape.Uniform) // n uniform values all stay inside b·(1 − 10/n) with probability (1 − 10/n)ⁿ ≈ e⁻¹⁰
                Assert.True(v.Max(Math.Abs) > b * (1 - 10.0 / n), $"{name}: largest |w| {v.Max(Math.Abs)} of bound {b}");
            else // the triangular sum: half its values within ±b·(2 − √2) of 0
                Assert.InRange(v.Count(x => Math.Abs(x) <= b * (2 - Math.Sqrt(2))) / (double)n, 0.4, 0.6);
        }
    }

    [Fact]
    public void SameSeedBitIdenticalOtherSeedDifferent()
    {
        var a = TrainerTestData.Flat(WeightInitialization.PyTorchDefault(Model, seed: 11));
        Assert.Equal(a, TrainerTestData.Flat(WeightInitialization.PyTorchDefault(Model, seed: 11)));
        var b = TrainerTestData.Flat(WeightInitialization.PyTorchDefault(Model, seed: 12));
        Assert.True(a.Zip(b).Count(p => p.First == p.Second) < a.Length / 100);
        Model.ValidateWeights(WeightInitialization.PyTorchDefault(Model, seed: 11));
        Assert.Throws<ArgumentNullException>(() => WeightInitialization.PyTorchDefault(null!, 1));
    }
}

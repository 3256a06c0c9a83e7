namespace LstmGen.Tests;

/// <summary>The check every numerical test makes: each value finite and within a tolerance of a float64 reference.</summary>
internal static class AssertClose
{
    /// <summary>The kernels' bound: max abs error against float64.</summary>
    public const double Tolerance = 1e-5;

    /// <summary>
    /// Asserts every element of <paramref name="actual"/>; returns the largest difference, which also goes to
    /// <paramref name="log"/> with the SIMD path that computed it.
    /// </summary>
    public static double Within(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what, double tolerance = Tolerance,
        ITestOutputHelper? log = null)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(double.IsFinite(actual[k]), $"{what}: element {k} is {actual[k]}");
            double d = Math.Abs(expected[k] - actual[k]);
            Assert.True(d <= tolerance, $"{what}: element {k} is {actual[k]}, expected {expected[k]} (|diff| = {d:E2} > {tolerance:E0})");
            worst = Math.Max(worst, d);
        }
        log?.WriteLine($"{what}: max abs error {worst:E2} over {expected.Length} values ({SimdPath.Active} path)");
        return worst;
    }

    /// <inheritdoc cref="Within(ReadOnlySpan{double}, ReadOnlySpan{double}, string, double, ITestOutputHelper?)"/>
    public static double Within(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what, double tolerance = Tolerance,
        ITestOutputHelper? log = null)
    {
        var widened = new double[actual.Length];
        for (int k = 0; k < actual.Length; k++) widened[k] = actual[k];
        return Within(expected, widened, what, tolerance, log);
    }
}

namespace LstmGen.Tests;

/// <summary>
/// Kernels that walk W_hh in alternating directions sum in a different order every other step, so a reset must also
/// start the walk forwards again. The check: step a reused instance an odd number of times, reset it, then step it
/// and a fresh one over the same inputs; their outputs must agree bit for bit.
/// </summary>
internal static class ResetCheck
{
    public delegate void Step(ReadOnlySpan<float> x, Span<float> y);

    public static void AssertBitIdenticalAfterReset(Step fresh, Step reused, Action reset, int input, int output, float[] xs, string what)
    {
        var yFresh = new float[output];
        var yReused = new float[output];
        for (int t = 0; t < 3; t++)
            reused(xs.AsSpan(t * input, input), yReused);
        reset();
        for (int t = 0; t < xs.Length / input; t++)
        {
            fresh(xs.AsSpan(t * input, input), yFresh);
            reused(xs.AsSpan(t * input, input), yReused);
            Assert.True(yFresh.AsSpan().SequenceEqual(yReused), $"{what}: step {t} after the reset differs from a fresh instance");
        }
    }
}

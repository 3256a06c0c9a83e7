namespace LstmGen.Tests;

/// <summary>Padded batches for the tests of ForwardBatch and PredictBatch with per-sequence lengths.</summary>
internal static class PaddedBatches
{
    /// <summary>Padding far outside the inputs' range (±3): any of it reaching an output would show.</summary>
    public const float Padding = 1e4f;

    /// <summary>
    /// Two groups of four and a partial one, for sequences of <paramref name="steps"/>: full, empty, one-step and
    /// in-between lengths, in no order.
    /// </summary>
    public static int[] Lengths(int steps) =>
        new[] { steps, 1, 0, steps - 1, steps / 2, steps, 2, 0, 1 }.Select(l => Math.Clamp(l, 0, steps)).ToArray();

    /// <summary>
    /// [batch, steps, input] floats: values up to ±3 in sequence q's first <c>lengths[q]</c> steps, <paramref name="padding"/> after.
    /// </summary>
    public static float[] Inputs(int input, int steps, int[] lengths, int seed, float padding)
    {
        var x = TestData.Inputs(lengths.Length * steps * input, seed, amplitude: 3f);
        for (int q = 0; q < lengths.Length; q++)
            x.AsSpan((q * steps + lengths[q]) * input, (steps - lengths[q]) * input).Fill(padding);
        return x;
    }
}

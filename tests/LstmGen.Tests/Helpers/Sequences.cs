namespace LstmGen.Tests;

internal static class Sequences
{
    /// <summary>A [step, feature] sequence of <paramref name="width"/> features per step, with the steps in reverse order.</summary>
    public static float[] ReverseSteps(float[] seq, int width)
    {
        int steps = seq.Length / width;
        var r = new float[seq.Length];
        for (int t = 0; t < steps; t++)
            Array.Copy(seq, t * width, r, (steps - 1 - t) * width, width);
        return r;
    }
}

using System;

namespace LstmGen.Benchmarks;

/// <summary>Setup helpers: deterministic inputs and the agreement check that guards every benchmark.</summary>
internal static class Check
{
    /// <summary>Largest |generated − LstmKernel| (and naive loop) accepted before a benchmark refuses to run.</summary>
    public const float Tolerance = 1e-5f;

    /// <summary>Largest |ONNX Runtime or TorchSharp − generated| accepted (other libraries' own float32 activations).</summary>
    public const float LibraryTolerance = 1e-4f;

    /// <summary>Deterministic inputs in [−1, 1): the same seed always gives the same floats.</summary>
    public static float[] Inputs(int count, int seed)
    {
        var rng = new Random(seed);
        var a = new float[count];
        for (int k = 0; k < a.Length; k++) a[k] = (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    /// <summary>Throws unless <paramref name="actual"/> matches <paramref name="expected"/> within <paramref name="tolerance"/>.</summary>
    public static void Agree(string what, ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance = Tolerance)
    {
        if (expected.Length != actual.Length)
            throw new InvalidOperationException($"{what}: lengths differ ({expected.Length} vs {actual.Length}).");
        for (int k = 0; k < expected.Length; k++)
        {
            float d = MathF.Abs(expected[k] - actual[k]);
            if (!(d <= tolerance)) // also catches NaN
                throw new InvalidOperationException(
                    $"{what}: element {k} is {actual[k]}, expected {expected[k]} (|diff| = {d:E2} > {tolerance:E0}). Refusing to benchmark a wrong result.");
        }
    }

    /// <summary>Clears <paramref name="output"/>, lets <paramref name="run"/> fill it, then <see cref="Agree"/>s it with <paramref name="expected"/>.</summary>
    public static void AgreeAfter(string what, ReadOnlySpan<float> expected, float[] output, Action run, float tolerance = Tolerance)
    {
        Array.Clear(output);
        run();
        Agree(what, expected, output, tolerance);
    }

    /// <summary>Runs one streaming step per input on both from a reset state, comparing h after each, then resets both.</summary>
    public static void AgreeStreaming(string what, ILstmLayer expected, Action<ReadOnlySpan<float>, Span<float>> actualStep, Action actualReset,
        float[] xs, float tolerance = Tolerance)
    {
        int input = expected.Input, units = expected.Units;
        var hExpected = new float[units];
        var hActual = new float[units];
        expected.ResetState();
        actualReset();
        for (int t = 0; t < xs.Length / input; t++)
        {
            expected.Step(xs.AsSpan(t * input, input), hExpected);
            actualStep(xs.AsSpan(t * input, input), hActual);
            Agree($"{what} step {t}", hExpected, hActual, tolerance);
        }
        expected.ResetState();
        actualReset();
    }
}

using System;

namespace EdgeStream;

/// <summary>The machine states the classifier tells apart.</summary>
public enum MachineState { Normal = 0, Imbalance = 1, BearingFault = 2 }

/// <summary>
/// A synthetic 3-axis accelerometer on a rotating machine, sampled at 1 kHz: a shaft frequency of 20–40 Hz with small
/// random amplitudes and phases, plus noise. An imbalance makes the shaft component on x and y large and rotating
/// (x and y a quarter turn apart); a bearing fault adds short decaying impulses 80–120 times a second on every axis.
/// Deterministic for a seed.
/// </summary>
public sealed class VibrationSignal(int seed)
{
    public const int Axes = 3;
    public const float SampleRateHz = 1000f;
    private readonly Random _random = new(seed);

    /// <summary>Writes <paramref name="samples"/>.Length / 3 samples of one machine state, [time, axis].</summary>
    public void Fill(MachineState state, Span<float> samples)
    {
        if (samples.Length % Axes != 0)
            throw new ArgumentException($"samples must hold whole [time, {Axes}] rows; its length is {samples.Length}.", nameof(samples));
        float shaftHz = Uniform(20, 40), faultHz = Uniform(80, 120), faultPhase = Uniform(0, 1);
        Span<float> amplitude = stackalloc float[Axes], phase = stackalloc float[Axes];
        for (int a = 0; a < Axes; a++)
            (amplitude[a], phase[a]) = (Uniform(0.2f, 0.5f), Uniform(0, 2 * MathF.PI));
        if (state == MachineState.Imbalance)
        {
            float big = Uniform(1.0f, 1.6f);
            (amplitude[0], amplitude[1], phase[1]) = (big, big, phase[0] + MathF.PI / 2);
        }
        for (int t = 0; t < samples.Length / Axes; t++)
        {
            float seconds = t / SampleRateHz;
            float impulse = 0;
            if (state == MachineState.BearingFault)
            {
                float sinceImpulse = (seconds * faultHz + faultPhase) % 1f / faultHz; // seconds since the last impulse
                impulse = 1.5f * MathF.Exp(-sinceImpulse * 900f) * MathF.Cos(2 * MathF.PI * 400f * sinceImpulse);
            }
            for (int a = 0; a < Axes; a++)
                samples[t * Axes + a] = amplitude[a] * MathF.Sin(2 * MathF.PI * shaftHz * seconds + phase[a]) + impulse + Gaussian(0.1f);
        }
    }

    /// <summary>A state drawn uniformly.</summary>
    public MachineState NextState() => (MachineState)_random.Next(3);

    private float Uniform(float low, float high) => low + (high - low) * _random.NextSingle();

    private float Gaussian(float sigma) =>
        sigma * MathF.Sqrt(-2 * MathF.Log(1 - _random.NextSingle())) * MathF.Cos(2 * MathF.PI * _random.NextSingle());
}

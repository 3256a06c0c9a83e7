using System;

namespace LstmGen.Benchmarks;

/// <summary>
/// A plain scalar float LSTM, written the way one would without thinking about SIMD: row-major
/// W_ih [4U, I] and W_hh [4U, U] straight from <see cref="LstmWeights"/>, one dot product per gate row.
/// Context for the benchmarks only (what "just write the loops" costs); it allocates nothing per call.
/// </summary>
public sealed class NaiveLstm
{
    private readonly int _input, _units;
    private readonly float[] _wIh, _wHh, _bias;
    private readonly float[] _z;                // the 4U gate pre-activations of one step
    private readonly float[] _h, _c;            // streaming state (Step)
    private readonly float[] _hFwd, _cFwd;      // Forward's own state, so Forward leaves Step's alone

    public NaiveLstm(LstmWeights weights)
    {
        _input = weights.Input;
        _units = weights.Units;
        _wIh = weights.WeightIh.ToArray();
        _wHh = weights.WeightHh.ToArray();
        _bias = weights.Bias.ToArray();
        _z = new float[4 * _units];
        _h = new float[_units];
        _c = new float[_units];
        _hFwd = new float[_units];
        _cFwd = new float[_units];
    }

    /// <summary>Runs steps = input.Length / Input steps from a zero state and writes the last h.</summary>
    public void Forward(ReadOnlySpan<float> input, Span<float> output)
    {
        Array.Clear(_hFwd);
        Array.Clear(_cFwd);
        int steps = input.Length / _input;
        for (int t = 0; t < steps; t++)
            StepCore(input.Slice(t * _input, _input), _hFwd, _cFwd);
        _hFwd.AsSpan().CopyTo(output);
    }

    /// <summary>One streaming step; h and c carry over between calls.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h)
    {
        StepCore(x, _h, _c);
        _h.AsSpan().CopyTo(h);
    }

    public void ResetState()
    {
        Array.Clear(_h);
        Array.Clear(_c);
    }

    private void StepCore(ReadOnlySpan<float> x, float[] h, float[] c)
    {
        int n = _input, u = _units;
        // z = b + W_ih·x + W_hh·h, gates i, f, g, o stacked in rows of 4U.
        for (int r = 0; r < 4 * u; r++)
        {
            float sum = _bias[r];
            for (int k = 0; k < n; k++)
                sum += _wIh[r * n + k] * x[k];
            for (int k = 0; k < u; k++)
                sum += _wHh[r * u + k] * h[k];
            _z[r] = sum;
        }
        // Every z is computed from the old h before h is overwritten here.
        for (int j = 0; j < u; j++)
        {
            float i = Sigmoid(_z[j]);
            float f = Sigmoid(_z[u + j]);
            float g = MathF.Tanh(_z[2 * u + j]);
            float o = Sigmoid(_z[3 * u + j]);
            c[j] = f * c[j] + i * g;
            h[j] = o * MathF.Tanh(c[j]);
        }
    }

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));
}

namespace LstmGen.Tests;

/// <summary>
/// The independent reference: a plain float64 scalar LSTM (<see cref="ReferenceCells.LstmStep"/>, sigmoid and tanh)
/// reading the framework-native PyTorch tensors (not LstmWeights' packed layout). Every kernel is compared with it.
/// </summary>
public sealed class ReferenceLstm
{
    private readonly int _input, _units;
    private readonly double[] _wIh, _wHh, _b;
    private readonly double[] _h, _c;

    public ReferenceLstm(int input, int units, float[] wIh, float[] wHh, float[] bIh, float[] bHh)
    {
        _input = input;
        _units = units;
        _wIh = Array.ConvertAll(wIh, v => (double)v);
        _wHh = Array.ConvertAll(wHh, v => (double)v);
        _b = new double[4 * units];
        for (int r = 0; r < 4 * units; r++) _b[r] = (double)bIh[r] + bHh[r];
        _h = new double[units];
        _c = new double[units];
    }

    public double[] H => (double[])_h.Clone();

    public void Reset()
    {
        Array.Clear(_h);
        Array.Clear(_c);
    }

    public void Step(ReadOnlySpan<float> x) =>
        ReferenceCells.LstmStep(_wIh, _wHh, _b, x.Slice(0, _input).ToArray().Select(v => (double)v).ToArray(), _h, _c);

    /// <summary>Runs a sequence from zero state; returns every hidden state, [step, unit].</summary>
    public double[] Sequence(ReadOnlySpan<float> input)
    {
        Reset();
        int steps = input.Length / _input;
        var all = new double[steps * _units];
        for (int t = 0; t < steps; t++)
        {
            Step(input.Slice(t * _input, _input));
            Array.Copy(_h, 0, all, t * _units, _units);
        }
        return all;
    }
}

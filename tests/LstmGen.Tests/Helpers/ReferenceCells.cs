using System;
using System.Linq;

namespace LstmGen.Tests;

/// <summary>
/// The float64 equations the test references share (ReferenceLstm and ReferenceModel here, ReferenceNetwork in the
/// training tests, which links this file): activations, softmax, one LSTM step, one PyTorch-layout GRU step, one
/// Dense layer. Written from the frameworks' definitions, not from the runtime's kernels or LstmMath. Weights are
/// row-major in PyTorch's layouts: W_ih [G·U, I], W_hh [G·U, U], Linear W [out, in].
/// </summary>
internal static class ReferenceCells
{
    public static double Activate(Activation a, double x) => a switch
    {
        Activation.Linear => x,
        Activation.Relu => Math.Max(x, 0),
        Activation.Tanh => Math.Tanh(x),
        Activation.Sigmoid => 1 / (1 + Math.Exp(-x)),
        Activation.HardSigmoid => Math.Clamp(x / 6 + 0.5, 0, 1),
        Activation.HardSigmoidKeras2 => Math.Clamp(0.2 * x + 0.5, 0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(a), a, "not element-wise"),
    };

    public static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>
    /// One LSTM step (gates i, f, g, o), updating <paramref name="h"/> and <paramref name="c"/>: z = b + W_ih·x + W_hh·h;
    /// i, f, o = recurrent(z); g = activation(z); c = f∘c + i∘g; h = o∘activation(c). <paramref name="bias"/> is
    /// b_ih + b_hh where a framework keeps two.
    /// </summary>
    public static void LstmStep(double[] wIh, double[] wHh, double[] bias, ReadOnlySpan<double> x, double[] h, double[] c,
        Activation activation = Activation.Tanh, Activation recurrent = Activation.Sigmoid)
    {
        int u = h.Length;
        var z = new double[4 * u];
        for (int r = 0; r < 4 * u; r++)
            z[r] = Affine(Affine(bias[r], wIh, r, x), wHh, r, h);
        for (int j = 0; j < u; j++)
        {
            double i = Activate(recurrent, z[j]), f = Activate(recurrent, z[u + j]);
            double g = Activate(activation, z[2 * u + j]), o = Activate(recurrent, z[3 * u + j]);
            c[j] = f * c[j] + i * g;
            h[j] = o * Activate(activation, c[j]);
        }
    }

    /// <summary>
    /// One GRU step in PyTorch's layout (gates r, z, n); returns h'. r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z likewise;
    /// reset_after (PyTorch, Keras's default): n = act(W_in·x + b_in + r∘(W_hn·h + b_hn)); reset_after=False
    /// (<paramref name="bHh"/> null, as it has no recurrent bias): n = act(W_in·x + b_in + W_hn·(r∘h));
    /// h' = (1 − z)∘n + z∘h.
    /// </summary>
    public static double[] GruStep(double[] wIh, double[] wHh, double[] bIh, double[]? bHh, ReadOnlySpan<double> x, double[] h,
        Activation activation = Activation.Tanh, Activation recurrent = Activation.Sigmoid)
    {
        int u = h.Length;
        double Input(int row, ReadOnlySpan<double> x) => Affine(bIh[row], wIh, row, x);
        double Hidden(int row, double[] v) => Affine(bHh?[row] ?? 0, wHh, row, v);
        var r = new double[u];
        var z = new double[u];
        for (int j = 0; j < u; j++)
        {
            r[j] = Activate(recurrent, Input(j, x) + Hidden(j, h));
            z[j] = Activate(recurrent, Input(u + j, x) + Hidden(u + j, h));
        }
        var rh = bHh is null ? h.Select((v, j) => r[j] * v).ToArray() : null;
        var next = new double[u];
        for (int j = 0; j < u; j++)
        {
            double candidate = rh is null
                ? Activate(activation, Input(2 * u + j, x) + r[j] * Hidden(2 * u + j, h))
                : Activate(activation, Input(2 * u + j, x) + Hidden(2 * u + j, rh));
            next[j] = (1 - z[j]) * candidate + z[j] * h[j];
        }
        return next;
    }

    /// <summary>y = activation(W·x + b), W [out, in]; Softmax over the whole row.</summary>
    public static double[] Dense(double[] w, double[] b, double[] x, Activation activation)
    {
        var y = new double[b.Length];
        for (int o = 0; o < y.Length; o++)
            y[o] = Affine(b[o], w, o, x);
        return activation == Activation.Softmax ? Softmax(y) : y.Select(v => Activate(activation, v)).ToArray();
    }

    /// <summary>start + Σ_k W[row, k]·v[k] for W [rows, v.Length], summed left to right from start.</summary>
    private static double Affine(double start, double[] w, int row, ReadOnlySpan<double> v)
    {
        double sum = start;
        for (int k = 0; k < v.Length; k++) sum += w[row * v.Length + k] * v[k];
        return sum;
    }
}

using System.Collections.Generic;

namespace LstmGen.Tests;

/// <summary>
/// The independent float64 reference for whole models: LSTM and Dense layers written from the equations over
/// framework-native tensors (PyTorch layouts: W_ih [4U, I], W_hh [4U, U], two biases; Linear W [out, in]),
/// with the cell equations and activations of <see cref="ReferenceCells"/>, not taken from LstmMath. Layers hand
/// float32 to each other, as the frameworks do.
/// </summary>
public sealed class ReferenceModel
{
    public abstract record Layer(int Input, int Units)
    {
        public abstract LayerWeights Weights { get; }
    }

    /// <summary>One LSTM layer (PyTorch tensors, gates i, f, g, o).</summary>
    public sealed record Lstm(int Input, int Units, float[] WIh, float[] WHh, float[] BIh, float[] BHh, bool ReturnSequences,
        Activation Activation = Activation.Tanh, Activation RecurrentActivation = Activation.Sigmoid) : Layer(Input, Units)
    {
        public override LayerWeights Weights => LstmWeights.FromPyTorch(Input, Units, WIh, WHh, BIh, BHh);
    }

    /// <summary>One GRU layer (PyTorch tensors, gates r, z, n; reset_after semantics).</summary>
    public sealed record Gru(int Input, int Units, float[] WIh, float[] WHh, float[] BIh, float[] BHh, bool ReturnSequences,
        Activation Activation = Activation.Tanh, Activation RecurrentActivation = Activation.Sigmoid) : Layer(Input, Units)
    {
        public override LayerWeights Weights => GruWeights.FromPyTorch(Input, Units, WIh, WHh, BIh, BHh);
    }

    /// <summary>
    /// One GRU layer with Keras reset_after=False, in Keras's own tensors: kernel [I, 3U], recurrent kernel [U, 3U],
    /// bias [3U], gate columns z, r, h. Computed from these directly, not from the reordered GruWeights.
    /// </summary>
    public sealed record KerasGruBefore(int Input, int Units, float[] Kernel, float[] Recurrent, float[] Bias, bool ReturnSequences,
        Activation Activation = Activation.Tanh, Activation RecurrentActivation = Activation.Sigmoid) : Layer(Input, Units)
    {
        public override LayerWeights Weights => GruWeights.FromKeras(Input, Units, Kernel, Recurrent, Bias, resetAfter: false);
    }

    /// <summary>One Dense layer, W [out, in].</summary>
    public sealed record Dense(int Input, int Units, float[] W, float[] B, Activation Activation) : Layer(Input, Units)
    {
        public override LayerWeights Weights => DenseWeights.FromPyTorch(Input, Units, W, B);
    }

    public ReferenceModel(int input, IEnumerable<Layer> layers)
    {
        Input = input;
        Layers = layers.ToArray();
    }

    public int Input { get; }

    public Layer[] Layers { get; }

    public ModelWeights Weights => new(Layers.Select(l => l.Weights));

    /// <summary>Random layers of the given shapes: weights ±scale, scale = min(0.5, 3/√(fan in)), from <paramref name="seed"/>.</summary>
    public static Layer RandomLstm(int input, int units, int seed, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrent = Activation.Sigmoid)
    {
        var fill = Filler(seed, RecurrentScale(input, units));
        return new Lstm(input, units, fill(4 * units * input), fill(4 * units * units), fill(4 * units), fill(4 * units), returnSequences, activation, recurrent);
    }

    public static Layer RandomGru(int input, int units, int seed, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrent = Activation.Sigmoid)
    {
        var fill = Filler(seed, RecurrentScale(input, units));
        return new Gru(input, units, fill(3 * units * input), fill(3 * units * units), fill(3 * units), fill(3 * units), returnSequences, activation, recurrent);
    }

    public static Layer RandomGruBefore(int input, int units, int seed, bool returnSequences,
        Activation activation = Activation.Tanh, Activation recurrent = Activation.Sigmoid)
    {
        var fill = Filler(seed, RecurrentScale(input, units));
        return new KerasGruBefore(input, units, fill(input * 3 * units), fill(units * 3 * units), fill(3 * units), returnSequences, activation, recurrent);
    }

    public static Layer RandomDense(int input, int units, int seed, Activation activation)
    {
        var fill = Filler(seed, Math.Min(1f, 3f / MathF.Sqrt(input)));
        return new Dense(input, units, fill(units * input), fill(units), activation);
    }

    private static float RecurrentScale(int input, int units) => Math.Min(0.5f, 3f / MathF.Sqrt(input + units));

    /// <summary>Successive arrays of the seed's uniform values in ±<paramref name="scale"/>.</summary>
    private static Func<int, float[]> Filler(int seed, float scale)
    {
        var rng = new Random(seed);
        return n => TestData.Uniform(rng, n, scale);
    }

    /// <summary>
    /// Runs the model over <paramref name="steps"/> steps of <paramref name="input"/>. Returns what Predict should
    /// give (the last layer's output: every step's or the last one's) and, per step, what Step should give.
    /// </summary>
    public (double[] Predict, double[][] PerStep) Run(ReadOnlySpan<float> input, int steps)
    {
        // Per step through all layers (unidirectional layers only, so this is exact), carrying each LSTM's state.
        var h = Layers.Select(l => new double[l.Units]).ToArray();
        var c = Layers.Select(l => new double[l.Units]).ToArray();
        var perStep = new double[steps][];
        for (int t = 0; t < steps; t++)
        {
            double[] x = input.Slice(t * Input, Input).ToArray().Select(v => (double)v).ToArray();
            for (int k = 0; k < Layers.Length; k++)
            {
                x = Layers[k] switch
                {
                    Lstm l => StepLstm(l, x, h[k], c[k]),
                    Gru g => StepGru(g, x, h[k]),
                    KerasGruBefore g => StepGruBefore(g, x, h[k]),
                    Dense d => ApplyDense(d, x),
                    _ => throw new InvalidOperationException(),
                };
                if (k < Layers.Length - 1)
                    x = x.Select(v => (double)(float)v).ToArray();
            }
            perStep[t] = x;
        }
        // Predict's output: every step if the last layer yields a sequence, else the last step's.
        bool sequence = true;
        foreach (var layer in Layers)
            if (layer is Lstm l) sequence = l.ReturnSequences;
            else if (layer is Gru g) sequence = g.ReturnSequences;
            else if (layer is KerasGruBefore b) sequence = b.ReturnSequences;
        var predict = sequence ? perStep.SelectMany(v => v).ToArray() : perStep[steps - 1];
        return (predict, perStep);
    }

    private static double[] StepLstm(Lstm l, double[] x, double[] h, double[] c)
    {
        var bias = new double[4 * l.Units];
        for (int r = 0; r < bias.Length; r++) bias[r] = (double)l.BIh[r] + l.BHh[r];
        ReferenceCells.LstmStep(F64(l.WIh), F64(l.WHh), bias, x, h, c, l.Activation, l.RecurrentActivation);
        return (double[])h.Clone();
    }

    private static double[] StepGru(Gru l, double[] x, double[] h)
    {
        var next = ReferenceCells.GruStep(F64(l.WIh), F64(l.WHh), F64(l.BIh), F64(l.BHh), x, h, l.Activation, l.RecurrentActivation);
        Array.Copy(next, h, l.Units);
        return next;
    }

    /// <summary>One step of a single reset_after=False GRU from (and updating) <paramref name="h"/>: for state tests.</summary>
    public double[] StepFrom(ReadOnlySpan<float> x, double[] h) =>
        StepGruBefore((KerasGruBefore)Layers.Single(), x.ToArray().Select(v => (double)v).ToArray(), h);

    // Keras reset_after=False, columns z, r, h: z = σ(x·K_z + h·R_z + b_z), r likewise,
    // n = tanh(x·K_h + (r∘h)·R_h + b_h), h' = z∘h + (1 − z)∘n.
    private static double[] StepGruBefore(KerasGruBefore l, double[] x, double[] h)
    {
        int u = l.Units, g3 = 3 * u;
        double Column(int column, double[] hSource)
        {
            double sum = l.Bias[column];
            for (int i = 0; i < l.Input; i++) sum += (double)l.Kernel[i * g3 + column] * x[i];
            for (int k = 0; k < u; k++) sum += (double)l.Recurrent[k * g3 + column] * hSource[k];
            return sum;
        }
        var z = new double[u];
        var rh = new double[u];
        for (int j = 0; j < u; j++)
        {
            z[j] = ReferenceCells.Activate(l.RecurrentActivation, Column(j, h));
            rh[j] = ReferenceCells.Activate(l.RecurrentActivation, Column(u + j, h)) * h[j];
        }
        var next = new double[u];
        for (int j = 0; j < u; j++)
            next[j] = z[j] * h[j] + (1 - z[j]) * ReferenceCells.Activate(l.Activation, Column(2 * u + j, rh));
        Array.Copy(next, h, u);
        return next;
    }

    private static double[] ApplyDense(Dense d, double[] x) => ReferenceCells.Dense(F64(d.W), F64(d.B), x, d.Activation);

    private static double[] F64(float[] values) => Array.ConvertAll(values, v => (double)v);
}

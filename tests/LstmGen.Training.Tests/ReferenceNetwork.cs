using System;
using System.Collections.Generic;
using System.Linq;
using LstmGen.Training;

namespace LstmGen.Training.Tests;

/// <summary>
/// An independent float64 model and loss, written here from the equations (PyTorch's LSTM and GRU, Keras's
/// reset_after=False GRU and go_backwards, bidirectional [forward | backward], Dense at every step after a sequence,
/// Dropout as the identity), one sample and one step at a time. Its weights are named tensors in the order and layouts
/// <see cref="Gradients.Compute"/> returns its gradient, so a finite difference of <see cref="Loss"/> per element is the
/// reference for that element of the gradient.
/// </summary>
public sealed class ReferenceNetwork
{
    /// <summary>One weight tensor: its name ("layer 0 W_ih", ...) and values, row-major.</summary>
    public sealed record Tensor(string Name, double[] Values);

    private abstract record Layer(ModelLayer Spec);

    private sealed record Direction(Tensor WIh, Tensor WHh, Tensor Bias);

    private sealed record LstmLayer(ModelLayer Spec, Direction[] Directions) : Layer(Spec);

    // BHh is null for reset_after=False, where it is no parameter.
    private sealed record GruLayer(ModelLayer Spec, Tensor WIh, Tensor WHh, Tensor BIh, Tensor? BHh) : Layer(Spec);

    private sealed record DenseLayer(ModelLayer Spec, Tensor W, Tensor B) : Layer(Spec);

    private sealed record DropoutLayer(ModelLayer Spec) : Layer(Spec);

    private readonly Layer[] _layers;

    /// <summary>Random weights for <paramref name="architecture"/>: uniform ±scale (scale = min(0.6, 2.5/√fan-in)), float32 values.</summary>
    public ReferenceNetwork(ModelArchitecture architecture, int seed)
    {
        Architecture = architecture;
        var rng = new Random(seed);
        Tensor Random(string name, int length, int fanIn)
        {
            double scale = Math.Min(0.6, 2.5 / Math.Sqrt(fanIn));
            return new Tensor(name, Enumerable.Range(0, length).Select(_ => (double)(float)((rng.NextDouble() * 2 - 1) * scale)).ToArray());
        }
        _layers = architecture.Layers.Select((l, k) =>
        {
            string p = $"layer {k} ";
            int fanIn = l.Input + l.Units;
            return l.Kind switch
            {
                LayerKind.Lstm => (Layer)new LstmLayer(l, Enumerable.Range(0, l.Bidirectional ? 2 : 1).Select(d =>
                {
                    string q = p + (d == 1 ? "backward " : "");
                    return new Direction(Random(q + "W_ih", 4 * l.Units * l.Input, fanIn), Random(q + "W_hh", 4 * l.Units * l.Units, fanIn), Random(q + "bias", 4 * l.Units, fanIn));
                }).ToArray()),
                LayerKind.Gru => new GruLayer(l, Random(p + "W_ih", 3 * l.Units * l.Input, fanIn), Random(p + "W_hh", 3 * l.Units * l.Units, fanIn),
                    Random(p + "b_ih", 3 * l.Units, fanIn), l.ResetAfter ? Random(p + "b_hh", 3 * l.Units, fanIn) : null),
                LayerKind.Dense => new DenseLayer(l, Random(p + "W", l.Units * l.Input, l.Input), Random(p + "b", l.Units, l.Input)),
                _ => new DropoutLayer(l),
            };
        }).ToArray();
    }

    public ModelArchitecture Architecture { get; }

    /// <summary>Every parameter tensor, in the order of the gradient's layers and, within a layer, of its weight class.</summary>
    public IReadOnlyList<Tensor> Tensors => _layers.SelectMany(l => l switch
    {
        LstmLayer s => s.Directions.SelectMany(d => new[] { d.WIh, d.WHh, d.Bias }),
        GruLayer g => g.BHh is null ? new[] { g.WIh, g.WHh, g.BIh } : new[] { g.WIh, g.WHh, g.BIh, g.BHh },
        DenseLayer d => new[] { d.W, d.B },
        _ => Array.Empty<Tensor>(),
    }).ToList();

    /// <summary>The same weights as the runtime's weight classes (float32; GRU reset_after=False through its Keras layout).</summary>
    public ModelWeights ToWeights() => new(_layers.Where(l => l is not DropoutLayer).Select(l => l switch
    {
        LstmLayer s when s.Spec.Bidirectional => (LayerWeights)new BidirectionalWeights(ToLstm(s.Spec, s.Directions[0]), ToLstm(s.Spec, s.Directions[1])),
        LstmLayer s => ToLstm(s.Spec, s.Directions[0]),
        GruLayer g when g.BHh is not null => GruWeights.FromPyTorch(g.Spec.Input, g.Spec.Units, F(g.WIh), F(g.WHh), F(g.BIh), F(g.BHh)),
        GruLayer g => ToKerasGru(g),
        DenseLayer d => DenseWeights.FromPyTorch(d.Spec.Input, d.Spec.Units, F(d.W), F(d.B)),
        _ => throw new InvalidOperationException(),
    }));

    /// <summary>
    /// The runtime gradient flattened tensor by tensor in its layers' order (each weight class's tensors in declaration
    /// order). Parameter is false for a reset_after=False GRU's b_hh, which the model does not use (so <see cref="Tensors"/> lacks it).
    /// </summary>
    public static List<(float[] Values, bool Parameter)> Flatten(ModelWeights gradient)
    {
        var tensors = new List<(float[], bool)>();
        void Add(bool parameter, params float[][] values) => tensors.AddRange(values.Select(v => (v, parameter)));
        foreach (var layer in gradient.Layers)
            switch (layer)
            {
                case LstmWeights l:
                    Add(true, l.WeightIh.ToArray(), l.WeightHh.ToArray(), l.Bias.ToArray());
                    break;
                case BidirectionalWeights b:
                    Add(true, b.Forward.WeightIh.ToArray(), b.Forward.WeightHh.ToArray(), b.Forward.Bias.ToArray(), b.Backward.WeightIh.ToArray(), b.Backward.WeightHh.ToArray(), b.Backward.Bias.ToArray());
                    break;
                case GruWeights g:
                    Add(true, g.WeightIh.ToArray(), g.WeightHh.ToArray(), g.BiasIh.ToArray());
                    Add(g.ResetAfter, g.BiasHh.ToArray());
                    break;
                case DenseWeights d:
                    Add(true, d.Weight.ToArray(), d.Bias.ToArray());
                    break;
            }
        return tensors;
    }

    private static float[] F(Tensor t) => t.Values.Select(v => (float)v).ToArray();

    private static LstmWeights ToLstm(ModelLayer l, Direction d) => LstmWeights.FromPyTorch(l.Input, l.Units, F(d.WIh), F(d.WHh), F(d.Bias), []);

    // Keras's reset_after=False GRU: kernel [I, 3U], recurrent kernel [U, 3U], bias [3U], column blocks z, r, h.
    private static GruWeights ToKerasGru(GruLayer g)
    {
        int i = g.Spec.Input, u = g.Spec.Units, g3 = 3 * u;
        int[] torchBlock = [1, 0, 2]; // Keras block z, r, h ← canonical r, z, n
        var kernel = new float[i * g3];
        var recurrent = new float[u * g3];
        var bias = new float[g3];
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < u; j++)
            {
                int row = torchBlock[k] * u + j, column = k * u + j;
                for (int x = 0; x < i; x++) kernel[x * g3 + column] = (float)g.WIh.Values[row * i + x];
                for (int h = 0; h < u; h++) recurrent[h * g3 + column] = (float)g.WHh.Values[row * u + h];
                bias[column] = (float)g.BIh.Values[row];
            }
        return GruWeights.FromKeras(i, u, kernel, recurrent, bias, resetAfter: false);
    }

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

    private static double[] Softmax(double[] z)
    {
        double max = z.Max();
        var e = z.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return e.Select(v => v / sum).ToArray();
    }

    /// <summary>
    /// Null (default): Dropout is the identity. Else training-mode dropout with a fixed mask: the multiplier (0 or
    /// 1 / (1 − rate)) of layer, sample (index in the batch), step (0 for a single vector) and feature.
    /// </summary>
    public Func<int, int, int, int, double>? DropoutMask { get; set; }

    /// <summary>The model's output for one sample: [steps][features] for a sequence output, else one row.</summary>
    /// <param name="sample">Its inputs.</param>
    /// <param name="index">Its index in the batch (for <see cref="DropoutMask"/>).</param>
    public double[][] Run(ReadOnlySpan<float> sample, int index = 0)
    {
        int steps = Architecture.Steps, input = Architecture.Input;
        var x = new double[steps][];
        for (int t = 0; t < steps; t++)
            x[t] = sample.Slice(t * input, input).ToArray().Select(v => (double)v).ToArray();
        for (int k = 0; k < _layers.Length; k++)
            x = _layers[k] switch
            {
                LstmLayer l => RunLstm(l, x),
                GruLayer g => Output(g.Spec, RunGru(g, x), null),
                DenseLayer d => x.Select(v => Dense(d, v)).ToArray(),
                _ when DropoutMask is { } mask => x.Select((v, t) => v.Select((e, j) => e * mask(k, index, t, j)).ToArray()).ToArray(),
                _ => x,
            };
        return x;
    }

    private static double[][] RunLstm(LstmLayer l, double[][] x) => l.Spec.Bidirectional
        ? Output(l.Spec, RunLstmDirection(l.Spec, l.Directions[0], x, reverse: false), RunLstmDirection(l.Spec, l.Directions[1], x, reverse: true))
        : Output(l.Spec, RunLstmDirection(l.Spec, l.Directions[0], x, reverse: l.Spec.GoBackwards), null);

    // A recurrent layer's output from h after each input step t (hs[t]): every step's or the last one read; go_backwards
    // outputs in reading order; bidirectional concatenates [forward | backward] at each input step.
    private static double[][] Output(ModelLayer spec, double[][] hs, double[][]? backward)
    {
        int steps = hs.Length;
        if (backward is not null)
            return spec.ReturnSequences
                ? Enumerable.Range(0, steps).Select(t => hs[t].Concat(backward[t]).ToArray()).ToArray()
                : [hs[steps - 1].Concat(backward[0]).ToArray()];
        if (spec.GoBackwards)
            return spec.ReturnSequences ? Enumerable.Range(0, steps).Select(p => hs[steps - 1 - p]).ToArray() : [hs[0]];
        return spec.ReturnSequences ? hs : [hs[steps - 1]];
    }

    // z = W_ih·x + W_hh·h + b; i, f, o = σ(z); g = act(z); c = f∘c + i∘g; h = o∘act(c). Returns h after each input step.
    private static double[][] RunLstmDirection(ModelLayer spec, Direction d, double[][] x, bool reverse)
    {
        int u = spec.Units, n = spec.Input, steps = x.Length;
        var h = new double[u];
        var c = new double[u];
        var hs = new double[steps][];
        for (int s = 0; s < steps; s++)
        {
            int t = reverse ? steps - 1 - s : s;
            var z = new double[4 * u];
            for (int r = 0; r < 4 * u; r++)
            {
                double sum = d.Bias.Values[r];
                for (int k = 0; k < n; k++) sum += d.WIh.Values[r * n + k] * x[t][k];
                for (int k = 0; k < u; k++) sum += d.WHh.Values[r * u + k] * h[k];
                z[r] = sum;
            }
            for (int j = 0; j < u; j++)
            {
                double ig = Activate(spec.RecurrentActivation, z[j]), fg = Activate(spec.RecurrentActivation, z[u + j]);
                double gg = Activate(spec.Activation, z[2 * u + j]), og = Activate(spec.RecurrentActivation, z[3 * u + j]);
                c[j] = fg * c[j] + ig * gg;
                h[j] = og * Activate(spec.Activation, c[j]);
            }
            hs[t] = (double[])h.Clone();
        }
        return hs;
    }

    // r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z likewise; reset_after: n = act(W_in·x + b_in + r∘(W_hn·h + b_hn));
    // reset_after=False: n = act(W_in·x + b_in + W_hn·(r∘h)); h' = (1 − z)∘n + z∘h.
    private static double[][] RunGru(GruLayer g, double[][] x)
    {
        int u = g.Spec.Units, n = g.Spec.Input, steps = x.Length;
        var h = new double[u];
        var hs = new double[steps][];
        double Row(Tensor w, int row, int width, double[] v) => Enumerable.Range(0, width).Sum(k => w.Values[row * width + k] * v[k]);
        for (int t = 0; t < steps; t++)
        {
            var next = new double[u];
            var r = new double[u];
            var z = new double[u];
            for (int j = 0; j < u; j++)
            {
                double bhr = g.BHh?.Values[j] ?? 0, bhz = g.BHh?.Values[u + j] ?? 0;
                r[j] = Activate(g.Spec.RecurrentActivation, Row(g.WIh, j, n, x[t]) + g.BIh.Values[j] + Row(g.WHh, j, u, h) + bhr);
                z[j] = Activate(g.Spec.RecurrentActivation, Row(g.WIh, u + j, n, x[t]) + g.BIh.Values[u + j] + Row(g.WHh, u + j, u, h) + bhz);
            }
            var rh = h.Select((v, j) => r[j] * v).ToArray();
            for (int j = 0; j < u; j++)
            {
                double recurrent = g.BHh is not null
                    ? r[j] * (Row(g.WHh, 2 * u + j, u, h) + g.BHh.Values[2 * u + j])
                    : Row(g.WHh, 2 * u + j, u, rh);
                double candidate = Activate(g.Spec.Activation, Row(g.WIh, 2 * u + j, n, x[t]) + g.BIh.Values[2 * u + j] + recurrent);
                next[j] = (1 - z[j]) * candidate + z[j] * h[j];
            }
            h = next;
            hs[t] = (double[])h.Clone();
        }
        return hs;
    }

    private static double[] Dense(DenseLayer d, double[] x)
    {
        int n = d.Spec.Input;
        var y = Enumerable.Range(0, d.Spec.Units).Select(o => d.B.Values[o] + Enumerable.Range(0, n).Sum(k => d.W.Values[o * n + k] * x[k])).ToArray();
        return d.Spec.Activation == Activation.Softmax ? Softmax(y) : y.Select(v => Activate(d.Spec.Activation, v)).ToArray();
    }

    /// <summary>Whether cross-entropy reads the output as probabilities: the last weighted layer is Dense with Softmax.</summary>
    private bool OutputIsProbability => _layers.Last(l => l is not DropoutLayer) is DenseLayer { Spec.Activation: Activation.Softmax };

    /// <summary>
    /// The mean loss over the batch: cross-entropy −Σ t·log p per output row (p the output if it is a softmax, else
    /// softmax(output)), averaged over rows; or the squared error averaged over every element.
    /// </summary>
    public double Loss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        int width = Architecture.Output, perSample = Architecture.OutputLength;
        double total = 0;
        int rows = 0;
        for (int b = 0; b < batch; b++)
        {
            var output = Run(inputs.Slice(b * Architecture.InputLength, Architecture.InputLength), b);
            for (int s = 0; s < output.Length; s++, rows++)
            {
                var t = targets.Slice(b * perSample + s * width, width);
                if (loss == Training.Loss.MeanSquaredError)
                    for (int j = 0; j < width; j++)
                        total += (output[s][j] - t[j]) * (output[s][j] - t[j]);
                else
                {
                    var p = OutputIsProbability ? output[s] : Softmax(output[s]);
                    for (int j = 0; j < width; j++)
                        if (t[j] != 0)
                            total -= t[j] * Math.Log(p[j]);
                }
            }
        }
        return loss == Training.Loss.MeanSquaredError ? total / ((double)rows * width) : total / rows;
    }

    /// <summary>
    /// d(<see cref="Loss"/>)/d(tensor element) by float64 central differences with step <paramref name="step"/>, for the
    /// elements in <paramref name="indices"/> (per tensor of <see cref="Tensors"/>); the others stay 0.
    /// </summary>
    public List<double[]> CentralDifferences(float[] inputs, float[] targets, int batch, Loss loss, IReadOnlyList<int[]> indices, double step)
    {
        var tensors = Tensors;
        var reference = tensors.Select(t => new double[t.Values.Length]).ToList();
        for (int k = 0; k < tensors.Count; k++)
            foreach (int i in indices[k])
            {
                double[] values = tensors[k].Values;
                double saved = values[i];
                values[i] = saved + step;
                double plus = Loss(inputs, targets, batch, loss);
                values[i] = saved - step;
                double minus = Loss(inputs, targets, batch, loss);
                values[i] = saved;
                reference[k][i] = (plus - minus) / (2 * step);
            }
        return reference;
    }
}

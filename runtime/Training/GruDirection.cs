using System;

namespace LstmGen.Training;

/// <summary>
/// One GRU direction, in either reset convention. reset_after (PyTorch): n = act(x_n + b_in + r∘(h·W_hnᵀ + b_hn)), kept per
/// step: r, z, n and the recurrent n part. reset_after=False (Keras): n = act(x_n + b_n + (r∘h)·W_hnᵀ), kept per step: r, z,
/// n and r∘h; b_hh is no parameter there and its gradient stays zero. Both: h' = (1 − z)∘n + z∘h.
/// </summary>
internal sealed class GruDirection : RecurrentDirection
{
    private readonly bool _resetAfter;
    // [Steps, batch, H]: reset_after: the recurrent n part (forward), then its gradient dn∘r (backward); else r∘h.
    private readonly float[] _candidate;
    // [batch, 3H]: one step's recurrent products (reset_after=False: the r, z part [batch, 2H], then the n part); backward: d(r∘h).
    private readonly float[] _recurrent;
    private readonly float[] _inputWeightsTransposed;     // [I, 3H]
    private readonly float[] _recurrentWeightsTransposed; // [H, 3H]
    private readonly float[] _inputGradientTransposed;    // [I, 3H]

    public GruDirection(ModelLayer layer, int steps, int capacity, TrainingKernels kernels, bool reverse, int column)
        : base(layer, steps, capacity, kernels, reverse, column, gates: 3, hiddenColumn: 0, hiddenStride: layer.Units)
    {
        _resetAfter = layer.ResetAfter;
        _candidate = new float[(long)steps * capacity * Units];
        _recurrent = new float[capacity * GateWidth];
        _inputWeightsTransposed = new float[Input * GateWidth];
        _recurrentWeightsTransposed = new float[Units * GateWidth];
        _inputGradientTransposed = new float[Input * GateWidth];
    }

    protected override int BiasLength => 2 * GateWidth;

    private int RecurrentBiasOffset => BiasOffset + GateWidth;

    public override void ReadWeights(LayerWeights weights, Span<float> parameters)
    {
        var w = (GruWeights)weights;
        w.WeightIh.CopyTo(parameters);
        w.WeightHh.CopyTo(parameters.Slice(GateWidth * Input));
        w.BiasIh.CopyTo(parameters.Slice(BiasOffset));
        w.BiasHh.CopyTo(parameters.Slice(RecurrentBiasOffset));
    }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters)
    {
        var wIh = InputWeights(parameters);
        var wHh = RecurrentWeights(parameters);
        var bIh = parameters.Slice(BiasOffset, GateWidth);
        if (_resetAfter)
            return GruWeights.FromPyTorch(Input, Units, wIh, wHh, bIh, parameters.Slice(RecurrentBiasOffset, GateWidth));
        // GruWeights holds reset_after=False weights only through the Keras factory: columns z, r, h of [in, 3H].
        ReadOnlySpan<int> kerasBlockFrom = [1, 0, 2]; // Keras block k holds gate kerasBlockFrom[k] of r, z, n
        var kernel = new float[Input * GateWidth];
        var recurrentKernel = new float[Units * GateWidth];
        var bias = new float[GateWidth];
        for (int k = 0; k < 3; k++)
            for (int u = 0; u < Units; u++)
            {
                int row = kerasBlockFrom[k] * Units + u, column = k * Units + u;
                for (int i = 0; i < Input; i++) kernel[i * GateWidth + column] = wIh[row * Input + i];
                for (int j = 0; j < Units; j++) recurrentKernel[j * GateWidth + column] = wHh[row * Units + j];
                bias[column] = bIh[row];
            }
        return GruWeights.FromKeras(Input, Units, kernel, recurrentKernel, bias, resetAfter: false);
    }

    public override void PrepareParameters(ReadOnlySpan<float> parameters)
    {
        LayerPass.Transpose(InputWeights(parameters), GateWidth, Input, _inputWeightsTransposed);
        LayerPass.Transpose(RecurrentWeights(parameters), GateWidth, Units, _recurrentWeightsTransposed);
    }

    /// <summary>The pre-activations of every step from the input, bias included: one product over all Steps·batch rows.</summary>
    private void ProjectInput(ReadOnlySpan<float> bias, ReadOnlySpan<float> x, int batch)
    {
        int rows = Steps * batch;
        var gates = GateValues.AsSpan(0, rows * GateWidth);
        LayerPass.FillRows(gates, bias, rows);
        Kernels.MultiplyRows(x, Input, _inputWeightsTransposed, GateWidth, gates, GateWidth, rows, GateWidth, Input, accumulate: true);
    }

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch)
    {
        ProjectInput(parameters.Slice(BiasOffset, GateWidth), x, batch);
        HiddenBlock(Before(StepAt(0)), batch).Clear();
        var recurrentBias = parameters.Slice(RecurrentBiasOffset, GateWidth);
        var recurrent = _recurrent.AsSpan(0, batch * GateWidth);
        int twoUnits = 2 * Units;
        for (int s = 0; s < Steps; s++)
        {
            int t = StepAt(s);
            var gates = Block(GateValues, t, batch, GateWidth);
            var hBefore = HiddenBlock(Before(t), batch);
            var hAfter = HiddenBlock(After(t), batch);
            var candidate = Block(_candidate, t, batch, Units);
            if (_resetAfter)
            {
                LayerPass.FillRows(recurrent, recurrentBias, batch);
                if (s > 0)
                    Kernels.MultiplyRows(hBefore, Units, _recurrentWeightsTransposed, GateWidth, recurrent, GateWidth, batch, GateWidth, Units, accumulate: true);
                Kernels.GruGates(gates, recurrent, GateWidth, hBefore, default, batch, Units, Layer.RecurrentActivation);
                Kernels.GruCandidate(gates, recurrent.Slice(twoUnits), GateWidth, hBefore, hAfter, candidate, resetAfter: true, batch, Units, Layer.Activation);
            }
            else
            {
                // r, z from h; then n from r∘h (saved in candidate) through the n columns of W_hhᵀ.
                Kernels.MultiplyRows(hBefore, Units, _recurrentWeightsTransposed, GateWidth, recurrent, twoUnits, batch, twoUnits, Units, accumulate: false);
                Kernels.GruGates(gates, recurrent, twoUnits, hBefore, candidate, batch, Units, Layer.RecurrentActivation);
                Kernels.MultiplyRows(candidate, Units, _recurrentWeightsTransposed.AsSpan(twoUnits), GateWidth, recurrent, Units, batch, Units, Units, accumulate: false);
                Kernels.GruCandidate(gates, recurrent, Units, hBefore, hAfter, default, resetAfter: false, batch, Units, Layer.Activation);
            }
        }
    }

    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, Span<float> gradient, int batch)
    {
        var dh = HiddenGradient.AsSpan(0, batch * Units);
        dh.Clear();
        var wHh = RecurrentWeights(parameters);
        int twoUnits = 2 * Units;
        var resetHiddenGradient = _recurrent.AsSpan(0, batch * Units);
        for (int s = Steps - 1; s >= 0; s--)
        {
            int t = StepAt(s);
            AddOutputGradient(dy, t, batch);
            var gates = Block(GateValues, t, batch, GateWidth);
            var hBefore = HiddenBlock(Before(t), batch);
            var candidate = Block(_candidate, t, batch, Units);
            Kernels.GruCandidateBackward(gates, hBefore, dh, batch, Units, Layer.Activation, Layer.RecurrentActivation);
            if (_resetAfter)
            {
                Kernels.GruResetBackwardAfter(gates, candidate, batch, Units, Layer.RecurrentActivation);
                if (s > 0) // dh before += [dr, dz]·W_hh[r, z] + (dn∘r)·W_hh[n]
                    Kernels.MultiplyRows(candidate, Units, wHh.Slice(twoUnits * Units), Units, dh, Units, batch, Units, Units, accumulate: true);
            }
            else
            {
                // d(r∘h) = dn·W_hh[n]; its r and h parts.
                Kernels.MultiplyRows(gates.Slice(twoUnits), GateWidth, wHh.Slice(twoUnits * Units), Units, resetHiddenGradient, Units, batch, Units, Units, accumulate: false);
                Kernels.GruResetBackwardBefore(gates, resetHiddenGradient, hBefore, dh, batch, Units, Layer.RecurrentActivation);
            }
            if (s > 0)
                Kernels.MultiplyRows(gates, GateWidth, wHh, Units, dh, Units, batch, Units, twoUnits, accumulate: true);
        }

        int rows = Steps * batch;
        var dz = GateValues.AsSpan(0, rows * GateWidth);
        var hBeforeAll = RowsBefore(0, batch);
        var candidates = _candidate.AsSpan(0, rows * Units);
        var dWhh = gradient.Slice(GateWidth * Input, GateWidth * Units);
        // r, z rows of dW_hh: against h before each step, in both conventions.
        Kernels.MultiplyTransposed(dz, GateWidth, hBeforeAll, Units, dWhh, Units, twoUnits, Units, rows, accumulate: true);
        if (_resetAfter)
        {
            Kernels.MultiplyTransposed(candidates, Units, hBeforeAll, Units, dWhh.Slice(twoUnits * Units), Units, Units, Units, rows, accumulate: true);
            var dbHh = gradient.Slice(RecurrentBiasOffset, GateWidth);
            Kernels.AddColumnSums(dz, GateWidth, rows, twoUnits, dbHh);
            Kernels.AddColumnSums(candidates, Units, rows, Units, dbHh.Slice(twoUnits));
        }
        else
            Kernels.MultiplyTransposed(dz.Slice(twoUnits), GateWidth, candidates, Units, dWhh.Slice(twoUnits * Units), Units, Units, Units, rows, accumulate: true);
        Kernels.AddColumnSums(dz, GateWidth, rows, GateWidth, gradient.Slice(BiasOffset, GateWidth));
        // dW_ih += dzᵀ·x, as its transpose xᵀ·dz, so the long gate dimension, not the input's few features, runs along the vectors.
        Kernels.MultiplyTransposed(x, Input, dz, GateWidth, _inputGradientTransposed, GateWidth, Input, GateWidth, rows, accumulate: false);
        for (int r = 0; r < GateWidth; r++)
            for (int i = 0; i < Input; i++)
                gradient[r * Input + i] += _inputGradientTransposed[i * GateWidth + r];
        AddInputGradient(parameters, dx, batch);
    }
}

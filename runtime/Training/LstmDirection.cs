using System;

namespace LstmGen.Training;

/// <summary>
/// One LSTM direction. Forward per step: z = (x·W_ihᵀ + b, for all steps at once) + h·W_hhᵀ, then the cell. Backward per
/// step, walking back: the cell's gradients into the gate buffer, dh of the state before = dz·W_hh; after the walk the
/// weight gradients are three products over all steps: dW_ih += dzᵀ·x, dW_hh += dzᵀ·h_before, db += Σ dz. Kept per step:
/// the four gate activations, c and h (act(c) is recomputed).
/// </summary>
internal sealed class LstmDirection : RecurrentDirection
{
    private readonly float[] _cell;         // (Steps + 1) blocks of [batch, H], like Hidden
    private readonly float[] _cellGradient; // [batch, H]

    public LstmDirection(ModelLayer layer, int steps, int capacity, TrainingKernels kernels, bool reverse, int column)
        : base(layer, steps, capacity, kernels, reverse, column, gates: 4)
    {
        _cell = new float[(long)(steps + 1) * capacity * Units];
        _cellGradient = new float[capacity * Units];
    }

    protected override int BiasLength => GateWidth;

    public override void ReadWeights(LayerWeights weights, Span<float> parameters)
    {
        var w = (LstmWeights)weights;
        w.WeightIh.CopyTo(parameters);
        w.WeightHh.CopyTo(parameters.Slice(GateWidth * Input));
        w.Bias.CopyTo(parameters.Slice(BiasOffset));
    }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters) =>
        new LstmWeights(Input, Units, InputWeights(parameters).ToArray(), RecurrentWeights(parameters).ToArray(), parameters.Slice(BiasOffset, GateWidth).ToArray());

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch)
    {
        ProjectInput(parameters.Slice(BiasOffset, GateWidth), x, batch);
        int start = Before(StepAt(0));
        Block(Hidden, start, batch, Units).Clear();
        Block(_cell, start, batch, Units).Clear();
        for (int s = 0; s < Steps; s++)
        {
            int t = StepAt(s);
            var gates = Block(GateValues, t, batch, GateWidth);
            if (s > 0) // h before the first step is zero
                Kernels.MultiplyRows(Block(Hidden, Before(t), batch, Units), Units, RecurrentWeightsTransposed, GateWidth, gates, GateWidth,
                    batch, GateWidth, Units, accumulate: true);
            Kernels.LstmForward(gates, Block(_cell, Before(t), batch, Units), Block(_cell, After(t), batch, Units), Block(Hidden, After(t), batch, Units),
                batch, Units, Layer.Activation, Layer.RecurrentActivation);
        }
    }

    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, Span<float> gradient, int batch)
    {
        var dh = HiddenGradient.AsSpan(0, batch * Units);
        var dc = _cellGradient.AsSpan(0, batch * Units);
        dh.Clear();
        dc.Clear();
        for (int s = Steps - 1; s >= 0; s--)
        {
            int t = StepAt(s);
            AddOutputGradient(dy, t, batch);
            var gates = Block(GateValues, t, batch, GateWidth);
            Kernels.LstmBackward(gates, Block(_cell, Before(t), batch, Units), Block(_cell, After(t), batch, Units), dh, dc,
                batch, Units, Layer.Activation, Layer.RecurrentActivation);
            if (s > 0) // the state before the first step is constant
                Kernels.MultiplyRows(gates, GateWidth, RecurrentWeights(parameters), Units, dh, Units, batch, Units, GateWidth, accumulate: false);
        }
        int rows = Steps * batch;
        var dz = GateValues.AsSpan(0, rows * GateWidth);
        Kernels.MultiplyTransposed(dz, GateWidth, Hidden.AsSpan(FirstBefore * batch * Units, rows * Units), Units,
            gradient.Slice(GateWidth * Input, GateWidth * Units), Units, GateWidth, Units, rows, accumulate: true);
        Kernels.AddColumnSums(dz, GateWidth, rows, GateWidth, gradient.Slice(BiasOffset, GateWidth));
        InputGradients(parameters, x, dx, gradient, batch);
    }
}

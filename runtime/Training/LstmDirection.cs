using System;

namespace LstmGen.Training;

/// <summary>
/// One LSTM direction. A row of <see cref="RecurrentDirection.Hidden"/> before step t is [1, xₜ, hₜ₋₁], so each forward
/// step is one fused product with the packed [b, W_ih, W_hh] and the cell (<see cref="TrainingKernels.LstmForwardStep"/>).
/// Backward per step, walking back: the cell's gradients into the gate buffer, dh of the state before = dz·W_hh; after the
/// walk all weight gradients are one product over all steps, dzᵀ·[1, x, h_before] = [db, dW_ih, dW_hh]. Kept per step:
/// the four gate activations, c and the rows [1, x, h] (act(c) is recomputed).
/// </summary>
internal sealed class LstmDirection : RecurrentDirection
{
    private readonly float[] _cell;           // (Steps + 1) blocks of [batch, H], like Hidden
    private readonly float[] _cellGradient;   // [batch, H]
    private readonly float[] _packed;         // [b, W_ih, W_hh] in the forward step's order
    private readonly float[] _recurrentPacked; // W_hh [4H, H] packed for dh = dz·W_hh, once per weight update
    private readonly float[] _weightGradient; // [4H, row stride]: db, dW_ih, dW_hh side by side

    public LstmDirection(ModelLayer layer, int steps, int capacity, TrainingKernels kernels, bool reverse, int column)
        : base(layer, steps, capacity, kernels, reverse, column, gates: 4, hiddenColumn: 1 + layer.Input, hiddenStride: RowStride(layer))
    {
        _cell = new float[(long)(steps + 1) * capacity * Units];
        _cellGradient = new float[capacity * Units];
        _packed = new float[TrainingKernels.PackedLstmLength(Input, Units)];
        _recurrentPacked = new float[GateWidth * Units];
        _weightGradient = new float[GateWidth * HiddenStride];
    }

    // [1, x, h] padded with zero columns to whole 512-bit vectors, so the weight-gradient product has no narrow columns.
    private static int RowStride(ModelLayer layer) => (1 + layer.Input + layer.Units + 15) / 16 * 16;

    protected override int BiasLength => GateWidth;

    private ReadOnlySpan<float> Bias(ReadOnlySpan<float> p) => p.Slice(BiasOffset, GateWidth);

    public override void ReadWeights(LayerWeights weights, Span<float> parameters)
    {
        var w = (LstmWeights)weights;
        w.WeightIh.CopyTo(parameters);
        w.WeightHh.CopyTo(parameters.Slice(GateWidth * Input));
        w.Bias.CopyTo(parameters.Slice(BiasOffset));
    }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters) =>
        new LstmWeights(Input, Units, InputWeights(parameters).ToArray(), RecurrentWeights(parameters).ToArray(), Bias(parameters).ToArray());

    public override void PrepareParameters(ReadOnlySpan<float> parameters)
    {
        Kernels.PackLstmWeights(Bias(parameters), InputWeights(parameters), RecurrentWeights(parameters), Input, Units, _packed);
        Kernels.PackProductOperand(RecurrentWeights(parameters), Units, GateWidth, Units, _recurrentPacked);
    }

    private Span<float> Rows(int block, int batch) => Hidden.AsSpan(block * batch * HiddenStride, batch * HiddenStride);

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch)
    {
        int stride = HiddenStride;
        for (int t = 0; t < Steps; t++)
        {
            var rows = Rows(Before(t), batch);
            for (int b = 0; b < batch; b++)
            {
                rows[b * stride] = 1f;
                x.Slice((t * batch + b) * Input, Input).CopyTo(rows.Slice(b * stride + 1, Input));
            }
        }
        int start = Before(StepAt(0));
        var first = Rows(start, batch);
        for (int b = 0; b < batch; b++)
            first.Slice(b * stride + HiddenColumn, Units).Clear();
        Block(_cell, start, batch, Units).Clear();
        for (int s = 0; s < Steps; s++)
        {
            int t = StepAt(s);
            Kernels.LstmForwardStep(Rows(Before(t), batch), stride, s == 0 ? HiddenColumn : HiddenColumn + Units, _packed, // h before the first step is zero
                Block(_cell, Before(t), batch, Units), Block(_cell, After(t), batch, Units), HiddenBlock(After(t), batch),
                Block(GateValues, t, batch, GateWidth), batch, Input, Units, Layer.Activation, Layer.RecurrentActivation);
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
                Kernels.MultiplyPacked(gates, GateWidth, 1, _recurrentPacked, dh, Units, batch, Units, GateWidth, accumulate: false);
        }
        int stride = HiddenStride;
        Kernels.MultiplyTransposed(GateValues, GateWidth, RowsBefore(0, batch), stride, _weightGradient, stride, GateWidth, stride, Steps * batch,
            accumulate: false);
        var dWih = gradient.Slice(0, GateWidth * Input);
        var dWhh = gradient.Slice(GateWidth * Input, GateWidth * Units);
        var db = gradient.Slice(BiasOffset, GateWidth);
        for (int r = 0; r < GateWidth; r++)
        {
            var row = _weightGradient.AsSpan(r * stride, stride);
            db[r] += row[0];
            Kernels.Accumulate(row.Slice(1, Input), dWih.Slice(r * Input, Input), Input);
            Kernels.Accumulate(row.Slice(HiddenColumn, Units), dWhh.Slice(r * Units, Units), Units);
        }
        AddInputGradient(parameters, dx, batch);
    }
}

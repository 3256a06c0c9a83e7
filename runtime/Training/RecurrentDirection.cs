using System;

namespace LstmGen.Training;

/// <summary>
/// One direction of a recurrent layer over a batch. Everything per step is indexed by input step t, whichever way the
/// direction walks: the gates of step t, and h, c after step t. The states live in (Steps + 1) blocks of [batch, row] with
/// a zero block where the walk starts (block 0 forwards, block Steps backwards), so the states before every step are also
/// one contiguous [Steps·batch, row] matrix for the weight gradient dW_hh = Σ_t dzₜᵀ·hₜ₋₁. A row holds h in its last H
/// columns from <see cref="HiddenColumn"/>, after columns the direction may use for the step's input (an LSTM keeps
/// [1, x] there, so one product covers bias, input and state).
/// </summary>
internal abstract class RecurrentDirection
{
    private readonly bool _sequences, _reversedOutput;
    private readonly int _column, _outputWidth;

    protected RecurrentDirection(ModelLayer layer, int steps, int capacity, TrainingKernels kernels, bool reverse, int column, int gates, int hiddenColumn,
        int hiddenStride)
    {
        (Layer, Steps, Kernels, Reverse, Gates) = (layer, steps, kernels, reverse, gates);
        (Input, Units) = (layer.Input, layer.Units);
        (_sequences, _column, _outputWidth) = (layer.ReturnSequences, column, layer.Output);
        // Keras go_backwards outputs in the order it reads; a bidirectional layer's backward half is aligned with the input.
        _reversedOutput = layer.GoBackwards;
        (HiddenColumn, HiddenStride) = (hiddenColumn, hiddenStride);
        GateValues = new float[(long)steps * capacity * gates * Units];
        Hidden = new float[(long)(steps + 1) * capacity * HiddenStride];
        HiddenGradient = new float[(long)capacity * Units];
    }

    protected ModelLayer Layer { get; }
    protected int Steps { get; }
    protected TrainingKernels Kernels { get; }
    protected bool Reverse { get; }
    protected int Input { get; }
    protected int Units { get; }

    /// <summary>Gates per unit: 4 (LSTM) or 3 (GRU).</summary>
    protected int Gates { get; }

    /// <summary>[Steps, batch, Gates·H]: pre-activations, then activations (forward), then their gradients (backward).</summary>
    protected float[] GateValues { get; }

    /// <summary>(Steps + 1) blocks of [batch, <see cref="HiddenStride"/>]: h after each step (and the zero initial state) in
    /// the columns from <see cref="HiddenColumn"/>.</summary>
    protected float[] Hidden { get; }

    /// <summary>Where h starts in a row of <see cref="Hidden"/>.</summary>
    protected int HiddenColumn { get; }

    /// <summary>Floats per row of <see cref="Hidden"/>: at least <see cref="HiddenColumn"/> + H.</summary>
    protected int HiddenStride { get; }

    /// <summary>[batch, H]: the gradient of the h being walked back to.</summary>
    protected float[] HiddenGradient { get; }

    protected int GateWidth => Gates * Units;

    public int ParameterLength => GateWidth * (Input + Units) + BiasLength;

    protected abstract int BiasLength { get; }

    protected ReadOnlySpan<float> InputWeights(ReadOnlySpan<float> p) => p.Slice(0, GateWidth * Input);
    protected ReadOnlySpan<float> RecurrentWeights(ReadOnlySpan<float> p) => p.Slice(GateWidth * Input, GateWidth * Units);

    /// <summary>Offset of the parameters after the two matrices: the bias(es).</summary>
    protected int BiasOffset => GateWidth * (Input + Units);

    public abstract void ReadWeights(LayerWeights weights, Span<float> parameters);

    public abstract LayerWeights CreateWeights(ReadOnlySpan<float> parameters);

    /// <summary>Rebuilds what the direction derives from its parameters (transposed or packed copies).</summary>
    public abstract void PrepareParameters(ReadOnlySpan<float> parameters);

    /// <summary>The input step processed at walk position s.</summary>
    protected int StepAt(int s) => Reverse ? Steps - 1 - s : s;

    /// <summary>Block of <see cref="Hidden"/> (and of an LSTM's c) holding the state after input step t.</summary>
    protected int After(int t) => Reverse ? t : t + 1;

    /// <summary>Block holding the state before input step t.</summary>
    protected int Before(int t) => Reverse ? t + 1 : t;

    /// <summary>The first of the Steps blocks that are the states before steps 0, 1, …, Steps − 1.</summary>
    protected int FirstBefore => Reverse ? 1 : 0;

    protected static Span<float> Block(float[] buffer, int block, int batch, int width) => buffer.AsSpan(block * batch * width, batch * width);

    /// <summary>Block of <see cref="Hidden"/> from the first h: batch rows of stride <see cref="HiddenStride"/>, the last one ending with its h.</summary>
    protected Span<float> HiddenBlock(int block, int batch) =>
        Hidden.AsSpan(block * batch * HiddenStride + HiddenColumn, (batch - 1) * HiddenStride + Units);

    /// <summary>The rows of <see cref="Hidden"/> before steps 0 … Steps − 1, from column <paramref name="column"/>: one matrix for the weight gradients.</summary>
    protected ReadOnlySpan<float> RowsBefore(int column, int batch) =>
        Hidden.AsSpan(FirstBefore * batch * HiddenStride + column, (Steps * batch - 1) * HiddenStride + HiddenStride - column);

    /// <summary>dx += dz·W_ih over all Steps·batch rows (nothing when dx is not wanted: the first layer).</summary>
    protected void AddInputGradient(ReadOnlySpan<float> p, Span<float> dx, int batch)
    {
        if (!dx.IsEmpty)
            Kernels.MultiplyRows(GateValues, GateWidth, InputWeights(p), Input, dx, Input, Steps * batch, Input, GateWidth, accumulate: true);
    }

    public abstract void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, int batch);

    public abstract void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, Span<float> gradient, int batch);

    /// <summary>Copies h into this direction's columns of the layer output: every step's, or the last one walked.</summary>
    public void WriteOutput(Span<float> y, int batch)
    {
        int outputs = _sequences ? Steps : 1;
        for (int o = 0; o < outputs; o++)
        {
            int t = _sequences ? OutputStep(o) : StepAt(Steps - 1);
            var h = HiddenBlock(After(t), batch);
            var rows = y.Slice(o * batch * _outputWidth);
            for (int b = 0; b < batch; b++)
                h.Slice(b * HiddenStride, Units).CopyTo(rows.Slice(b * _outputWidth + _column, Units));
        }
    }

    /// <summary>The input step whose h is output at position o of the sequence.</summary>
    private int OutputStep(int o) => _reversedOutput ? Steps - 1 - o : o;

    /// <summary>Adds the output's gradient for h after input step t (if that h is output) to <see cref="HiddenGradient"/>.</summary>
    protected void AddOutputGradient(ReadOnlySpan<float> dy, int t, int batch)
    {
        int o;
        if (_sequences)
            o = _reversedOutput ? Steps - 1 - t : t;
        else if (t == StepAt(Steps - 1))
            o = 0;
        else
            return;
        var rows = dy.Slice(o * batch * _outputWidth);
        for (int b = 0; b < batch; b++)
            Kernels.Accumulate(rows.Slice(b * _outputWidth + _column, Units), HiddenGradient.AsSpan(b * Units, Units), Units);
    }
}

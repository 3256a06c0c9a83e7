using System;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Training;

/// <summary>
/// A Dense layer y = act(x·Wᵀ + b) over every row of its input (every step's sample after a sequence). Backwards:
/// dz = dy∘act′ (the softmax Jacobian for Softmax), dW += dzᵀ·x, db += Σ dz, dx = dz·W.
/// </summary>
internal sealed class DensePass : LayerPass
{
    private readonly int _in, _out;
    private readonly float[] _weightTransposed; // [in, out], so the forward product broadcasts x and streams rows of Wᵀ
    private readonly float[]? _logits;          // Softmax only: the pre-activations, for a loss on logits

    public DensePass(ModelLayer layer, int steps, int capacity, TrainingKernels kernels) : base(layer, steps, kernels)
    {
        (_in, _out) = (layer.Input, layer.Units);
        _weightTransposed = new float[_in * _out];
        if (layer.Activation == Activation.Softmax)
            _logits = new float[(long)InputRows(capacity) * _out];
    }

    /// <summary>
    /// Set by the loss when the gradient it writes is already that of the pre-activations (cross-entropy straight on a
    /// Softmax output's logits, which is exact and avoids dividing by probabilities).
    /// </summary>
    public bool GradientIsPreActivation { get; set; }

    /// <summary>The pre-activations of the last forward pass (Softmax layers only).</summary>
    public ReadOnlySpan<float> Logits(int batch) => _logits.AsSpan(0, InputRows(batch) * _out);

    public override int ParameterLength => _out * _in + _out;

    public override void ReadWeights(LayerWeights weights, Span<float> parameters)
    {
        var w = (DenseWeights)weights;
        w.Weight.CopyTo(parameters);
        w.Bias.CopyTo(parameters.Slice(_out * _in));
    }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters) =>
        DenseWeights.FromPyTorch(_in, _out, parameters.Slice(0, _out * _in), parameters.Slice(_out * _in, _out));

    public override void PrepareParameters(ReadOnlySpan<float> parameters) => Transpose(parameters.Slice(0, _out * _in), _out, _in, _weightTransposed);

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        int rows = InputRows(batch);
        Span<float> z = _logits is null ? y.Slice(0, rows * _out) : _logits.AsSpan(0, rows * _out);
        FillRows(z, parameters.Slice(_out * _in, _out), rows);
        Kernels.MultiplyRows(x, _in, _weightTransposed, _out, z, _out, rows, _out, _in, accumulate: true);
        if (_logits is null)
        {
            Kernels.Activate(y, rows * _out, Layer.Activation);
            return;
        }
        z.CopyTo(y);
        for (int r = 0; r < rows; r++)
            ModelKernels.Softmax(y.Slice(r * _out, _out));
    }

    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dy, Span<float> dx,
        Span<float> gradient, int batch)
    {
        int rows = InputRows(batch);
        if (GradientIsPreActivation)
            GradientIsPreActivation = false;
        else if (Layer.Activation == Activation.Softmax)
            SoftmaxBackward(y, dy, rows);
        else
            Kernels.MultiplyByDerivative(y, dy, rows * _out, Layer.Activation);
        Kernels.MultiplyTransposed(dy, _out, x, _in, gradient, _in, _out, _in, rows, accumulate: true);
        Kernels.AddColumnSums(dy, _out, rows, _out, gradient.Slice(_out * _in, _out));
        if (!dx.IsEmpty)
            Kernels.MultiplyRows(dy, _out, parameters, _in, dx, _in, rows, _in, _out, accumulate: false);
    }

    // dz_j = p_j·(dp_j − Σ_k p_k·dp_k): the softmax Jacobian applied to one row.
    private void SoftmaxBackward(ReadOnlySpan<float> p, Span<float> dp, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            var pr = p.Slice(r * _out, _out);
            var dr = dp.Slice(r * _out, _out);
            double dot = 0;
            for (int j = 0; j < _out; j++)
                dot += (double)pr[j] * dr[j];
            for (int j = 0; j < _out; j++)
                dr[j] = pr[j] * (float)(dr[j] - dot);
        }
    }
}

using System;

namespace LstmGen.Training;

/// <summary>
/// A Dropout layer. Inactive (the identity) unless a mask seed is set: then each input element is kept with probability
/// 1 − rate and scaled by 1 / (1 − rate) (inverted dropout, so inference needs no scaling), or zeroed; the backward pass
/// applies the same mask to the gradient. Each element's draw comes from a generator seeded by the mask seed and the
/// layer, in the order of the time-major buffer, so a mask depends on the seed and the batch alone.
/// </summary>
internal sealed class DropoutPass : LayerPass
{
    private readonly float[] _mask; // [rows, features]: 0 or 1 / (1 − rate)
    private readonly float _scale;
    private bool _masked;           // whether the last forward pass applied a mask

    public DropoutPass(ModelLayer layer, int steps, int capacity, TrainingKernels kernels) : base(layer, steps, kernels)
    {
        _mask = new float[(long)InputRows(capacity) * layer.Input];
        _scale = (float)(1 / (1 - layer.Rate));
    }

    /// <summary>Set before a forward pass: the seed of the next mask, or null for the identity (inference, exact gradients).</summary>
    public ulong? MaskSeed { get; set; }

    /// <summary>The mask of the last forward pass (valid when it was masked): 0 or 1 / (1 − rate) per element, time-major.</summary>
    public ReadOnlySpan<float> Mask(int batch) => _mask.AsSpan(0, InputRows(batch) * Layer.Input);

    public override int ParameterLength => 0;

    public override void ReadWeights(LayerWeights weights, Span<float> parameters) { }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters) =>
        throw new InvalidOperationException("A Dropout layer has no weights.");

    public override void PrepareParameters(ReadOnlySpan<float> parameters) { }

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        int length = InputRows(batch) * Layer.Input;
        _masked = MaskSeed is not null && Layer.Rate > 0;
        if (!_masked)
        {
            x.Slice(0, length).CopyTo(y);
            return;
        }
        var random = new SeededRandom((long)MaskSeed!.Value);
        var mask = _mask.AsSpan(0, length);
        double rate = Layer.Rate;
        for (int k = 0; k < length; k++)
        {
            mask[k] = random.NextDouble() >= rate ? _scale : 0f;
            y[k] = x[k] * mask[k];
        }
    }

    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dy, Span<float> dx,
        Span<float> gradient, int batch)
    {
        if (dx.IsEmpty)
            return;
        int length = InputRows(batch) * Layer.Input;
        if (!_masked)
        {
            dy.Slice(0, length).CopyTo(dx);
            return;
        }
        var mask = _mask.AsSpan(0, length);
        for (int k = 0; k < length; k++)
            dx[k] = dy[k] * mask[k];
    }
}

using System;

namespace LstmGen.Training;

/// <summary>SGD's state: the momentum buffer (none without momentum), which the first step sets to the gradient.</summary>
internal sealed class SgdState(int parameterCount, float momentum, bool nesterov, float weightDecay) : OptimizerState
{
    private readonly float[] _buffer = momentum != 0 ? new float[parameterCount] : [];
    private bool _started;

    public override void Step(Span<float> parameters, ReadOnlySpan<float> gradient, float learningRate)
    {
        gradient = gradient.Slice(0, parameters.Length);
        var buffer = _buffer.AsSpan();
        for (int k = 0; k < parameters.Length; k++)
        {
            float d = gradient[k];
            if (weightDecay != 0)
                d += weightDecay * parameters[k];
            if (momentum != 0)
            {
                buffer[k] = _started ? momentum * buffer[k] + d : d;
                d = nesterov ? d + momentum * buffer[k] : buffer[k];
            }
            parameters[k] -= learningRate * d;
        }
        _started = true;
    }

    public override void Reset()
    {
        Array.Clear(_buffer);
        _started = false;
    }
}

using System;

namespace LstmGen.Training;

/// <summary>
/// An LSTM or GRU layer: one <see cref="RecurrentDirection"/>, or two for a bidirectional LSTM (the second over the
/// reversed sequence, its outputs in the columns after the first's). Parameters: the directions' slices in order.
/// </summary>
internal sealed class RecurrentPass : LayerPass
{
    private readonly RecurrentDirection[] _directions;

    public RecurrentPass(ModelLayer layer, int steps, int capacity, TrainingKernels kernels) : base(layer, steps, kernels)
    {
        RecurrentDirection Direction(bool reverse, int column) => layer.Kind == LayerKind.Gru
            ? new GruDirection(layer, steps, capacity, kernels, reverse, column)
            : new LstmDirection(layer, steps, capacity, kernels, reverse, column);
        _directions = layer.Bidirectional
            ? [Direction(reverse: false, column: 0), Direction(reverse: true, column: layer.Units)]
            : [Direction(reverse: layer.GoBackwards, column: 0)];
    }

    private int DirectionLength => _directions[0].ParameterLength;

    public override int ParameterLength => _directions.Length * DirectionLength;

    private ReadOnlySpan<float> Slice(ReadOnlySpan<float> parameters, int d) => parameters.Slice(d * DirectionLength, DirectionLength);

    public override void ReadWeights(LayerWeights weights, Span<float> parameters)
    {
        if (weights is BidirectionalWeights both)
        {
            _directions[0].ReadWeights(both.Forward, parameters);
            _directions[1].ReadWeights(both.Backward, parameters.Slice(DirectionLength));
        }
        else
            _directions[0].ReadWeights(weights, parameters);
    }

    public override LayerWeights CreateWeights(ReadOnlySpan<float> parameters) => Layer.Bidirectional
        ? new BidirectionalWeights((LstmWeights)_directions[0].CreateWeights(Slice(parameters, 0)), (LstmWeights)_directions[1].CreateWeights(Slice(parameters, 1)))
        : _directions[0].CreateWeights(parameters);

    public override void PrepareParameters(ReadOnlySpan<float> parameters)
    {
        for (int d = 0; d < _directions.Length; d++)
            _directions[d].PrepareParameters(Slice(parameters, d));
    }

    public override void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y, int batch)
    {
        for (int d = 0; d < _directions.Length; d++)
        {
            _directions[d].Forward(Slice(parameters, d), x, batch);
            _directions[d].WriteOutput(y, batch);
        }
    }

    public override void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dy, Span<float> dx,
        Span<float> gradient, int batch)
    {
        if (!dx.IsEmpty)
            dx.Slice(0, Steps * batch * Layer.Input).Clear();
        for (int d = 0; d < _directions.Length; d++)
            _directions[d].Backward(Slice(parameters, d), x, dy, dx, gradient.Slice(d * DirectionLength, DirectionLength), batch);
    }
}

using System;

namespace LstmGen;

/// <summary>
/// A bidirectional LSTM layer's weights: one <see cref="LstmWeights"/> per direction, of the same shape. The backward
/// one is PyTorch's <c>_reverse</c> tensors (Keras: the <c>backward_lstm</c> of a Bidirectional wrapper).
/// </summary>
public sealed class BidirectionalWeights : LayerWeights
{
    /// <summary>Pairs the two directions.</summary>
    /// <exception cref="ArgumentException">The directions differ in Input or Units.</exception>
    public BidirectionalWeights(LstmWeights forward, LstmWeights backward)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(backward);
        if (forward.Input != backward.Input || forward.Units != backward.Units)
            throw new ArgumentException($"backward: expected Input = {forward.Input}, Units = {forward.Units} like the forward direction, " +
                $"got Input = {backward.Input}, Units = {backward.Units}.", nameof(backward));
        (Forward, Backward) = (forward, backward);
    }

    /// <summary>The forward direction.</summary>
    public LstmWeights Forward { get; }

    /// <summary>The backward direction (run over the reversed sequence).</summary>
    public LstmWeights Backward { get; }

    /// <summary>Features per time step.</summary>
    public int Input => Forward.Input;

    /// <summary>Units per direction (the layer outputs twice as many).</summary>
    public int Units => Forward.Units;

    /// <inheritdoc/>
    public override int InputSize => Input;

    /// <inheritdoc/>
    public override int OutputSize => 2 * Units;

    /// <inheritdoc/>
    public override long ParameterCount => 2 * Forward.ParameterCount;

    /// <inheritdoc/>
    public override string Kind => "Bidirectional LSTM";
}

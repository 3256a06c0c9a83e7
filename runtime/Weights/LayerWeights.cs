namespace LstmGen;

/// <summary>
/// One layer's weights in a <see cref="ModelWeights"/>: <see cref="LstmWeights"/>, <see cref="GruWeights"/>,
/// <see cref="BidirectionalWeights"/> or <see cref="DenseWeights"/> (the constructor is private protected, so there are
/// no others). All are immutable, so they may be shared between threads.
/// </summary>
public abstract class LayerWeights
{
    private protected LayerWeights() { }

    /// <summary>Features the layer reads per step.</summary>
    public abstract int InputSize { get; }

    /// <summary>Features the layer writes per step.</summary>
    public abstract int OutputSize { get; }

    /// <summary>Trainable parameters (Keras's count).</summary>
    public abstract long ParameterCount { get; }

    /// <summary>"LSTM", "GRU", "Bidirectional LSTM" or "Dense": for error messages.</summary>
    public abstract string Kind { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Kind} {InputSize} -> {OutputSize}";
}

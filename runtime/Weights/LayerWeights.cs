using System;

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

    /// <summary>
    /// The activation the weights' file records for this layer: a Dense layer's output activation, an LSTM's cell and
    /// output activation (Keras <c>activation</c>), a GRU's candidate activation. Null when the file records none
    /// (PyTorch, NumPy and ONNX files, weights built in memory or trained).
    /// </summary>
    /// <remarks>
    /// Generated models and <see cref="LstmKernel"/> compare recorded activations with the declared ones at
    /// <c>LoadWeights</c> and throw on a mismatch: weights trained with other activations give wrong outputs.
    /// </remarks>
    public Activation? Activation { get; private set; }

    /// <summary>
    /// The gates' activation the weights' file records (Keras <c>recurrent_activation</c>) for an LSTM or GRU; null
    /// when the file records none, and always for Dense layers.
    /// </summary>
    public Activation? RecurrentActivation { get; private set; }

    /// <summary>
    /// A copy that records <paramref name="activation"/> and <paramref name="recurrentActivation"/> as the activations
    /// these weights were trained with (see <see cref="Activation"/>); the weights themselves are shared, not copied.
    /// Loaders of files that record activations call this; so may code that builds weights in memory.
    /// </summary>
    public static T WithActivations<T>(T weights, Activation? activation, Activation? recurrentActivation) where T : LayerWeights
    {
        ArgumentNullException.ThrowIfNull(weights);
        var copy = (T)weights.MemberwiseClone();
        copy.Activation = activation;
        copy.RecurrentActivation = recurrentActivation;
        return copy;
    }

    /// <summary>
    /// Throws unless the recorded activations (where recorded) are the declared ones. <paramref name="where"/> starts
    /// the message, up to the declared activations ("weights.Layers[1]: Classifier layer 1 (LSTM) is declared with").
    /// </summary>
    internal void CheckActivations(string where, Activation declared, Activation? declaredRecurrent, string parameterName)
    {
        bool activationDiffers = Activation is { } a && a != declared;
        bool recurrentDiffers = RecurrentActivation is { } r && declaredRecurrent is { } d && r != d;
        if (!activationDiffers && !recurrentDiffers)
            return;
        string declaredText = declaredRecurrent is null ? $"Activation = {declared}" : $"Activation = {declared}, RecurrentActivation = {declaredRecurrent}";
        throw new ArgumentException(
            $"{where} {declaredText}, but its weights' file records {Recorded()}. Weights trained with other " +
            "activations give wrong outputs: declare the layer's activations as the file records them.", parameterName);
    }

    private string Recorded() => (Activation, RecurrentActivation) switch
    {
        ({ } a, { } r) => $"Activation = {a}, RecurrentActivation = {r}",
        ({ } a, null) => $"Activation = {a}",
        (null, { } r) => $"RecurrentActivation = {r}",
        _ => "no activations",
    };

    /// <inheritdoc/>
    public override string ToString() => Activation is null && RecurrentActivation is null
        ? $"{Kind} {InputSize} -> {OutputSize}"
        : $"{Kind} {InputSize} -> {OutputSize} ({Recorded()})";
}

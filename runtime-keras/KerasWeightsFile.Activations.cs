namespace LstmGen;

public sealed partial class KerasWeightsFile
{
    /// <summary>
    /// A copy of <paramref name="weights"/> that records the layer's configured activations (see
    /// <see cref="LayerWeights.Activation"/>): <c>activation</c>, and for a recurrent layer <c>recurrent_activation</c>.
    /// Files without a model config record none.
    /// </summary>
    private T WithConfiguredActivations<T>(Entry entry, T weights, bool recurrent) where T : LayerWeights =>
        LayerWeights.WithActivations(weights, ToActivation(entry, "activation", entry.Config?.Activation),
            recurrent ? ToActivation(entry, "recurrent_activation", entry.Config?.RecurrentActivation) : null);

    /// <summary>
    /// A Keras activation name as LstmGen's <see cref="Activation"/>. <c>hard_sigmoid</c> is 0.2·x + 0.5 up to Keras 2
    /// and x/6 + 1/2 from Keras 3 on. A name LstmGen has no equivalent for is refused: no declared model could run the
    /// layer as it was trained.
    /// </summary>
    private Activation? ToActivation(Entry entry, string property, string? name) => name switch
    {
        null => null,
        "linear" => Activation.Linear,
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "softmax" => Activation.Softmax,
        "hard_sigmoid" => _keras3Activations ? Activation.HardSigmoid : Activation.HardSigmoidKeras2,
        _ => throw new LstmFormatException(FileName, $"{entry.Info.GroupPath} config '{property}'",
            $"layer '{entry.Info.Name}' ({entry.Config?.ClassName}) uses the {property} \"{name}\", which LstmGen has no equivalent for",
            "linear, relu, tanh, sigmoid, softmax or hard_sigmoid", $"\"{name}\""),
    };
}

namespace LstmGen.Tool;

/// <summary>Keras's (and RTNeural's) activation names as LstmGen's <see cref="Activation"/>.</summary>
internal static class ActivationNames
{
    /// <summary>
    /// The activation named <paramref name="name"/>. <c>hard_sigmoid</c> changed in Keras 3 (x/6 + 1/2 instead of
    /// 0.2·x + 0.5), so <paramref name="keras2"/> says which one the file means.
    /// </summary>
    /// <exception cref="ToolException">An activation LstmGen does not have.</exception>
    public static Activation FromKeras(string name, bool keras2, string path, string layer) => name switch
    {
        "linear" => Activation.Linear,
        "relu" => Activation.Relu,
        "tanh" => Activation.Tanh,
        "sigmoid" => Activation.Sigmoid,
        "softmax" => Activation.Softmax,
        "hard_sigmoid" => keras2 ? Activation.HardSigmoidKeras2 : Activation.HardSigmoid,
        _ => throw new ToolException($"{path}: layer {layer} uses the activation '{name}', which LstmGen models do not have " +
            "(linear, relu, tanh, sigmoid, softmax, hard_sigmoid)."),
    };
}

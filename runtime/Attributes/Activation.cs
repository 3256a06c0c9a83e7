namespace LstmGen;

/// <summary>The activation of a layer or of an LSTM's cell / gates.</summary>
/// <remarks>
/// The generator compiles this file too (linked, internal there) and reads attribute arguments as these values;
/// append, never renumber, since compiled user code holds the numbers.
/// </remarks>
#if LSTMGEN_GENERATOR
internal enum Activation
#else
public enum Activation
#endif
{
    /// <summary>Identity (Keras <c>linear</c>).</summary>
    Linear = 0,

    /// <summary>max(x, 0).</summary>
    Relu = 1,

    /// <summary>tanh(x).</summary>
    Tanh = 2,

    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    Sigmoid = 3,

    /// <summary>e^x_i / Σ e^x_j over the layer's outputs (Dense only).</summary>
    Softmax = 4,

    /// <summary>clamp(x/6 + 1/2, 0, 1): PyTorch's <c>Hardsigmoid</c> and Keras 3's <c>hard_sigmoid</c>.</summary>
    HardSigmoid = 5,

    /// <summary>clamp(0.2·x + 0.5, 0, 1): Keras 2's <c>hard_sigmoid</c>, the LSTM gates' default up to Keras 2.2.</summary>
    HardSigmoidKeras2 = 6,
}

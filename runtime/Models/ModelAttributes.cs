using System;

namespace LstmGen;

/// <summary>The activation of a layer or of an LSTM's cell / gates.</summary>
/// <remarks>Values are part of the generator's contract (it reads them as constants); append, never renumber.</remarks>
public enum Activation
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

/// <summary>
/// Asks the LstmGen source generator to turn the annotated <c>partial class</c> into a whole model: the layers
/// are the <see cref="LstmAttribute"/>, <see cref="GruAttribute"/>, <see cref="DenseAttribute"/> and <see cref="DropoutAttribute"/>
/// attributes on the same class, in the order they are written. The generator adds <c>Predict</c>,
/// <c>Step</c>/<c>ResetState</c>, <c>LoadWeights(ModelWeights)</c> and constants, specialised for these sizes.
/// </summary>
/// <example><code>
/// [LstmModel(Input = 28, Steps = 28)]
/// [Lstm(Units = 128, ReturnSequences = true)]
/// [Lstm(Units = 64)]
/// [Dense(Units = 10, Activation = Activation.Softmax)]
/// public partial class FashionClassifier { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LstmModelAttribute : Attribute
{
    /// <summary>Features per time step of the model's input. Required, at least 1.</summary>
    public int Input { get; set; }

    /// <summary>Time steps per sequence that <c>Predict</c> processes. Required, at least 1.</summary>
    public int Steps { get; set; }

    /// <summary>
    /// True (default): the model also gets streaming <c>Step</c>/<c>ResetState</c>. Bidirectional and GoBackwards layers
    /// need the whole sequence, so a model with one must set this to false (else LSTMGEN018).
    /// </summary>
    public bool Streaming { get; set; } = true;
}

/// <summary>An LSTM layer of an <see cref="LstmModelAttribute"/> model. Its input size is the previous layer's output.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LstmAttribute : Attribute
{
    /// <summary>num_units (Keras <c>units</c>, PyTorch <c>hidden_size</c>): the size of h and c. Required, at least 1.</summary>
    public int Units { get; set; }

    /// <summary>Optional check: the features this layer expects; the generator reports LSTMGEN013 if the previous layer gives another count. 0 = not checked.</summary>
    public int Input { get; set; }

    /// <summary>True: the layer outputs every step's h (a sequence); false (default): only the last one.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// Runs a second LSTM over the reversed sequence and concatenates the two outputs per step, [forward | backward]
    /// (PyTorch <c>bidirectional=True</c>, Keras <c>Bidirectional(merge_mode="concat")</c>): the layer outputs 2·Units
    /// features. Without ReturnSequences the output is both directions' final h (PyTorch h_n, Keras's output).
    /// Needs <see cref="LstmModelAttribute.Streaming"/> = false. Weights: <see cref="BidirectionalWeights"/>.
    /// </summary>
    public bool Bidirectional { get; set; }

    /// <summary>Keras <c>go_backwards</c>: reads the sequence last step first, and returns the sequence in that (reversed)
    /// order. Needs <see cref="LstmModelAttribute.Streaming"/> = false.</summary>
    public bool GoBackwards { get; set; }

    /// <summary>The cell candidate's and the output's activation (Keras <c>activation</c>): <see cref="Activation.Tanh"/> (default) or <see cref="Activation.Relu"/>.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The gates' activation (Keras <c>recurrent_activation</c>): <see cref="Activation.Sigmoid"/> (default),
    /// <see cref="Activation.HardSigmoid"/> or <see cref="Activation.HardSigmoidKeras2"/>.</summary>
    public Activation RecurrentActivation { get; set; } = Activation.Sigmoid;
}

/// <summary>
/// A GRU layer of an <see cref="LstmModelAttribute"/> model, PyTorch semantics by default (gates r, z, n; the reset gate
/// applied after the recurrent product, Keras <c>reset_after=True</c>): n = act(W_in·x + b_in + r∘(W_hn·h + b_hn)),
/// h' = (1 − z)∘n + z∘h. With <see cref="ResetAfter"/> false: n = act(W_in·x + W_hn·(r∘h) + b_n).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class GruAttribute : Attribute
{
    /// <summary>The size of h. Required, at least 1.</summary>
    public int Units { get; set; }

    /// <summary>Optional check of the features this layer expects (0 = not checked); see <see cref="LstmAttribute.Input"/>.</summary>
    public int Input { get; set; }

    /// <summary>True: the layer outputs every step's h; false (default): only the last one.</summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// True (default): PyTorch's and Keras's <c>reset_after=True</c>. False: Keras's older default, r applied to h before
    /// the recurrent product, one bias per gate; its weights must be <see cref="GruWeights"/> with ResetAfter false
    /// (<see cref="GruWeights.FromKeras(int, int, System.ReadOnlySpan{float}, System.ReadOnlySpan{float}, System.ReadOnlySpan{float}, bool)"/>).
    /// </summary>
    public bool ResetAfter { get; set; } = true;

    /// <summary>The candidate's activation: <see cref="Activation.Tanh"/> (default) or another element-wise one.</summary>
    public Activation Activation { get; set; } = Activation.Tanh;

    /// <summary>The gates' activation: <see cref="Activation.Sigmoid"/> (default), <see cref="Activation.HardSigmoid"/> or <see cref="Activation.HardSigmoidKeras2"/>.</summary>
    public Activation RecurrentActivation { get; set; } = Activation.Sigmoid;
}

/// <summary>
/// A fully connected layer y = act(W·x + b) of an <see cref="LstmModelAttribute"/> model. After a layer that
/// outputs a sequence it is applied to every step (Keras <c>TimeDistributed(Dense)</c>, PyTorch <c>nn.Linear</c> on [T, F]).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Output features. Required, at least 1.</summary>
    public int Units { get; set; }

    /// <summary>Optional check: the features this layer expects (0 = not checked); see <see cref="LstmAttribute.Input"/>.</summary>
    public int Input { get; set; }

    /// <summary>Linear (default), Relu, Tanh, Sigmoid, Softmax, HardSigmoid or HardSigmoidKeras2.</summary>
    public Activation Activation { get; set; } = Activation.Linear;
}

/// <summary>Dropout: accepted so a model reads like its training definition, and ignored (inference only). Holds no weights.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>The training-time drop rate; not used at inference.</summary>
    public double Rate { get; set; }
}

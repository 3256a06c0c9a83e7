using System;

namespace LstmGen;

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

    /// <summary>
    /// How the layer's kernel stores W_hh, the recurrent weights it reads every step (as
    /// <see cref="LstmLayerAttribute.RecurrentWeights"/>): <see cref="WeightPrecision.Single"/> (default) keeps float32;
    /// <see cref="WeightPrecision.Half"/> and <see cref="WeightPrecision.BFloat16"/> store 16 bits per weight;
    /// <see cref="WeightPrecision.Int8"/> stores int8 with one float32 scale per row of W_hh (per unit and gate), chosen
    /// by LoadWeights by that value's rule. W_ih, the bias, the state and all arithmetic stay float32, and the weights
    /// given to LoadWeights stay float32 too (a trainer's, a file's): they are rounded or quantised as they are packed.
    /// Half needs |h| ≤ 1, which only a bounded <see cref="Activation"/> keeps (Tanh, Sigmoid, HardSigmoid,
    /// HardSigmoidKeras2): with Relu or Linear it is refused (LSTMGEN017). A Bidirectional layer stores both directions so.
    /// </summary>
    public WeightPrecision RecurrentWeights { get; set; }
}

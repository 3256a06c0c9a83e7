using System;

namespace LstmGen;

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

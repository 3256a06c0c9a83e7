using System;

namespace LstmGen;

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

    /// <summary>
    /// How the layer's kernel stores W_hh (W_hr, W_hz, W_hn), read every step, as <see cref="LstmAttribute.RecurrentWeights"/>
    /// does for an LSTM: <see cref="WeightPrecision.Single"/> (default), 16-bit <see cref="WeightPrecision.Half"/> or
    /// <see cref="WeightPrecision.BFloat16"/>, or <see cref="WeightPrecision.Int8"/> with one float32 scale per row of
    /// W_hh (per unit and gate; with <see cref="ResetAfter"/> false, U_n's rows scale the product with r∘h). W_ih, the
    /// biases, the state and all arithmetic stay float32. Half needs |h| ≤ 1: refused (LSTMGEN017) with a Relu or Linear
    /// <see cref="Activation"/>.
    /// </summary>
    public WeightPrecision RecurrentWeights { get; set; }
}

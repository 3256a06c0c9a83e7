using System;

namespace LstmGen;

/// <summary>
/// Asks the LstmGen source generator to turn the annotated <c>partial class</c> into one LSTM layer
/// whose sizes are compile-time constants: the generator adds <c>LoadWeights</c>, <c>Forward</c>,
/// <c>Step</c> and <c>ResetState</c> with a SIMD kernel specialised for exactly these dimensions.
/// </summary>
/// <remarks>
/// <para><see cref="Units"/> is the LSTM's <c>num_units</c> (Keras <c>units</c>, PyTorch <c>hidden_size</c>):
/// the length of the hidden state h and of the cell state c. It is not the number of time steps.</para>
/// <para>The layer holds 4·Units·(Input+Units+1) parameters: four gates (input, forget, cell, output),
/// each with an Input-wide and a Units-wide weight row per unit and one bias.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LstmLayerAttribute : Attribute
{
    /// <summary>Features per time step (the length of x_t). Required, at least 1.</summary>
    public int Input { get; set; }

    /// <summary>The size of the hidden and cell state (num_units / hidden_size). Required, at least 1.</summary>
    public int Units { get; set; }

    /// <summary>
    /// Time steps per sequence that <c>Forward</c> processes. Optional: when omitted, <c>Forward</c>
    /// accepts any whole number of steps (input length / Input).
    /// </summary>
    public int Steps { get; set; }

    /// <summary>
    /// When true, <c>Forward</c> writes the hidden state of every step ([step, unit]); when false
    /// (the default) only the last one.
    /// </summary>
    public bool ReturnSequences { get; set; }

    /// <summary>
    /// How the kernel stores W_hh, the recurrent weights it reads every step. <see cref="WeightPrecision.Single"/>
    /// (the default) keeps float32; <see cref="WeightPrecision.Half"/> stores them as 16-bit halves, converted in
    /// registers, which halves the recurrent weight traffic of a layer too large for the L1 cache (e.g. Units ≥ 64)
    /// at the cost of rounding each recurrent weight to Half (about 3 significant digits). W_ih, the bias, the
    /// state and all arithmetic stay float32. LoadWeights rejects a recurrent weight beyond Half's ±65504.
    /// <see cref="WeightPrecision.BFloat16"/> stores them in 16 bits too, and <see cref="WeightPrecision.Int8"/> as int8
    /// with a float32 scale per row (a quarter of the bytes; LoadWeights rejects a NaN or infinite recurrent weight).
    /// </summary>
    public WeightPrecision RecurrentWeights { get; set; }
}

using System;

namespace LstmGen;

/// <summary>
/// What every LSTM layer offers, generated (<c>[LstmLayer]</c> classes implement it) or generic
/// (<see cref="LstmKernel"/>), so code can hold either.
/// </summary>
public interface ILstmLayer
{
    /// <summary>Features per time step.</summary>
    int Input { get; }

    /// <summary>Hidden/cell state size (num_units).</summary>
    int Units { get; }

    /// <summary>Replaces the weights; they must be for the same Input and Units. Nothing changes if this throws.</summary>
    void LoadWeights(LstmWeights weights);

    /// <summary>Runs one sequence ([step, feature]) from a zero state, leaving the streaming state alone.</summary>
    void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>One streaming time step: h and c carry over between calls.</summary>
    void Step(ReadOnlySpan<float> x, Span<float> h);

    /// <summary>Sets the streaming state back to zero.</summary>
    void ResetState();
}

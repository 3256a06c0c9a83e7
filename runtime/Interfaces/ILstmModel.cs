using System;

namespace LstmGen;

/// <summary>What every generated model (<c>[LstmModel]</c> class) offers, so code can hold any of them.</summary>
public interface ILstmModel
{
    /// <summary>Features per time step of the input.</summary>
    int Input { get; }

    /// <summary>Time steps per sequence in <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>; 0 when the model declares none and takes any number.</summary>
    int Steps { get; }

    /// <summary>Features the last layer writes per step (the length of <see cref="Step"/>'s output).</summary>
    int Output { get; }

    /// <summary>
    /// Floats <see cref="Predict(ReadOnlySpan{float}, Span{float})"/> writes: Steps·Output if the last layer outputs a
    /// sequence, else Output. A model without Steps whose last layer outputs a sequence writes steps·Output for a sequence
    /// of steps, and this is Output.
    /// </summary>
    int OutputLength { get; }

    /// <summary>Floats of the recurrent state (per recurrent layer, per direction: h, then c for an LSTM).</summary>
    int StateLength { get; }

    /// <summary>Runs one sequence from <paramref name="initialState"/> (empty: zeros), writing the final state to
    /// <paramref name="finalState"/> (empty: not wanted); both StateLength floats.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output, ReadOnlySpan<float> initialState, Span<float> finalState);

    /// <summary>Replaces every layer's weights; all are checked first, so nothing changes if this throws.</summary>
    void LoadWeights(ModelWeights weights);

    /// <summary>Runs one sequence ([step, feature]) from a zero state, leaving the streaming state alone.</summary>
    void Predict(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>
    /// Runs <paramref name="batch"/> independent sequences, each from a zero state, as <see cref="Predict(ReadOnlySpan{float}, Span{float})"/>
    /// would one by one: <paramref name="inputs"/> is batch·steps·Input floats ([batch, steps, Input]);
    /// <paramref name="outputs"/> receives each sequence's Predict output ([batch, OutputLength] for a model with
    /// Steps), sequence after sequence.
    /// Thread-safe; leaves the streaming state alone.
    /// </summary>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

    /// <summary>
    /// <see cref="PredictBatch(ReadOnlySpan{float}, Span{float}, int)"/> over a padded batch: sequence q's real steps are
    /// its first <c>lengths[q]</c> (0 to the steps). Each output is what the sequence gives alone: the states stop at its last
    /// real step, and outputs at padded steps are zero.
    /// </summary>
    void PredictBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int batch, ReadOnlySpan<int> lengths);

    /// <summary>One streaming step through every layer; each LSTM's h and c carry over between calls.</summary>
    void Step(ReadOnlySpan<float> x, Span<float> output);

    /// <summary>Sets the streaming state back to zero.</summary>
    void ResetState();
}

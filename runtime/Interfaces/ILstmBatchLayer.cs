using System;

namespace LstmGen;

/// <summary>
/// An LSTM layer that also runs many independent sequences in one call, reusing each weight load across
/// sequences: generated <c>[LstmLayer]</c> classes and <see cref="LstmKernel"/> implement it.
/// </summary>
public interface ILstmBatchLayer : ILstmLayer
{
    /// <summary>
    /// Runs <paramref name="batch"/> sequences, each from a zero state: <paramref name="inputs"/> is
    /// batch·steps·Input floats ([sequence, step, feature]); <paramref name="outputs"/> receives each
    /// sequence's output as <see cref="ILstmLayer.Forward"/> would write it, sequence after sequence.
    /// Allocates nothing, thread-safe, leaves the streaming state alone.
    /// </summary>
    void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

    /// <summary>
    /// <see cref="ForwardBatch"/> split over up to <paramref name="maxDegreeOfParallelism"/> threads
    /// (-1: one per core). Unlike ForwardBatch it allocates (the task machinery) on every call; results are identical.
    /// </summary>
    void ForwardBatchParallel(ReadOnlyMemory<float> inputs, Memory<float> outputs, int batch, int maxDegreeOfParallelism = -1);
}

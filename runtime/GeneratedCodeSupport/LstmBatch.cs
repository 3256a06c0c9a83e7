using System;
using System.ComponentModel;
using System.Threading.Tasks;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>A batched forward pass over independent sequences: ForwardBatch of a generated layer or of <see cref="LstmKernel"/>.</summary>
/// <param name="inputs">batch·steps·Input floats, [sequence, step, feature].</param>
/// <param name="outputs">The outputs of every sequence, sequence after sequence.</param>
/// <param name="batch">Number of sequences.</param>
public delegate void LstmBatchForward(ReadOnlySpan<float> inputs, Span<float> outputs, int batch);

/// <summary>
/// The parallel form of ForwardBatch, shared by generated layers and <see cref="LstmKernel"/>. Public only
/// so generated code can call it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmBatch
{
    /// <summary>
    /// Splits <paramref name="batch"/> sequences into one part per thread (parts of whole groups of
    /// <paramref name="group"/> sequences, the kernel's lock-step group) and runs <paramref name="forward"/>
    /// on each with Parallel.For. The lengths must already be checked: each sequence's share of the spans
    /// is length ÷ batch.
    /// </summary>
    public static void Parallel(LstmBatchForward forward, ReadOnlyMemory<float> inputs, Memory<float> outputs, int batch, int group, int maxDegreeOfParallelism)
    {
        ArgumentNullException.ThrowIfNull(forward);
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "maxDegreeOfParallelism: expected -1 (one thread per core) or a positive count.");
        int seqIn = inputs.Length / batch, seqOut = outputs.Length / batch;
        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        int groups = (batch + group - 1) / group;
        int parts = Math.Clamp(threads, 1, groups);
        if (parts == 1)
        {
            forward(inputs.Span, outputs.Span, batch);
            return;
        }
        System.Threading.Tasks.Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
        {
            // Part p takes groups [p·groups/parts, (p+1)·groups/parts); the last group may be partial.
            int first = group * (int)((long)part * groups / parts);
            int end = Math.Min(batch, group * (int)((long)(part + 1) * groups / parts));
            int count = end - first;
            forward(inputs.Span.Slice(first * seqIn, count * seqIn), outputs.Span.Slice(first * seqOut, count * seqOut), count);
        });
    }
}

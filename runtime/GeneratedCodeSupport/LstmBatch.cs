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
/// The parallel form of ForwardBatch, shared by generated layers and <see cref="LstmKernel"/>, and the pieces of padded
/// batches (per-sequence lengths) and of model batches that generated code shares. Public only so generated code can
/// call it.
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

    /// <summary>
    /// Checks the per-sequence lengths of a padded batch: <paramref name="batch"/> of them, each from 0 (the sequence is
    /// all padding: its output is the zero state's) to <paramref name="steps"/>.
    /// </summary>
    public static void CheckLengths(ReadOnlySpan<int> lengths, int batch, int steps)
    {
        if (lengths.Length != batch)
            throw new ArgumentException($"lengths: expected batch = {batch} lengths, got {lengths.Length}.", nameof(lengths));
        for (int q = 0; q < lengths.Length; q++)
            if ((uint)lengths[q] > (uint)steps)
                throw new ArgumentOutOfRangeException(nameof(lengths), lengths[q], $"lengths[{q}]: expected 0 to steps = {steps}, got {lengths[q]}.");
    }

    // Sequence q's real steps: all of them when no lengths are given.
    private static int Length(ReadOnlySpan<int> lengths, int q, int steps) => lengths.IsEmpty ? steps : lengths[q];

    /// <summary>
    /// A recurrent layer's outputs from a run that wrote every step's h (<paramref name="run"/>, [count, steps, units]):
    /// with <paramref name="sequences"/> the real steps' rows and zeros after them ([count, steps, units]), else each
    /// sequence's h at its last real step ([count, units]; zeros for a length of 0). Steps after a sequence's length
    /// never feed its output, so the state in effect stops at its last real step. Empty <paramref name="lengths"/>:
    /// every sequence is <paramref name="steps"/> long.
    /// </summary>
    public static void Outputs(ReadOnlySpan<float> run, Span<float> destination, int count, int steps, int units, ReadOnlySpan<int> lengths, bool sequences)
    {
        int seqOut = sequences ? steps * units : units;
        if (run.Length < count * steps * units || destination.Length != count * seqOut)
            throw new ArgumentException($"expected {count}·{steps}·{units} floats in and {count * seqOut} out, got {run.Length} and {destination.Length}.");
        for (int q = 0; q < count; q++)
        {
            int length = Length(lengths, q, steps);
            ReadOnlySpan<float> source = run.Slice(q * steps * units, steps * units);
            Span<float> target = destination.Slice(q * seqOut, seqOut);
            if (sequences)
            {
                source.Slice(0, length * units).CopyTo(target);
                target.Slice(length * units).Clear();
            }
            else if (length == 0)
                target.Clear();
            else
                source.Slice((length - 1) * units, units).CopyTo(target);
        }
    }

    /// <summary>
    /// Each sequence's real steps in reverse order, for a backward direction ([count, steps, width]; the padding after
    /// them is zeroed). Empty <paramref name="lengths"/>: every sequence is <paramref name="steps"/> long.
    /// </summary>
    public static void Reverse(ReadOnlySpan<float> source, Span<float> destination, int count, int steps, int width, ReadOnlySpan<int> lengths)
    {
        if (source.Length != count * steps * width || destination.Length != count * steps * width)
            throw new ArgumentException($"expected {count}·{steps}·{width} floats, got {source.Length} and {destination.Length}.");
        for (int q = 0; q < count; q++)
        {
            int length = Length(lengths, q, steps), start = q * steps * width;
            for (int t = 0; t < length; t++)
                source.Slice(start + (length - 1 - t) * width, width).CopyTo(destination.Slice(start + t * width, width));
            destination.Slice(start + length * width, (steps - length) * width).Clear();
        }
    }

    /// <summary>
    /// A bidirectional layer's outputs from its two runs (each every step's h, [count, steps, units]; the backward one
    /// over the reversed real steps): with <paramref name="sequences"/>, per real step t, [forward[t] | backward[length −
    /// 1 − t]] and zeros after ([count, steps, 2·units]); else both directions' h at their last real step ([count, 2·units]).
    /// </summary>
    public static void ConcatDirections(ReadOnlySpan<float> forward, ReadOnlySpan<float> backwardReversed, Span<float> destination, int count, int steps, int units,
        ReadOnlySpan<int> lengths, bool sequences)
    {
        int seqOut = sequences ? 2 * steps * units : 2 * units;
        if (forward.Length < count * steps * units || backwardReversed.Length < count * steps * units || destination.Length != count * seqOut)
            throw new ArgumentException($"expected {count}·{steps}·{units} floats per direction and {count * seqOut} out.");
        for (int q = 0; q < count; q++)
        {
            int length = Length(lengths, q, steps), start = q * steps * units;
            Span<float> target = destination.Slice(q * seqOut, seqOut);
            target.Clear();
            if (!sequences)
            {
                if (length > 0)
                {
                    forward.Slice(start + (length - 1) * units, units).CopyTo(target);
                    backwardReversed.Slice(start + (length - 1) * units, units).CopyTo(target.Slice(units));
                }
                continue;
            }
            for (int t = 0; t < length; t++)
            {
                forward.Slice(start + t * units, units).CopyTo(target.Slice(2 * t * units, units));
                backwardReversed.Slice(start + (length - 1 - t) * units, units).CopyTo(target.Slice((2 * t + 1) * units, units));
            }
        }
    }

    /// <summary>
    /// A Dense layer applied at every real step of <paramref name="count"/> sequences ([count, steps, input] →
    /// [count, steps, units]); padded steps get zeros. Empty <paramref name="lengths"/>: every step is real.
    /// </summary>
    public static void DenseSteps(float[] packed, int input, int units, ReadOnlySpan<float> x, Span<float> y, int count, int steps, ReadOnlySpan<int> lengths, Activation activation)
    {
        if (x.Length != count * steps * input || y.Length != count * steps * units)
            throw new ArgumentException($"expected {count}·{steps}·{input} floats in and {count}·{steps}·{units} out, got {x.Length} and {y.Length}.");
        for (int q = 0; q < count; q++)
        {
            int length = Length(lengths, q, steps);
            for (int t = 0; t < length; t++)
                ModelKernels.Dense(packed, input, units, x.Slice((q * steps + t) * input, input), y.Slice((q * steps + t) * units, units), activation);
            y.Slice((q * steps + length) * units, (steps - length) * units).Clear();
        }
    }
}

using System;

namespace LstmGen.Training;

/// <summary>
/// Training or validation data: <see cref="Count"/> samples, each <see cref="SampleLength"/> input floats
/// ([step, feature] row-major, the model's <c>Steps·Input</c>) and <see cref="TargetLength"/> target floats (the model's
/// output length: [feature], or [step, feature] for a sequence output). Wraps the caller's memory without copying it,
/// so the arrays must not change while a <see cref="Trainer"/> reads them.
/// </summary>
/// <example><code>
/// var data = Dataset.FromLabels(images, labels, classes: 10);  // images: [count, 28, 28] floats
/// var (train, validation) = data.Shuffle(seed: 1).Split(50_000);
/// </code></example>
public sealed class Dataset
{
    /// <summary>Wraps inputs and targets of <paramref name="count"/> samples; the per-sample lengths are their lengths divided by the count.</summary>
    /// <param name="inputs">count·SampleLength floats: [sample, step, feature].</param>
    /// <param name="targets">count·TargetLength floats: [sample, feature] or [sample, step, feature].</param>
    /// <param name="count">Samples, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1.</exception>
    /// <exception cref="ArgumentException">A length is not a positive multiple of <paramref name="count"/>.</exception>
    public Dataset(ReadOnlyMemory<float> inputs, ReadOnlyMemory<float> targets, int count)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count: expected at least 1 sample, got {count}.");
        if (inputs.Length == 0 || inputs.Length % count != 0)
            throw new ArgumentException($"inputs: expected a positive multiple of count = {count} floats (count·Steps·Input), got {inputs.Length}.", nameof(inputs));
        if (targets.Length == 0 || targets.Length % count != 0)
            throw new ArgumentException($"targets: expected a positive multiple of count = {count} floats (count·OutputLength), got {targets.Length}.", nameof(targets));
        Inputs = inputs;
        Targets = targets;
        Count = count;
        SampleLength = inputs.Length / count;
        TargetLength = targets.Length / count;
    }

    /// <summary>A classification dataset: one-hot targets made from class labels.</summary>
    /// <param name="inputs">labels.Length·SampleLength floats: [sample, step, feature].</param>
    /// <param name="labels">One class index per sample, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classes">The number of classes (the model's output width), at least 2.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is below 2, or a label is outside [0, classes).</exception>
    /// <exception cref="ArgumentException">There are no labels, or the input length is not a multiple of their count.</exception>
    public static Dataset FromLabels(ReadOnlyMemory<float> inputs, ReadOnlySpan<int> labels, int classes)
    {
        if (classes < 2)
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"classes: expected at least 2 classes, got {classes}.");
        if (labels.IsEmpty)
            throw new ArgumentException("labels: expected at least 1 label, got none.", nameof(labels));
        var targets = new float[(long)labels.Length * classes];
        for (int k = 0; k < labels.Length; k++)
        {
            if ((uint)labels[k] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), labels[k], $"labels[{k}]: expected a class in [0, {classes}), got {labels[k]}.");
            targets[(long)k * classes + labels[k]] = 1;
        }
        return new Dataset(inputs, targets, labels.Length);
    }

    /// <summary>Samples.</summary>
    public int Count { get; }

    /// <summary>All inputs, [sample, step, feature].</summary>
    public ReadOnlyMemory<float> Inputs { get; }

    /// <summary>All targets, [sample, feature] or [sample, step, feature].</summary>
    public ReadOnlyMemory<float> Targets { get; }

    /// <summary>Input floats per sample (the model's <see cref="ModelArchitecture.InputLength"/>).</summary>
    public int SampleLength { get; }

    /// <summary>Target floats per sample (the model's <see cref="ModelArchitecture.OutputLength"/>).</summary>
    public int TargetLength { get; }

    /// <summary>The inputs of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample's.</exception>
    public ReadOnlySpan<float> Input(int index) => Inputs.Span.Slice(CheckIndex(index) * SampleLength, SampleLength);

    /// <summary>The targets of sample <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not a sample's.</exception>
    public ReadOnlySpan<float> Target(int index) => Targets.Span.Slice(CheckIndex(index) * TargetLength, TargetLength);

    private int CheckIndex(int index) => (uint)index < (uint)Count ? index
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"index: expected a sample index in [0, {Count}), got {index}.");

    /// <summary>Samples <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> − 1, sharing this dataset's memory.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is empty or not inside the dataset.</exception>
    public Dataset Slice(int start, int count)
    {
        if (start < 0 || start >= Count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"start: expected a sample index in [0, {Count}), got {start}.");
        if (count < 1 || count > Count - start)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"count: expected 1 to {Count - start} samples from sample {start}, got {count}.");
        return new Dataset(Inputs.Slice(start * SampleLength, count * SampleLength), Targets.Slice(start * TargetLength, count * TargetLength), count);
    }

    /// <summary>The first <paramref name="firstCount"/> samples and the rest, in order (shuffle first for a random split).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Either part would be empty.</exception>
    public (Dataset First, Dataset Second) Split(int firstCount)
    {
        if (firstCount < 1 || firstCount >= Count)
            throw new ArgumentOutOfRangeException(nameof(firstCount), firstCount, $"firstCount: expected 1 to {Count - 1} samples so both parts have some, got {firstCount}.");
        return (Slice(0, firstCount), Slice(firstCount, Count - firstCount));
    }

    /// <summary>A copy with the samples in a random order drawn from <paramref name="seed"/> (the same seed, the same order).</summary>
    public Dataset Shuffle(int seed)
    {
        var order = new int[Count];
        var random = new SeededRandom(seed);
        SeededRandom.Permutation(order, ref random);
        var inputs = new float[(long)Count * SampleLength];
        var targets = new float[(long)Count * TargetLength];
        ReadOnlySpan<float> source = Inputs.Span, sourceTargets = Targets.Span;
        for (int k = 0; k < Count; k++)
        {
            source.Slice(order[k] * SampleLength, SampleLength).CopyTo(inputs.AsSpan(k * SampleLength));
            sourceTargets.Slice(order[k] * TargetLength, TargetLength).CopyTo(targets.AsSpan(k * TargetLength));
        }
        return new Dataset(inputs, targets, Count);
    }

    /// <summary>
    /// Throws unless every sample fits <paramref name="architecture"/> (Steps·Input inputs, OutputLength targets), every
    /// value is finite, and for cross-entropy every target vector is a probability distribution (≥ 0, summing to 1 within 10⁻³).
    /// </summary>
    /// <param name="architecture">The model.</param>
    /// <param name="loss">The loss the targets are for.</param>
    /// <param name="name">The argument's name, for the messages.</param>
    internal void CheckFits(ModelArchitecture architecture, Loss loss, string name)
    {
        var a = architecture;
        if (SampleLength != a.InputLength)
            throw new ArgumentException($"{name}: the model reads Steps·Input = {a.Steps}·{a.Input} = {a.InputLength} inputs per sample, " +
                $"but the dataset has {SampleLength} ({Inputs.Length} inputs for {Count} samples).", name);
        if (TargetLength != a.OutputLength)
            throw new ArgumentException($"{name}: the model outputs {(a.SequenceOutput ? $"Steps·Output = {a.Steps}·{a.Output} = " : "")}{a.OutputLength} " +
                $"values per sample, but the dataset has {TargetLength} targets per sample ({Targets.Length} targets for {Count} samples).", name);
        var inputs = Inputs.Span;
        for (int k = 0; k < inputs.Length; k++)
            if (!float.IsFinite(inputs[k]))
                throw new ArgumentException($"{name}.Inputs[{k}] (sample {k / SampleLength}, step {k % SampleLength / a.Input}, feature {k % a.Input}): " +
                    $"expected a finite value, got {inputs[k]}.", name);
        var targets = Targets.Span;
        int width = a.Output;
        for (int row = 0; row < targets.Length / width; row++)
        {
            var t = targets.Slice(row * width, width);
            double sum = 0;
            for (int j = 0; j < width; j++)
            {
                if (!float.IsFinite(t[j]) || (loss == Loss.CrossEntropy && t[j] < 0))
                    throw new ArgumentException($"{name}.Targets[{row * width + j}] ({TargetPlace(a, row)}): expected a " +
                        $"{(loss == Loss.CrossEntropy ? "probability (finite, ≥ 0) for CrossEntropy" : "finite value")}, got {t[j]}.", name);
                sum += t[j];
            }
            if (loss == Loss.CrossEntropy && Math.Abs(sum - 1) > 1e-3)
                throw new ArgumentException($"{name}.Targets ({TargetPlace(a, row)}): CrossEntropy targets are probabilities summing to 1 " +
                    $"(one-hot rows, or soft labels), got a sum of {sum}.", name);
        }
    }

    private string TargetPlace(ModelArchitecture a, int row) =>
        a.SequenceOutput ? $"sample {row / a.Steps}, step {row % a.Steps}" : $"sample {row}";

    /// <summary>"1000 samples × 784 inputs → 10 targets".</summary>
    public override string ToString() => $"{Count} samples × {SampleLength} inputs → {TargetLength} targets";
}


namespace LstmGen.Training.Tests;

/// <summary>Small seeded datasets for training tests: tasks a tiny recurrent model learns in a few epochs.</summary>
public static class TinyTasks
{
    /// <summary>
    /// Sequences of <paramref name="steps"/> values uniform in ±1, labelled by a rule of the sequence: class 1 when it
    /// holds, else 0, as one-hot targets for 2 classes.
    /// </summary>
    public static Dataset Classification(int count, int steps, int seed, Func<float[], bool> rule)
    {
        var (inputs, sequences) = Sequences(count, steps, seed);
        var labels = new int[count];
        for (int k = 0; k < count; k++)
            labels[k] = rule(sequences[k]) ? 1 : 0;
        return Dataset.FromLabels(inputs, labels, classes: 2);
    }

    /// <summary>Whether the sum of the sequence is positive.</summary>
    public static bool SumIsPositive(float[] x)
    {
        float sum = 0;
        foreach (float v in x)
            sum += v;
        return sum > 0;
    }

    /// <summary>Whether the first value exceeds the last: the model must remember the first through the sequence.</summary>
    public static bool FirstExceedsLast(float[] x) => x[0] > x[^1];

    /// <summary>Sequences as in <see cref="Classification"/> with one target: the mean of the sequence.</summary>
    public static Dataset MeanRegression(int count, int steps, int seed)
    {
        var (inputs, sequences) = Sequences(count, steps, seed);
        var targets = new float[count];
        for (int k = 0; k < count; k++)
        {
            float sum = 0;
            foreach (float v in sequences[k])
                sum += v;
            targets[k] = sum / steps;
        }
        return new Dataset(inputs, targets, count);
    }

    private static (float[] Inputs, List<float[]> Sequences) Sequences(int count, int steps, int seed)
    {
        var rng = new Random(seed);
        var inputs = new float[count * steps];
        var sequences = new List<float[]>(count);
        for (int k = 0; k < count; k++)
        {
            var x = new float[steps];
            for (int t = 0; t < steps; t++)
                x[t] = inputs[k * steps + t] = (float)(rng.NextDouble() * 2 - 1);
            sequences.Add(x);
        }
        return (inputs, sequences);
    }
}

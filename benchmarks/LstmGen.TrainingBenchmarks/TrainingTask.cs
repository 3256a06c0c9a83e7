using System;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// The benchmarked task: LSTM(28→128 over 28 steps)→Dense(10, Softmax), cross-entropy, batches of 64, Adam(1e-3). Every
/// framework gets the same synthetic batches (pixel-like inputs in [0, 1), uniform labels) and the same initial weights.
/// </summary>
public static class TrainingTask
{
    public const int Input = 28, Steps = 28, Units = 128, Classes = 10, Batch = 64;

    /// <summary>Distinct batches cycled through, so no run trains on one batch alone.</summary>
    public const int Batches = 8;

    public const float LearningRate = 1e-3f;

    public static ModelArchitecture Architecture { get; } =
        new(Input, Steps, ModelLayer.Lstm(Units), ModelLayer.Dense(Classes, Activation.Softmax));

    /// <summary>
    /// Multiply-adds × 2 per sample of one training step: forward 4H(I + H) per step for the gates and C·H for the head;
    /// backward dW_ih (4H·I), dW_hh (4H·H) per step, dh = dz·W_hh (4H·H) on all steps but the first (whose h is the zero
    /// state), the head's dW and dh (2·C·H). The first layer needs no input gradient. Element-wise work is not counted.
    /// </summary>
    public static double FlopsPerSample { get; } =
        2.0 * (Steps * 4.0 * Units * (Input + Units) + Classes * Units         // forward
             + Steps * 4.0 * Units * (Input + Units) + (Steps - 1) * 4.0 * Units * Units + 2.0 * Classes * Units); // backward

    /// <summary>[batch, Steps, Input] inputs and class labels, the same for every framework (fixed seed).</summary>
    public static (float[][] Inputs, int[][] Labels) Data()
    {
        var random = new Random(7);
        var inputs = new float[Batches][];
        var labels = new int[Batches][];
        for (int n = 0; n < Batches; n++)
        {
            inputs[n] = new float[Batch * Steps * Input];
            for (int j = 0; j < inputs[n].Length; j++)
                inputs[n][j] = random.NextSingle();
            labels[n] = new int[Batch];
            for (int b = 0; b < Batch; b++)
                labels[n][b] = random.Next(Classes);
        }
        return (inputs, labels);
    }

    /// <summary>One-hot rows [batch, Classes] of the labels.</summary>
    public static float[] OneHot(int[] labels)
    {
        var targets = new float[labels.Length * Classes];
        for (int b = 0; b < labels.Length; b++)
            targets[b * Classes + labels[b]] = 1f;
        return targets;
    }

    /// <summary>PyTorch's default initialisation ranges (U(±1/√H) for the LSTM, U(±1/√in) for Linear) from a fixed seed:
    /// PyTorch tensors (weight_ih [4H, I], weight_hh [4H, H], bias_ih, bias_hh [4H], fc.weight [C, H], fc.bias [C]).</summary>
    public static (float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh, float[] FcWeight, float[] FcBias) InitialWeights()
    {
        var random = new Random(1);
        float[] Uniform(int count, double bound)
        {
            var values = new float[count];
            for (int j = 0; j < count; j++)
                values[j] = (float)((random.NextDouble() * 2 - 1) * bound);
            return values;
        }
        double lstmBound = 1 / Math.Sqrt(Units), fcBound = 1 / Math.Sqrt(Units);
        return (Uniform(4 * Units * Input, lstmBound), Uniform(4 * Units * Units, lstmBound), Uniform(4 * Units, lstmBound),
            Uniform(4 * Units, lstmBound), Uniform(Classes * Units, fcBound), Uniform(Classes, fcBound));
    }

    public static ModelWeights InitialModelWeights()
    {
        var w = InitialWeights();
        return new ModelWeights(LstmWeights.FromPyTorch(Input, Units, w.WeightIh, w.WeightHh, w.BiasIh, w.BiasHh),
            DenseWeights.FromPyTorch(Units, Classes, w.FcWeight, w.FcBias));
    }
}

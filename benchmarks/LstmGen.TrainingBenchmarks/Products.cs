using System;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// The matrix products of one LSTM(28→128) training batch of 64, each timed alone (best thread CPU time of single calls) with the
/// kernels' own shapes and strides: where a batch's time goes, in GFLOP/s per product.
/// </summary>
public static class Products
{
    public static void Run()
    {
        const int T = TrainingTask.Steps, B = TrainingTask.Batch, I = TrainingTask.Input, H = TrainingTask.Units, G = 4 * H, R = T * B;
        var k = TrainingKernels.Best;
        var random = new Random(3);
        float[] Fill(int n) { var a = new float[n]; for (int j = 0; j < n; j++) a[j] = random.NextSingle() - 0.5f; return a; }
        float[] x = Fill(R * I), gates = Fill(R * G), hidden = Fill((T + 1) * B * H), wIhT = Fill(I * G), wHhT = Fill(H * G), wHh = Fill(G * H);
        float[] dh = new float[B * H], dWhh = new float[G * H], dWihT = new float[I * G];
        Console.WriteLine($"SIMD path {k.Path}");
        Time("input projection x·W_ihᵀ [1792×28]·[28×512], once", 1, 2.0 * R * I * G,
            () => k.MultiplyRows(x, I, wIhT, G, gates, G, R, G, I, accumulate: true));
        Time("recurrent h·W_hhᵀ [64×128]·[128×512], per step", T, 2.0 * B * H * G,
            () => k.MultiplyRows(hidden, H, wHhT, G, gates, G, B, G, H, accumulate: true));
        Time("dh = dz·W_hh [64×512]·[512×128], per step", T - 1, 2.0 * B * G * H,
            () => k.MultiplyRows(gates, G, wHh, H, dh, H, B, H, G, accumulate: false));
        Time("dW_hh += dzᵀ·h [512×1792]·[1792×128], once", 1, 2.0 * G * R * H,
            () => k.MultiplyTransposed(gates, G, hidden, H, dWhh, H, G, H, R, accumulate: true));
        Time("dW_ihᵀ = xᵀ·dz [28×1792]·[1792×512], once", 1, 2.0 * I * R * G,
            () => k.MultiplyTransposed(x, I, gates, G, dWihT, G, I, G, R, accumulate: false));
    }

    /// <summary>The LSTM layer's forward and backward passes of one batch, each timed alone.</summary>
    public static void Passes()
    {
        var (forward, backward) = CreatePasses();
        double forwardFlops = 2.0 * TrainingTask.Batch * TrainingTask.Steps * 4 * TrainingTask.Units * (TrainingTask.Input + TrainingTask.Units);
        Time("LSTM forward pass", 1, forwardFlops, forward);
        Time("LSTM backward pass (after a forward)", 1, TrainingTask.FlopsPerSample * TrainingTask.Batch - forwardFlops, backward);
    }

    /// <summary>The LSTM layer of the task on its own: a forward pass, and a forward and backward pass.</summary>
    public static (Action Forward, Action ForwardBackward) CreatePasses()
    {
        var layer = TrainingTask.Architecture.Layers[0];
        var pass = new RecurrentPass(layer, TrainingTask.Steps, TrainingTask.Batch, TrainingKernels.Best);
        var random = new Random(5);
        var parameters = new float[pass.ParameterLength];
        for (int j = 0; j < parameters.Length; j++)
            parameters[j] = (random.NextSingle() - 0.5f) * 0.2f;
        pass.PrepareParameters(parameters);
        var x = new float[TrainingTask.Steps * TrainingTask.Batch * TrainingTask.Input];
        for (int j = 0; j < x.Length; j++)
            x[j] = random.NextSingle();
        var y = new float[TrainingTask.Batch * TrainingTask.Units];
        var dy = new float[y.Length];
        var gradient = new float[parameters.Length];
        return (() => pass.Forward(parameters, x, y, TrainingTask.Batch), () =>
        {
            pass.Forward(parameters, x, y, TrainingTask.Batch);
            dy.AsSpan().Fill(0.01f);
            pass.Backward(parameters, x, y, dy, default, gradient, TrainingTask.Batch);
        });
    }

    private static void Time(string name, int perBatch, double flops, Action product)
    {
        for (int n = 0; n < 20; n++)
            product();
        double best = double.MaxValue;
        for (int trial = 0; trial < 300; trial++) // single calls, the best: a shared machine takes whole time slices away
        {
            double start = ThreadClock.Milliseconds();
            product();
            best = Math.Min(best, ThreadClock.Milliseconds() - start);
        }
        Console.WriteLine($"{name}: best {best * 1000:F0} µs = {flops / best / 1e6:F1} GFLOP/s; ×{perBatch} per batch = {best * perBatch:F2} ms");
    }
}

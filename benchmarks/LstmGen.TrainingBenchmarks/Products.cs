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
        const int S = (1 + I + H + 15) / 16 * 16; // a row [1, x, h] padded to whole vectors, as the LSTM direction keeps it
        var k = TrainingKernels.Best;
        var random = new Random(3);
        float[] Fill(int n) { var a = new float[n]; for (int j = 0; j < n; j++) a[j] = (random.NextSingle() - 0.5f) * 0.2f; return a; }
        float[] rows = Fill((T + 1) * B * S), gates = Fill(R * G), wHh = Fill(G * H), cell = Fill(2 * B * H), dh = Fill(B * H), dc = Fill(B * H);
        float[] packed = Fill(TrainingKernels.PackedLstmLength(I, H)), packedHh = new float[G * H], dW = new float[G * S];
        k.PackProductOperand(wHh, H, G, H, packedHh);
        Console.WriteLine($"SIMD path {k.Path}");
        Time("forward step [64×157]·[157×512] + cells", T, 2.0 * B * (1 + I + H) * G,
            () => k.LstmForwardStep(rows, S, 1 + I + H, packed, cell.AsSpan(0, B * H), cell.AsSpan(B * H), rows.AsSpan(B * S + 1 + I), gates, B, I, H,
                Activation.Tanh, Activation.Sigmoid));
        Time("dh = dz·W_hh [64×512]·[512×128] (packed), per step", T - 1, 2.0 * B * G * H,
            () => k.MultiplyPacked(gates, G, 1, packedHh, dh, H, B, H, G, accumulate: false));
        Time("[db, dW_ih, dW_hh] = dzᵀ·[1, x, h] [512×1792]·[1792×160], once", 1, 2.0 * G * R * S,
            () => k.MultiplyTransposed(gates, G, rows, S, dW, S, G, S, R, accumulate: false));
        float[] bias = Fill(G), wIh = Fill(G * I);
        Time("pack [b, W_ih, W_hh] and W_hh after each update", 1, 0, () =>
        {
            k.PackLstmWeights(bias, wIh, wHh, I, H, packed);
            k.PackProductOperand(wHh, H, G, H, packedHh);
        });
        // Last: it works in place, and repeated on the same data its gradients shrink into denormals, which would slow the
        // products after it. Its own time here is an upper bound for the same reason.
        float[] stepGates = Fill(B * G);
        Time("cell backward [64×128] (upper bound)", T, 0, () => k.LstmBackward(stepGates, cell.AsSpan(0, B * H), cell.AsSpan(B * H), dh, dc, B, H,
            Activation.Tanh, Activation.Sigmoid));
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
        Console.WriteLine($"{name}: best {best * 1000:F0} µs" + (flops > 0 ? $" = {flops / best / 1e6:F1} GFLOP/s" : "") + $"; ×{perBatch} per batch = {best * perBatch:F2} ms");
    }
}

#if LSTMGEN_TORCH
using System;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// The same training step in TorchSharp, as a .NET user would write it: nn.LSTM (batch first) → last h → nn.Linear,
/// cross-entropy on the logits (what Dense+Softmax with cross-entropy computes), torch.optim.Adam, on
/// <c>torch.set_num_threads(threads)</c>. Tensors of each step are disposed in a scope.
/// </summary>
public sealed class TorchTraining : IDisposable
{
    private readonly LSTM _lstm;
    private readonly Linear _fc;
    private readonly optim.Optimizer _optimizer;
    private readonly Tensor[] _inputs, _labels;
    private readonly int _threads;
    private int _step;

    /// <summary>Null if TorchSharp loads and runs here, else why not.</summary>
    public static string? Failure { get; } = Probe();

    public TorchTraining(int threads)
    {
        _threads = threads;
        torch.set_num_threads(threads);
        _lstm = nn.LSTM(TrainingTask.Input, TrainingTask.Units, batchFirst: true);
        _fc = nn.Linear(TrainingTask.Units, TrainingTask.Classes);
        var w = TrainingTask.InitialWeights();
        using (torch.no_grad())
        {
            Set(_lstm.get_parameter("weight_ih_l0")!, w.WeightIh, 4 * TrainingTask.Units, TrainingTask.Input);
            Set(_lstm.get_parameter("weight_hh_l0")!, w.WeightHh, 4 * TrainingTask.Units, TrainingTask.Units);
            Set(_lstm.get_parameter("bias_ih_l0")!, w.BiasIh, 4 * TrainingTask.Units);
            Set(_lstm.get_parameter("bias_hh_l0")!, w.BiasHh, 4 * TrainingTask.Units);
            Set(_fc.weight!, w.FcWeight, TrainingTask.Classes, TrainingTask.Units);
            Set(_fc.bias!, w.FcBias, TrainingTask.Classes);
        }
        _optimizer = optim.Adam([.. _lstm.parameters(), .. _fc.parameters()], lr: TrainingTask.LearningRate);
        var (inputs, labels) = TrainingTask.Data();
        _inputs = Array.ConvertAll(inputs, x => torch.tensor(x, [TrainingTask.Batch, TrainingTask.Steps, TrainingTask.Input]));
        _labels = Array.ConvertAll(labels, y => torch.tensor(Array.ConvertAll(y, l => (long)l)));
    }

    private static void Set(Tensor parameter, float[] values, params long[] shape)
    {
        using var source = torch.tensor(values, shape);
        parameter.copy_(source);
    }

    /// <summary>One batch: forward, backward, Adam. Returns the batch's loss.</summary>
    public float Step()
    {
        torch.set_num_threads(_threads);
        int n = _step++ % TrainingTask.Batches;
        using var scope = torch.NewDisposeScope();
        _optimizer.zero_grad();
        var (_, h, _) = _lstm.forward(_inputs[n]);
        var logits = _fc.forward(h[0]);
        var loss = nn.functional.cross_entropy(logits, _labels[n]);
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    public void Dispose()
    {
        foreach (var t in _inputs) t.Dispose();
        foreach (var t in _labels) t.Dispose();
        _optimizer.Dispose();
        _lstm.Dispose();
        _fc.Dispose();
    }

    private static string? Probe()
    {
        // TorchSharp 0.107's glue needs GLIBCXX_3.4.32 (GCC 13's libstdc++); on Debian 12 it loads only with the
        // workaround sourced (../training/run.sh does), and otherwise fails here with the loader's message.
        try
        {
            using var t = torch.ones(2);
            return t.sum().item<float>() == 2f ? null : "TorchSharp: torch.ones(2).sum() is not 2";
        }
        catch (Exception e)
        {
            string reason = (e.InnerException ?? e).Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
            return $"TorchSharp does not load here: {reason}";
        }
    }
}
#endif

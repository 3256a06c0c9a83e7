using System;
using System.Numerics;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// LstmGen's training step on one thread: the batched gradient (GradientWorkspace: forward, BPTT, weight gradients)
/// and an Adam update of the flat parameter vector (torch.optim.Adam's formulas, bias-corrected, no weight decay).
/// </summary>
public sealed class LstmGenTraining
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly GradientWorkspace _workspace;
    private readonly float[][] _inputs, _targets;
    private readonly float[] _m, _v;
    private int _step;

    public LstmGenTraining()
    {
        _workspace = new GradientWorkspace(TrainingTask.Architecture, TrainingTask.Batch);
        _workspace.SetWeights(TrainingTask.InitialModelWeights());
        var (inputs, labels) = TrainingTask.Data();
        _inputs = inputs;
        _targets = Array.ConvertAll(labels, TrainingTask.OneHot);
        _m = new float[_workspace.Parameters.Length];
        _v = new float[_workspace.Parameters.Length];
    }

    public string SimdPath => _workspace.Kernels.Path;

    /// <summary>One batch: forward, backward, Adam. Returns the batch's loss.</summary>
    public float Step()
    {
        int n = _step % TrainingTask.Batches;
        float loss = _workspace.Compute(_inputs[n], _targets[n], TrainingTask.Batch, Loss.CrossEntropy);
        _step++;
        AdamUpdate(_workspace.Parameters, _workspace.Gradient, _m, _v, _step);
        _workspace.PrepareParameters();
        return loss;
    }

    private static void AdamUpdate(Span<float> p, ReadOnlySpan<float> g, Span<float> m, Span<float> v, int step)
    {
        float lr = TrainingTask.LearningRate;
        float c1 = 1f / (1f - MathF.Pow(Beta1, step)), c2 = 1f / (1f - MathF.Pow(Beta2, step));
        int j = 0, w = Vector<float>.Count;
        for (; j + w <= p.Length; j += w)
        {
            var gj = new Vector<float>(g.Slice(j));
            var mj = Beta1 * new Vector<float>(m.Slice(j)) + (1 - Beta1) * gj;
            var vj = Beta2 * new Vector<float>(v.Slice(j)) + (1 - Beta2) * gj * gj;
            mj.CopyTo(m.Slice(j));
            vj.CopyTo(v.Slice(j));
            (new Vector<float>(p.Slice(j)) - lr * (mj * c1) / (Vector.SquareRoot(vj * c2) + new Vector<float>(Epsilon))).CopyTo(p.Slice(j));
        }
        for (; j < p.Length; j++)
        {
            m[j] = Beta1 * m[j] + (1 - Beta1) * g[j];
            v[j] = Beta2 * v[j] + (1 - Beta2) * g[j] * g[j];
            p[j] -= lr * (m[j] * c1) / (MathF.Sqrt(v[j] * c2) + Epsilon);
        }
    }
}

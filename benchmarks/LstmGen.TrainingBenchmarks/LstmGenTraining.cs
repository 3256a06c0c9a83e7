using System;
using System.Numerics;
using System.Threading.Tasks;
using LstmGen.Training;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// LstmGen's training step: the batched gradient (GradientWorkspace: forward, BPTT, weight gradients) and an Adam update
/// of the flat parameter vector (torch.optim.Adam's formulas, bias-corrected, no weight decay). With more than one shard
/// the batch is split into equal shards whose gradients are computed on their own threads and averaged, as a trainer
/// that runs batch shards in parallel does; one shard is the single-thread path.
/// </summary>
public sealed class LstmGenTraining
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;
    private readonly GradientWorkspace[] _shards;
    private readonly float[][] _inputs, _targets;
    private readonly float[] _parameters, _gradient, _m, _v;
    private readonly float[] _losses;
    private int _step;

    public LstmGenTraining(int shards = 1)
    {
        if (TrainingTask.Batch % shards != 0)
            throw new ArgumentOutOfRangeException(nameof(shards), shards, $"shards: expected a divisor of the batch ({TrainingTask.Batch}).");
        _shards = new GradientWorkspace[shards];
        for (int s = 0; s < shards; s++)
        {
            _shards[s] = new GradientWorkspace(TrainingTask.Architecture, TrainingTask.Batch / shards);
            _shards[s].SetWeights(TrainingTask.InitialModelWeights());
        }
        var (inputs, labels) = TrainingTask.Data();
        _inputs = inputs;
        _targets = Array.ConvertAll(labels, TrainingTask.OneHot);
        _parameters = (float[])_shards[0].Parameters.Clone();
        _gradient = new float[_parameters.Length];
        _m = new float[_parameters.Length];
        _v = new float[_parameters.Length];
        _losses = new float[shards];
    }

    public string SimdPath => _shards[0].Kernels.Path;

    /// <summary>One batch: forward, backward, Adam. Returns the batch's loss.</summary>
    public float Step()
    {
        int n = _step % TrainingTask.Batches;
        if (_shards.Length == 1)
        {
            var workspace = _shards[0];
            float value = workspace.Compute(_inputs[n], _targets[n], TrainingTask.Batch, Loss.CrossEntropy);
            _step++;
            AdamUpdate(workspace.Parameters, workspace.Gradient, _m, _v, _step);
            workspace.PrepareParameters();
            return value;
        }
        Parallel.For(0, _shards.Length, new ParallelOptions { MaxDegreeOfParallelism = _shards.Length }, s => ComputeShard(s, n));
        _step++;
        float scale = 1f / _shards.Length, loss = 0;
        Array.Clear(_gradient);
        for (int s = 0; s < _shards.Length; s++)
        {
            loss += _losses[s] * scale;
            var g = _shards[s].Gradient;
            for (int j = 0; j < g.Length; j++)
                _gradient[j] += g[j] * scale;
        }
        AdamUpdate(_parameters, _gradient, _m, _v, _step);
        return loss;
    }

    private void ComputeShard(int s, int n)
    {
        var workspace = _shards[s];
        if (_step > 0)
        {
            _parameters.CopyTo(workspace.Parameters, 0);
            workspace.PrepareParameters();
        }
        int size = TrainingTask.Batch / _shards.Length;
        _losses[s] = workspace.Compute(_inputs[n].AsSpan(s * size * TrainingTask.Steps * TrainingTask.Input, size * TrainingTask.Steps * TrainingTask.Input),
            _targets[n].AsSpan(s * size * TrainingTask.Classes, size * TrainingTask.Classes), size, Loss.CrossEntropy);
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

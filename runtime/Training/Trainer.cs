using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace LstmGen.Training;

/// <summary>
/// Trains a model of any <see cref="ModelArchitecture"/> on a <see cref="Dataset"/>: mini-batches through batched
/// backpropagation through time, the optimizer, schedule and clipping of the <see cref="TrainerOptions"/>, dropout active,
/// validation after each epoch, the best weights kept. The weights it returns load into the generated model's
/// <c>LoadWeights</c> and save with <see cref="ModelWeights"/>'s writers. Not thread-safe: one call at a time.
/// </summary>
/// <remarks>
/// <para>Each batch is cut into shards of <see cref="TrainerOptions.ShardSize"/> samples that run in parallel on up to
/// <see cref="TrainerOptions.MaxDegreeOfParallelism"/> threads; their gradients are summed in shard order, so the same
/// seed gives bit-identical weights whatever the thread count (on the same machine: the SIMD width changes the float
/// rounding). After the first batch, training allocates nothing per batch on one thread; on several, only what
/// <see cref="System.Threading.Tasks.Parallel"/> allocates per call.</para>
/// <para>Dropout layers are active while training (each batch and shard draws its masks from the seed, the epoch, the
/// batch and the shard), and inactive in <see cref="Evaluate"/>, validation and the generated model. A Dropout after
/// the last weighted layer would drop the very outputs the loss reads, so it stays inactive.</para>
/// </remarks>
/// <example><code>
/// var trainer = new Trainer(FashionClassifier.Architecture, new TrainerOptions
/// {
///     Loss = Loss.CrossEntropy, Optimizer = new Adam(learningRate: 1e-3f), BatchSize = 64, Epochs = 10,
///     ClipGradientNorm = 1f, Seed = 1,
/// });
/// TrainingResult result = trainer.Fit(train, validation, progress, cancellationToken);
/// model.LoadWeights(result.BestWeights);
/// </code></example>
public sealed class Trainer
{
    private readonly float[] _parameters, _best, _start;
    private readonly OptimizerState _optimizer;
    private readonly ShardedBatch _batch;
    private readonly float[] _batchInputs, _batchTargets;
    private readonly bool _classification;
    private int _fits, _bestEpoch, _running;
    private ModelWeights? _bestWeights;

    /// <summary>A trainer starting from <see cref="WeightInitialization.PyTorchDefault"/> weights drawn from the options' seed.</summary>
    /// <param name="architecture">The model to train.</param>
    /// <param name="options">What to do; null: the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> is null.</exception>
    /// <exception cref="ArgumentException">The loss does not apply to the model's output (cross-entropy on a single output).</exception>
    public Trainer(ModelArchitecture architecture, TrainerOptions? options = null) : this(architecture, options, initialWeights: null) { }

    /// <summary>A trainer starting from given weights (fine-tuning, or a run resumed).</summary>
    /// <param name="architecture">The model to train.</param>
    /// <param name="initialWeights">Weights that fit the architecture (they are copied).</param>
    /// <param name="options">What to do; null: the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> or <paramref name="initialWeights"/> is null.</exception>
    /// <exception cref="ArgumentException">The weights do not fit the architecture, or the loss does not apply to its output.</exception>
    public Trainer(ModelArchitecture architecture, ModelWeights initialWeights, TrainerOptions? options = null)
        : this(architecture, options, initialWeights ?? throw new ArgumentNullException(nameof(initialWeights))) { }

    private Trainer(ModelArchitecture architecture, TrainerOptions? options, ModelWeights? initialWeights)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (initialWeights is not null)
            architecture.ValidateWeights(initialWeights);
        Architecture = architecture;
        Options = options ?? new TrainerOptions();
        LossFunction.CheckApplies(architecture, Options.Loss);
        _classification = Options.Loss == Loss.CrossEntropy;
        _batch = new ShardedBatch(architecture, Options.BatchSize, Options.ShardSize, Options.MaxDegreeOfParallelism);
        _parameters = _batch.Parameters;
        int count = _parameters.Length;
        if (initialWeights is null)
            WeightInitialization.FillPyTorchDefault(architecture, Options.Seed, _parameters);
        else
            _batch.Layout.SetWeights(initialWeights);
        _batch.ParametersChanged();
        _best = new float[count];
        _start = new float[count];
        _optimizer = Options.Optimizer.CreateState(count);
        _batchInputs = new float[(long)Options.BatchSize * architecture.InputLength];
        _batchTargets = new float[(long)Options.BatchSize * architecture.OutputLength];
    }

    /// <summary>The model being trained.</summary>
    public ModelArchitecture Architecture { get; }

    /// <summary>The options it was made with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>A copy of the current weights.</summary>
    public ModelWeights Weights => _batch.Layout.CreateWeights(_parameters);

    /// <summary>
    /// The best weights of the last <see cref="Fit"/> so far (see <see cref="TrainingResult.BestWeights"/>); null before its
    /// first epoch ends. Kept when Fit is cancelled or diverges.
    /// </summary>
    public ModelWeights? BestWeights => _bestEpoch == 0 ? null : _bestWeights ??= _batch.Layout.CreateWeights(_best);

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Epochs"/> epochs (fewer with early stopping), continuing from the current
    /// weights and optimizer state; the schedule starts again at its first epoch. At the end the trainer holds the final
    /// weights (the result holds the best ones too).
    /// </summary>
    /// <param name="train">The training data: Steps·Input inputs and OutputLength targets per sample.</param>
    /// <param name="validation">Evaluated after each epoch to pick the best weights and stop early; null: none (the
    /// epochs' training losses decide instead).</param>
    /// <param name="progress">Told after each batch (at most once per <see cref="TrainerOptions.ProgressInterval"/>, and
    /// after every epoch's last batch, with the validation results). Called on the training thread.</param>
    /// <param name="cancellationToken">Checked between batches, and between shards and layers within one.</param>
    /// <returns>The best and final weights, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">The data do not fit the model (lengths per sample), a value is not finite, or a
    /// cross-entropy target is not a probability; checked before any training, the message names expected and actual.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the weights are those after the last finished batch and
    /// <see cref="BestWeights"/> holds the best so far.</exception>
    /// <exception cref="TrainingDivergedException">A batch's loss or gradient norm (or the validation loss) became NaN or
    /// infinite; the weights are rolled back to <see cref="BestWeights"/> (those Fit started from if no epoch had
    /// finished) and the optimizer's state is reset.</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this trainer.</exception>
    public TrainingResult Fit(Dataset train, Dataset? validation = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        train.CheckFits(Architecture, Options.Loss, nameof(train));
        validation?.CheckFits(Architecture, Options.Loss, nameof(validation));
        using var running = Enter();
        return new Run(this, train, validation, progress, cancellationToken).Execute();
    }

    /// <summary>The current weights' loss (and accuracy, for cross-entropy) on <paramref name="data"/>, dropout off.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data do not fit the model; the message names expected and actual.</exception>
    /// <exception cref="InvalidOperationException">Another call is running on this trainer.</exception>
    public Evaluation Evaluate(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        data.CheckFits(Architecture, Options.Loss, nameof(data));
        using var running = Enter();
        return EvaluateUnchecked(data, CancellationToken.None);
    }

    private Evaluation EvaluateUnchecked(Dataset data, CancellationToken cancellationToken)
    {
        double loss = _batch.Evaluate(data.Inputs, data.Targets, data.Count, Options.Loss, _classification, cancellationToken, out long correct);
        return new Evaluation((float)loss, _classification ? (float)((double)correct / ((long)data.Count * OutputRows)) : null);
    }

    /// <summary>Output vectors per sample: Steps for a sequence output, else 1.</summary>
    private int OutputRows => Architecture.SequenceOutput ? Architecture.Steps : 1;

    private Exclusive Enter() =>
        Interlocked.Exchange(ref _running, 1) == 0 ? new Exclusive(this)
        : throw new InvalidOperationException("This trainer is already running Fit or Evaluate; a trainer runs one call at a time.");

    private readonly struct Exclusive(Trainer trainer) : IDisposable
    {
        public void Dispose() => Volatile.Write(ref trainer._running, 0);
    }

    /// <summary>One call of <see cref="Fit"/>: the epochs, with their running figures.</summary>
    private sealed class Run
    {
        private readonly Trainer _t;
        private readonly Dataset _train;
        private readonly Dataset? _validation;
        private readonly IProgress<TrainingProgress>? _progress;
        private readonly CancellationToken _cancellationToken;
        private readonly int[] _order;
        private readonly int _fit, _batches;
        private readonly long _started;
        private readonly List<EpochSummary> _history = [];
        private float _bestLoss = float.PositiveInfinity;
        private long _lastReport;

        public Run(Trainer trainer, Dataset train, Dataset? validation, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
        {
            (_t, _train, _validation, _progress, _cancellationToken) = (trainer, train, validation, progress, cancellationToken);
            _order = new int[train.Count];
            _fit = trainer._fits++;
            _batches = (train.Count + trainer.Options.BatchSize - 1) / trainer.Options.BatchSize;
            _started = Stopwatch.GetTimestamp();
            trainer._parameters.CopyTo(trainer._start, 0);
            (trainer._bestEpoch, trainer._bestWeights) = (0, null);
        }

        private TrainerOptions Options => _t.Options;

        public TrainingResult Execute()
        {
            var stop = StopReason.Completed;
            int sinceBest = 0;
            for (int epoch = 1; epoch <= Options.Epochs; epoch++)
            {
                var summary = RunEpoch(epoch);
                _history.Add(summary);
                float monitored = summary.ValidationLoss ?? summary.Loss;
                if (monitored < _bestLoss)
                {
                    _t._parameters.CopyTo(_t._best, 0);
                    (_bestLoss, _t._bestEpoch, _t._bestWeights, sinceBest) = (monitored, epoch, null, 0);
                }
                else if (++sinceBest >= Options.EarlyStoppingPatience)
                {
                    stop = StopReason.EarlyStopped;
                    break;
                }
            }
            return new TrainingResult(_t.BestWeights!, _t.Weights, _t._bestEpoch, _bestLoss, _history, stop, Stopwatch.GetElapsedTime(_started));
        }

        private EpochSummary RunEpoch(int epoch)
        {
            long epochStarted = Stopwatch.GetTimestamp();
            float learningRate = Options.Schedule.LearningRate(Options.Optimizer.LearningRate, epoch - 1, Options.Epochs);
            if (!(learningRate >= 0) || !float.IsFinite(learningRate))
                throw new InvalidOperationException($"The schedule {Options.Schedule} gave the learning rate {learningRate} for epoch {epoch}; expected a finite value ≥ 0.");
            long epochKey = ((long)_fit << 32) | (uint)epoch;
            var shuffle = new SeededRandom(Options.Seed, 1, epochKey);
            if (Options.Shuffle)
                SeededRandom.Permutation(_order, ref shuffle);
            else
                for (int k = 0; k < _order.Length; k++)
                    _order[k] = k;

            int inputLength = _train.SampleLength, targetLength = _train.TargetLength;
            double lossSum = 0;
            long correct = 0, samples = 0;
            for (int b = 0; b < _batches; b++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                int first = b * Options.BatchSize, count = Math.Min(Options.BatchSize, _train.Count - first);
                ReadOnlySpan<float> inputs = _train.Inputs.Span, targets = _train.Targets.Span;
                for (int k = 0; k < count; k++)
                {
                    int sample = _order[first + k];
                    inputs.Slice(sample * inputLength, inputLength).CopyTo(_t._batchInputs.AsSpan(k * inputLength));
                    targets.Slice(sample * targetLength, targetLength).CopyTo(_t._batchTargets.AsSpan(k * targetLength));
                }
                ulong dropoutSeed = new SeededRandom(Options.Seed, 2, epochKey, b).NextUInt64();
                double loss = _t._batch.Train(_t._batchInputs.AsMemory(0, count * inputLength), _t._batchTargets.AsMemory(0, count * targetLength), count,
                    Options.Loss, dropoutSeed, _t._classification, _cancellationToken, out int batchCorrect);
                var gradient = _t._batch.Gradient;
                double norm = GradientClipping.Norm(gradient);
                if (!double.IsFinite(loss) || !double.IsFinite(norm))
                    throw Diverged(epoch, b + 1, !double.IsFinite(loss) ? $"the loss is {loss}" : $"the gradient norm is {norm}");
                if (Options.ClipGradientNorm is { } clip)
                    GradientClipping.Clip(gradient, norm, clip);
                _t._optimizer.Step(_t._parameters, gradient, learningRate);
                _t._batch.ParametersChanged();

                lossSum += loss * count;
                samples += count;
                correct += batchCorrect;
                bool last = b == _batches - 1;
                Evaluation? validation = last && _validation is not null ? Validate(epoch) : null;
                if (_progress is not null && (last || Stopwatch.GetElapsedTime(_lastReport) >= Options.ProgressInterval))
                {
                    _lastReport = Stopwatch.GetTimestamp();
                    _progress.Report(new TrainingProgress(epoch, Options.Epochs, b + 1, _batches, (float)(lossSum / samples), Accuracy(correct, samples),
                        samples / Math.Max(Stopwatch.GetElapsedTime(epochStarted).TotalSeconds, 1e-9), Stopwatch.GetElapsedTime(_started),
                        validation?.Loss, validation?.Accuracy) { LearningRate = learningRate, GradientNorm = (float)norm });
                }
                if (last)
                    return new EpochSummary(epoch, (float)(lossSum / samples), Accuracy(correct, samples), validation?.Loss, validation?.Accuracy,
                        learningRate, Stopwatch.GetElapsedTime(epochStarted));
            }
            throw new InvalidOperationException("An epoch has at least one batch.");
        }

        private float? Accuracy(long correct, long samples) => _t._classification ? (float)((double)correct / (samples * _t.OutputRows)) : null;

        private Evaluation Validate(int epoch)
        {
            var validation = _t.EvaluateUnchecked(_validation!, _cancellationToken);
            if (!float.IsFinite(validation.Loss))
                throw Diverged(epoch, _batches, $"the validation loss after the epoch is {validation.Loss}");
            return validation;
        }

        /// <summary>Rolls the weights back to the best so far (or to the start) and makes the exception.</summary>
        private TrainingDivergedException Diverged(int epoch, int batch, string what)
        {
            bool hasBest = _t._bestEpoch > 0;
            (hasBest ? _t._best : _t._start).CopyTo(_t._parameters, 0);
            _t._batch.ParametersChanged();
            _t._optimizer.Reset();
            return new TrainingDivergedException($"Training diverged at epoch {epoch}, batch {batch} of {_batches}: {what}. The weights were rolled back to " +
                (hasBest ? $"those after epoch {_t._bestEpoch} (the best so far)" : "those the run started from") +
                ", and the optimizer's state was reset. A lower learning rate or ClipGradientNorm may help.", epoch, batch, _t.BestWeights);
        }
    }
}

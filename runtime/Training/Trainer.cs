using System;
using System.Threading;

namespace LstmGen.Training;

/// <summary>
/// Trains a model of any <see cref="ModelArchitecture"/> on a <see cref="Dataset"/>: mini-batches through batched
/// backpropagation through time, the optimizer, schedule and clipping of the <see cref="TrainerOptions"/>, dropout active,
/// validation after each epoch, the best weights kept. The weights it returns load into the generated model's
/// <c>LoadWeights</c> and save with <see cref="ModelWeights"/>'s writers. Not thread-safe: one <see cref="Fit"/> at a time.
/// </summary>
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
    /// <summary>A trainer starting from <see cref="WeightInitialization.PyTorchDefault"/> weights drawn from the options' seed.</summary>
    /// <param name="architecture">The model to train.</param>
    /// <param name="options">What to do; null: the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> is null.</exception>
    /// <exception cref="ArgumentException">The loss does not apply to the model's output (cross-entropy on a single output).</exception>
    public Trainer(ModelArchitecture architecture, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        Architecture = architecture;
        Options = options ?? new TrainerOptions();
        throw new NotImplementedException();
    }

    /// <summary>A trainer starting from given weights (fine-tuning, or a run resumed).</summary>
    /// <param name="architecture">The model to train.</param>
    /// <param name="initialWeights">Weights that fit the architecture (they are copied).</param>
    /// <param name="options">What to do; null: the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> or <paramref name="initialWeights"/> is null.</exception>
    /// <exception cref="ArgumentException">The weights do not fit the architecture, or the loss does not apply to its output.</exception>
    public Trainer(ModelArchitecture architecture, ModelWeights initialWeights, TrainerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(initialWeights);
        Architecture = architecture;
        Options = options ?? new TrainerOptions();
        throw new NotImplementedException();
    }

    /// <summary>The model being trained.</summary>
    public ModelArchitecture Architecture { get; }

    /// <summary>The options it was made with.</summary>
    public TrainerOptions Options { get; }

    /// <summary>A copy of the current weights.</summary>
    public ModelWeights Weights => throw new NotImplementedException();

    /// <summary>
    /// The best weights of the last <see cref="Fit"/> so far (see <see cref="TrainingResult.BestWeights"/>); null before its
    /// first epoch ends. Kept when Fit is cancelled or diverges.
    /// </summary>
    public ModelWeights? BestWeights { get; private set; }

    /// <summary>
    /// Trains for <see cref="TrainerOptions.Epochs"/> epochs (fewer with early stopping), continuing from the current
    /// weights and optimizer state; at the end the trainer holds the final weights.
    /// </summary>
    /// <param name="train">The training data: Steps·Input inputs and OutputLength targets per sample.</param>
    /// <param name="validation">Evaluated after each epoch to pick the best weights and stop early; null: none.</param>
    /// <param name="progress">Told after each batch (at most once per <see cref="TrainerOptions.ProgressInterval"/>, and after every epoch's last batch).</param>
    /// <param name="cancellationToken">Checked between batches and between shards and layers within one.</param>
    /// <returns>The best and final weights, and the history.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="train"/> is null.</exception>
    /// <exception cref="ArgumentException">The data do not fit the model (lengths per sample), a value is not finite, or a
    /// cross-entropy target is not a probability; checked before any training, the message names expected and actual.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the weights are those after the last finished batch and
    /// <see cref="BestWeights"/> holds the best so far.</exception>
    /// <exception cref="TrainingDivergedException">A loss or gradient became NaN or infinite; the weights are rolled back.</exception>
    public TrainingResult Fit(Dataset train, Dataset? validation = null, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <summary>The current weights' loss (and accuracy, for cross-entropy) on <paramref name="data"/>, dropout off.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data do not fit the model.</exception>
    public Evaluation Evaluate(Dataset data) => throw new NotImplementedException();
}

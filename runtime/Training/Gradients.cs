using System;

namespace LstmGen.Training;

/// <summary>The exact gradient of a model's loss on one batch, by backpropagation through time.</summary>
public static class Gradients
{
    /// <summary>
    /// Runs <paramref name="batch"/> sequences through the model, and returns the mean loss and, in
    /// <paramref name="gradient"/>, d(loss)/d(weight) for every weight. Dropout layers are inactive: this is the gradient
    /// of the deterministic model.
    /// </summary>
    /// <param name="architecture">The model's layers.</param>
    /// <param name="weights">Its weights, as the loaders produce them (checked with <see cref="ModelArchitecture.ValidateWeights"/>).</param>
    /// <param name="inputs">batch·Steps·Input floats: [sample, step, feature].</param>
    /// <param name="targets">batch·OutputLength floats: [sample, feature], or [sample, step, feature] when the model outputs sequences.</param>
    /// <param name="batch">Samples, at least 1.</param>
    /// <param name="loss">The loss; see <see cref="Loss"/> for the definitions (PyTorch's, mean-reduced).</param>
    /// <param name="gradient">The gradient, in the same layout as <paramref name="weights"/>: the same weight classes and canonical
    /// layouts (LSTM gates i, f, g, o with one bias; GRU r, z, n with both biases; Dense [out, in]).</param>
    /// <returns>The mean loss over the batch (and over the steps of a sequence output).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="architecture"/> or <paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is below 1, or <paramref name="loss"/> is undefined.</exception>
    /// <exception cref="ArgumentException">A length is wrong, the weights do not fit the architecture, the loss does not apply to
    /// the model's output, or a cross-entropy target is not a probability; the message names expected and actual.</exception>
    /// <remarks>Allocates the buffers for this one batch; a trainer keeps them between batches instead.</remarks>
    public static float Compute(ModelArchitecture architecture, ModelWeights weights, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch,
        Loss loss, out ModelWeights gradient)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(weights);
        if (batch < 1)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch: expected at least 1 sample, got {batch}.");
        GradientWorkspace.CheckBatch(architecture, inputs, targets, batch, loss); // before the buffers are allocated
        var workspace = new GradientWorkspace(architecture, batch);
        workspace.SetWeights(weights);
        float value = workspace.Compute(inputs, targets, batch, loss);
        gradient = workspace.CreateWeights(workspace.Gradient);
        return value;
    }
}

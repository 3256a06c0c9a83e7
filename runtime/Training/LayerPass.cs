using System;

namespace LstmGen.Training;

/// <summary>
/// One layer's forward and backward pass over a batch, with the buffers it keeps between the two (sized once for the
/// workspace's largest batch). Sequences are time-major, [step, sample, feature], so each step's batch is one contiguous
/// matrix and the products over all steps are single matrix products; single vectors are [sample, feature].
/// </summary>
/// <remarks>
/// Parameters and gradients are the layer's slice of the workspace's flat vectors, in the canonical layouts of the
/// weight classes (LSTM: W_ih [4H, I], W_hh [4H, H], bias [4H]; GRU: W_ih [3H, I], W_hh [3H, H], b_ih [3H], b_hh [3H];
/// Dense: W [out, in], b [out]; a bidirectional LSTM: the forward direction, then the backward one).
/// </remarks>
internal abstract class LayerPass(ModelLayer layer, int steps, TrainingKernels kernels)
{
    public ModelLayer Layer { get; } = layer;

    protected int Steps { get; } = steps;

    protected TrainingKernels Kernels { get; } = kernels;

    /// <summary>Rows of the input per step group: Steps·batch for a sequence, else batch.</summary>
    protected int InputRows(int batch) => Layer.SequenceInput ? Steps * batch : batch;

    /// <summary>Floats of this layer's slice of the flat parameter vector.</summary>
    public abstract int ParameterLength { get; }

    /// <summary>Copies <paramref name="weights"/> (already checked against the architecture) into the layer's slice.</summary>
    public abstract void ReadWeights(LayerWeights weights, Span<float> parameters);

    /// <summary>The layer's weights of a slice (parameters or their gradient) as the weight class the loaders produce.</summary>
    public abstract LayerWeights CreateWeights(ReadOnlySpan<float> parameters);

    /// <summary>Rebuilds what the passes derive from the parameters (transposed copies); call after they change.</summary>
    public abstract void PrepareParameters(ReadOnlySpan<float> parameters);

    /// <summary>Computes <paramref name="y"/> from <paramref name="x"/>, keeping what the backward pass needs.</summary>
    public abstract void Forward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, Span<float> y, int batch);

    /// <summary>
    /// From the gradient <paramref name="dy"/> of the output (which it may overwrite), adds the parameters' gradients to
    /// <paramref name="gradient"/> and writes the input's gradient to <paramref name="dx"/> (empty: not wanted).
    /// </summary>
    public abstract void Backward(ReadOnlySpan<float> parameters, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dy, Span<float> dx,
        Span<float> gradient, int batch);

    /// <summary>[rows, columns] row-major into [columns, rows] row-major.</summary>
    internal static void Transpose(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
                destination[c * rows + r] = source[r * columns + c];
    }

    /// <summary>Every one of <paramref name="rows"/> rows of <paramref name="destination"/> set to <paramref name="row"/>: a bias before its product is added.</summary>
    internal static void FillRows(Span<float> destination, ReadOnlySpan<float> row, int rows)
    {
        for (int r = 0; r < rows; r++)
            row.CopyTo(destination.Slice(r * row.Length, row.Length));
    }
}

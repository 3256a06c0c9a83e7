using System;
using System.Collections.Generic;
using System.Threading;

namespace LstmGen.Training;

/// <summary>
/// Everything one gradient computation needs for a model, allocated once for batches of up to <see cref="Capacity"/>
/// samples: the flat parameter and gradient vectors, one pass per layer with the activations backpropagation keeps, and
/// the buffers between layers. <see cref="Compute"/> allocates nothing, so a trainer reuses one workspace for every batch.
/// Several workspaces may share one parameter vector (a trainer's shards), each preparing its own derived copies.
/// Not thread-safe.
/// </summary>
internal sealed class GradientWorkspace
{
    private readonly LayerPass[] _passes;
    private readonly int[] _parameterOffsets;
    private readonly float[] _input;             // [Steps, batch, Input]: the batch made time-major
    private readonly float[][] _outputs;         // per layer
    private readonly float[]?[] _outputGradients; // likewise; null where no gradient is needed (before the first weighted layer)
    private readonly DensePass? _softmaxHead;     // the last weighted layer, when it is Dense with Softmax and only Dropout follows
    private readonly int _lastWeighted;           // Dropout after it is never active: it would drop the outputs the loss reads

    /// <param name="architecture">The model.</param>
    /// <param name="capacity">The largest batch, at least 1.</param>
    /// <param name="kernels">The training kernels; null: this CPU's best.</param>
    /// <param name="parameters">A parameter vector to share (its length must be the model's flat parameter count); null: a new one.</param>
    public GradientWorkspace(ModelArchitecture architecture, int capacity, TrainingKernels? kernels = null, float[]? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity: expected a batch size of at least 1, got {capacity}.");
        Architecture = architecture;
        Capacity = capacity;
        Kernels = kernels ?? TrainingKernels.Best;
        var layers = architecture.Layers;
        int count = layers.Count, steps = architecture.Steps;
        _passes = new LayerPass[count];
        _parameterOffsets = new int[count];
        _outputs = new float[count][];
        _outputGradients = new float[count][];
        _input = new float[(long)capacity * architecture.InputLength];
        int offset = 0;
        bool weightedBefore = false;
        for (int k = 0; k < count; k++)
        {
            var layer = layers[k];
            _passes[k] = layer.Kind switch
            {
                LayerKind.Dense => new DensePass(layer, steps, capacity, Kernels),
                LayerKind.Lstm or LayerKind.Gru => new RecurrentPass(layer, steps, capacity, Kernels),
                _ => new DropoutPass(layer, steps, capacity, Kernels),
            };
            _parameterOffsets[k] = offset;
            offset += _passes[k].ParameterLength;
            weightedBefore |= layer.HasWeights;
            if (layer.HasWeights)
                _lastWeighted = k;
            _outputs[k] = new float[(long)capacity * layer.OutputLength];
            _outputGradients[k] = weightedBefore ? new float[(long)capacity * layer.OutputLength] : null;
        }
        if (parameters is not null && parameters.Length != offset)
            throw new ArgumentException($"parameters: expected {offset} floats, got {parameters.Length}.", nameof(parameters));
        Parameters = parameters ?? new float[offset];
        Gradient = new float[offset];
        if (_passes[_lastWeighted] is DensePass { Layer.Activation: Activation.Softmax } dense)
            _softmaxHead = dense;
    }

    public ModelArchitecture Architecture { get; }

    /// <summary>The largest batch <see cref="Compute"/> takes.</summary>
    public int Capacity { get; }

    public TrainingKernels Kernels { get; }

    /// <summary>All layers' parameters, in layer order, each in its weight class's canonical layout (see <see cref="LayerPass"/>).
    /// After changing them, call <see cref="PrepareParameters"/>.</summary>
    public float[] Parameters { get; }

    /// <summary>d(loss)/d(<see cref="Parameters"/>) of the last <see cref="Compute"/>, in the same layout.</summary>
    public float[] Gradient { get; }

    private Span<float> Slice(Span<float> flat, int k) => flat.Slice(_parameterOffsets[k], _passes[k].ParameterLength);

    /// <summary>Copies the weights into <see cref="Parameters"/> and prepares them.</summary>
    /// <exception cref="ArgumentException">The weights do not fit the architecture.</exception>
    public void SetWeights(ModelWeights weights)
    {
        Architecture.ValidateWeights(weights);
        for (int k = 0; k < _passes.Length; k++)
            if (_passes[k].Layer.HasWeights)
                _passes[k].ReadWeights(weights.Layers[_passes[k].Layer.WeightIndex], Slice(Parameters, k));
        PrepareParameters();
    }

    /// <summary>Rebuilds the passes' derived copies (transposed matrices) after <see cref="Parameters"/> changed.</summary>
    public void PrepareParameters()
    {
        for (int k = 0; k < _passes.Length; k++)
            _passes[k].PrepareParameters(Slice(Parameters, k));
    }

    /// <summary>A flat vector in the <see cref="Parameters"/> layout (parameters or a gradient) as <see cref="ModelWeights"/>.</summary>
    public ModelWeights CreateWeights(ReadOnlySpan<float> flat)
    {
        if (flat.Length != Parameters.Length)
            throw new ArgumentException($"flat: expected {Parameters.Length} floats, got {flat.Length}.", nameof(flat));
        var layers = new List<LayerWeights>();
        for (int k = 0; k < _passes.Length; k++)
            if (_passes[k].Layer.HasWeights)
                layers.Add(_passes[k].CreateWeights(flat.Slice(_parameterOffsets[k], _passes[k].ParameterLength)));
        return new ModelWeights(layers);
    }

    /// <summary>The mean loss of the batch with the current <see cref="Parameters"/>, leaving its gradient in <see cref="Gradient"/>.</summary>
    /// <param name="inputs">batch·Steps·Input floats, [sample, step, feature].</param>
    /// <param name="targets">batch·OutputLength floats.</param>
    /// <param name="batch">Samples, 1 to <see cref="Capacity"/>.</param>
    /// <param name="loss">The loss.</param>
    /// <param name="dropoutSeed">Null: Dropout inactive (the deterministic model's exact gradient). Else the seed of this
    /// batch's dropout masks (one stream per Dropout layer), and the gradient is that of the masked model.</param>
    /// <param name="cancellationToken">Checked between layers, forwards and backwards.</param>
    /// <exception cref="ArgumentException">A length is wrong, the loss does not apply, or a cross-entropy target is no probability.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the gradient is incomplete.</exception>
    public float Compute(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss, ulong? dropoutSeed = null,
        CancellationToken cancellationToken = default)
    {
        double value = Forward(inputs, targets, batch, loss, dropoutSeed, cancellationToken);
        Array.Clear(Gradient);
        for (int k = _passes.Length - 1; k >= 0; k--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_outputGradients[k] is { } dy)
                _passes[k].Backward(Slice(Parameters, k), LayerInput(k), _outputs[k], dy, k == 0 ? default : _outputGradients[k - 1], Slice(Gradient, k), batch);
        }
        return (float)value;
    }

    /// <summary>The mean loss of the batch with the current <see cref="Parameters"/> and Dropout inactive, without a gradient.</summary>
    /// <inheritdoc cref="Compute" path="/exception"/>
    public float Loss(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss, CancellationToken cancellationToken = default) =>
        (float)Forward(inputs, targets, batch, loss, dropoutSeed: null, cancellationToken);

    /// <summary>The forward pass and the loss, leaving d(loss)/d(output) in the last layer's output gradient.</summary>
    private double Forward(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss, ulong? dropoutSeed, CancellationToken cancellationToken)
    {
        if (batch < 1 || batch > Capacity)
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"batch: expected 1 to {Capacity} samples, got {batch}.");
        CheckBatch(Architecture, inputs, targets, batch, loss);
        int steps = Architecture.Steps, input = Architecture.Input;
        // [sample, step, feature] → [step, sample, feature]
        for (int b = 0; b < batch; b++)
            for (int t = 0; t < steps; t++)
                inputs.Slice((b * steps + t) * input, input).CopyTo(_input.AsSpan((t * batch + b) * input, input));

        for (int k = 0; k < _passes.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_passes[k] is DropoutPass dropout)
                dropout.MaskSeed = dropoutSeed is { } seed && k < _lastWeighted ? new SeededRandom((long)seed, k).NextUInt64() : null;
            _passes[k].Forward(Slice(Parameters, k), LayerInput(k), _outputs[k], batch);
        }

        int last = _passes.Length - 1;
        int outputSteps = Architecture.SequenceOutput ? steps : 1, width = Architecture.Output;
        int outputLength = batch * outputSteps * width;
        bool onLogits = loss == Training.Loss.CrossEntropy && _softmaxHead is not null;
        ReadOnlySpan<float> scored = onLogits ? _softmaxHead!.Logits(batch) : _outputs[last].AsSpan(0, outputLength);
        double value = LossFunction.Evaluate(loss, scored, targets, _outputGradients[last].AsSpan(0, outputLength), batch, outputSteps, width);
        if (onLogits)
            _softmaxHead!.GradientIsPreActivation = true;
        return value;
    }

    /// <summary>
    /// Of the last forward pass's output vectors (one per sample, or per step and sample), how many have their largest
    /// value where <paramref name="targets"/> (as given to it, sample-major) have theirs: the classification accuracy's count.
    /// </summary>
    public int CountCorrect(ReadOnlySpan<float> targets, int batch)
    {
        int steps = Architecture.SequenceOutput ? Architecture.Steps : 1, width = Architecture.Output, correct = 0;
        var output = _outputs[^1];
        for (int s = 0; s < steps; s++)
            for (int b = 0; b < batch; b++)
                if (ArgMax(output.AsSpan((s * batch + b) * width, width)) == ArgMax(targets.Slice((b * steps + s) * width, width)))
                    correct++;
        return correct;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int j = 1; j < values.Length; j++)
            if (values[j] > values[best])
                best = j;
        return best;
    }

    private float[] LayerInput(int k) => k == 0 ? _input : _outputs[k - 1];

    /// <summary>The Dropout pass of layer <paramref name="layer"/> (for tests that read its mask).</summary>
    internal DropoutPass DropoutAt(int layer) => (DropoutPass)_passes[layer];

    /// <summary>Throws unless the inputs and targets are one batch for the architecture, and the loss applies to its output and targets.</summary>
    public static void CheckBatch(ModelArchitecture a, ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
    {
        // Messages are built only on failure: a trainer checks every batch.
        if (inputs.Length != (long)batch * a.InputLength)
            throw new ArgumentException($"inputs: expected batch·Steps·Input = {batch}·{a.InputLength} = {(long)batch * a.InputLength} floats " +
                $"([{batch}, {a.Steps}, {a.Input}]), got {inputs.Length}.", nameof(inputs));
        if (targets.Length != (long)batch * a.OutputLength)
            throw new ArgumentException($"targets: expected batch·{(a.SequenceOutput ? "Steps·Output" : "Output")} = {batch}·{a.OutputLength} = " +
                $"{(long)batch * a.OutputLength} floats ({(a.SequenceOutput ? $"[{batch}, {a.Steps}, {a.Output}]" : $"[{batch}, {a.Output}]")}), " +
                $"got {targets.Length}.", nameof(targets));
        LossFunction.CheckApplies(a, loss);
        LossFunction.CheckTargets(targets, loss);
    }
}

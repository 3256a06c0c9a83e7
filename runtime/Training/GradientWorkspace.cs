using System;
using System.Collections.Generic;

namespace LstmGen.Training;

/// <summary>
/// Everything one gradient computation needs for a model, allocated once for batches of up to <see cref="Capacity"/>
/// samples: the flat parameter and gradient vectors, one pass per layer with the activations backpropagation keeps, and
/// the buffers between layers. <see cref="Compute"/> allocates nothing, so a trainer reuses one workspace for every batch.
/// Not thread-safe.
/// </summary>
internal sealed class GradientWorkspace
{
    private readonly LayerPass?[] _passes;       // null for Dropout, which passes its input through
    private readonly int[] _parameterOffsets;
    private readonly float[] _input;             // [Steps, batch, Input]: the batch made time-major
    private readonly float[][] _outputs;         // per layer; a Dropout layer shares its input's buffer
    private readonly float[]?[] _outputGradients; // likewise; null where no gradient is needed (before the first weighted layer)
    private readonly DensePass? _softmaxHead;     // the last weighted layer, when it is Dense with Softmax and only Dropout follows

    public GradientWorkspace(ModelArchitecture architecture, int capacity, TrainingKernels? kernels = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (capacity < 1)
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity: expected a batch size of at least 1, got {capacity}.");
        Architecture = architecture;
        Capacity = capacity;
        Kernels = kernels ?? TrainingKernels.Best;
        var layers = architecture.Layers;
        int count = layers.Count, steps = architecture.Steps;
        _passes = new LayerPass?[count];
        _parameterOffsets = new int[count];
        _outputs = new float[count][];
        _outputGradients = new float[count][];
        _input = new float[(long)capacity * architecture.InputLength];
        int offset = 0;
        for (int k = 0; k < count; k++)
        {
            var layer = layers[k];
            _passes[k] = layer.Kind switch
            {
                LayerKind.Dense => new DensePass(layer, steps, capacity, Kernels),
                LayerKind.Lstm or LayerKind.Gru => new RecurrentPass(layer, steps, capacity, Kernels),
                _ => null,
            };
            _parameterOffsets[k] = offset;
            offset += _passes[k]?.ParameterLength ?? 0;
            if (_passes[k] is null)
            {
                _outputs[k] = k == 0 ? _input : _outputs[k - 1];
                _outputGradients[k] = k == 0 ? null : _outputGradients[k - 1];
            }
            else
            {
                _outputs[k] = new float[(long)capacity * layer.OutputLength];
                _outputGradients[k] = new float[(long)capacity * layer.OutputLength];
            }
        }
        Parameters = new float[offset];
        Gradient = new float[offset];
        int head = count - 1;
        while (_passes[head] is null)
            head--;
        if (_passes[head] is DensePass { Layer.Activation: Activation.Softmax } dense)
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

    private Span<float> Slice(Span<float> flat, int k) => flat.Slice(_parameterOffsets[k], _passes[k]!.ParameterLength);

    /// <summary>Copies the weights into <see cref="Parameters"/> and prepares them.</summary>
    /// <exception cref="ArgumentException">The weights do not fit the architecture.</exception>
    public void SetWeights(ModelWeights weights)
    {
        Architecture.ValidateWeights(weights);
        for (int k = 0; k < _passes.Length; k++)
            if (_passes[k] is { } pass)
                pass.ReadWeights(weights.Layers[pass.Layer.WeightIndex], Slice(Parameters, k));
        PrepareParameters();
    }

    /// <summary>Rebuilds the passes' derived copies (transposed matrices) after <see cref="Parameters"/> changed.</summary>
    public void PrepareParameters()
    {
        for (int k = 0; k < _passes.Length; k++)
            _passes[k]?.PrepareParameters(Slice(Parameters, k));
    }

    /// <summary>A flat vector in the <see cref="Parameters"/> layout (parameters or a gradient) as <see cref="ModelWeights"/>.</summary>
    public ModelWeights CreateWeights(ReadOnlySpan<float> flat)
    {
        if (flat.Length != Parameters.Length)
            throw new ArgumentException($"flat: expected {Parameters.Length} floats, got {flat.Length}.", nameof(flat));
        var layers = new List<LayerWeights>();
        for (int k = 0; k < _passes.Length; k++)
            if (_passes[k] is { } pass)
                layers.Add(pass.CreateWeights(flat.Slice(_parameterOffsets[k], pass.ParameterLength)));
        return new ModelWeights(layers);
    }

    /// <summary>The mean loss of the batch with the current <see cref="Parameters"/>, leaving its gradient in <see cref="Gradient"/>.</summary>
    /// <exception cref="ArgumentException">A length is wrong, the loss does not apply, or a cross-entropy target is no probability.</exception>
    public float Compute(ReadOnlySpan<float> inputs, ReadOnlySpan<float> targets, int batch, Loss loss)
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
            _passes[k]?.Forward(Slice(Parameters, k), LayerInput(k), _outputs[k], batch);

        int last = _passes.Length - 1;
        int outputSteps = Architecture.SequenceOutput ? steps : 1, width = Architecture.Output;
        int outputLength = batch * outputSteps * width;
        bool onLogits = loss == Loss.CrossEntropy && _softmaxHead is not null;
        ReadOnlySpan<float> scored = onLogits ? _softmaxHead!.Logits(batch) : _outputs[last].AsSpan(0, outputLength);
        double value = LossFunction.Evaluate(loss, scored, targets, _outputGradients[last].AsSpan(0, outputLength), batch, outputSteps, width);
        if (onLogits)
            _softmaxHead!.GradientIsPreActivation = true;

        Array.Clear(Gradient);
        for (int k = last; k >= 0; k--)
            _passes[k]?.Backward(Slice(Parameters, k), LayerInput(k), _outputs[k], _outputGradients[k], k == 0 ? default : _outputGradients[k - 1],
                Slice(Gradient, k), batch);
        return (float)value;
    }

    private float[] LayerInput(int k) => k == 0 ? _input : _outputs[k - 1];

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

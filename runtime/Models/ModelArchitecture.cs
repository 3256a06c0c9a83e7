using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen;

/// <summary>
/// A model's shape without its weights: the input (<see cref="Steps"/> steps of <see cref="Input"/> features) and the
/// layers in order, as an <c>[LstmModel]</c> class declares them. The trainer and tools work from it, so they need no
/// generated class; every generated model exposes its own as a static <c>Architecture</c> property.
/// </summary>
/// <example><code>
/// var architecture = new ModelArchitecture(input: 28, steps: 28,
///     ModelLayer.Lstm(128),
///     ModelLayer.Dense(10, Activation.Softmax));
/// </code></example>
public sealed class ModelArchitecture : IEquatable<ModelArchitecture>
{
    private readonly ModelLayer[] _layers;

    /// <summary>Places the layers in order, each reading what the one before writes (the first reads the input sequence).</summary>
    /// <param name="input">Features per time step of the input, at least 1.</param>
    /// <param name="steps">Time steps per sequence, at least 1.</param>
    /// <param name="layers">The layers in order: at least one with weights.</param>
    /// <exception cref="ArgumentException">A size is not positive, there is no weighted layer, a layer's declared input
    /// differs from what it gets, a recurrent layer follows one that outputs a single vector, or a size overflows.</exception>
    public ModelArchitecture(int input, int steps, params ModelLayer[] layers) : this(input, steps, (IEnumerable<ModelLayer>)layers) { }

    /// <inheritdoc cref="ModelArchitecture(int, int, ModelLayer[])"/>
    public ModelArchitecture(int input, int steps, IEnumerable<ModelLayer> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (input < 1)
            throw new ArgumentOutOfRangeException(nameof(input), input, $"input: expected at least 1 feature per step, got {input}.");
        if (steps < 1)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"steps: expected at least 1 time step, got {steps}.");
        var declared = layers.ToArray();
        if (!declared.Any(l => l?.HasWeights == true))
            throw new ArgumentException("layers: a model needs at least one LSTM, GRU or Dense layer.", nameof(layers));

        _layers = new ModelLayer[declared.Length];
        int width = input, weightIndex = 0;
        bool sequence = true;
        string previous = "the model input";
        long parameters = 0;
        for (int k = 0; k < declared.Length; k++)
        {
            var layer = declared[k] ?? throw new ArgumentException($"layers: layer {k} is null.", nameof(layers));
            var placed = layer.Place(width, sequence, steps, weightIndex, k, previous);
            _layers[k] = placed;
            parameters += placed.ParameterCount;
            if (placed.HasWeights)
                weightIndex++;
            (width, sequence) = (placed.Output, placed.SequenceOutput);
            previous = $"layers[{k}] ({placed.KindName})";
        }
        if (parameters > int.MaxValue)
            throw new ArgumentException($"layers: {parameters} parameters exceed {int.MaxValue}.", nameof(layers));
        if ((long)steps * input > int.MaxValue)
            throw new ArgumentException($"steps: Steps·Input = {(long)steps * input} exceeds {int.MaxValue}.", nameof(steps));

        Input = input;
        Steps = steps;
        ParameterCount = parameters;
        WeightLayerCount = weightIndex;
    }

    /// <summary>Features per time step of the input.</summary>
    public int Input { get; }

    /// <summary>Time steps per sequence.</summary>
    public int Steps { get; }

    /// <summary>The layers in order, Dropout included, with their shapes filled in.</summary>
    public IReadOnlyList<ModelLayer> Layers => _layers;

    /// <summary>Floats of one input sequence: Steps·Input, [step, feature].</summary>
    public int InputLength => Steps * Input;

    /// <summary>Features the last layer writes per step.</summary>
    public int Output => _layers[^1].Output;

    /// <summary>Whether the model outputs one vector per step (the last recurrent layer returns sequences) rather than one per sequence.</summary>
    public bool SequenceOutput => _layers[^1].SequenceOutput;

    /// <summary>Floats of one output, as the generated model's <c>Predict</c> writes it: Steps·Output ([step, feature]) for a sequence, else Output.</summary>
    public int OutputLength => _layers[^1].OutputLength;

    /// <summary>Parameters of all layers, Keras's count (an LSTM's two biases count once): the generated model's <c>ParameterCount</c>.</summary>
    public long ParameterCount { get; }

    /// <summary>Layers with weights: the entries a <see cref="ModelWeights"/> for this model holds.</summary>
    public int WeightLayerCount { get; }

    /// <summary>
    /// Checks that <paramref name="weights"/> fit this model: one entry per weighted layer, in order, each of the right type
    /// (<see cref="LstmWeights"/>, <see cref="BidirectionalWeights"/>, <see cref="GruWeights"/> with the same ResetAfter,
    /// <see cref="DenseWeights"/>) and shape.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">They do not fit; the message names the layer, what it expects and what it got.</exception>
    public void ValidateWeights(ModelWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var given = weights.Layers;
        if (given.Count != WeightLayerCount)
            throw new ArgumentException($"weights: the model has {WeightLayerCount} weighted layers ({string.Join(", ", WeightedLayers.Select(Expected))}), " +
                $"got {given.Count} ({weights}).", nameof(weights));
        foreach (var layer in WeightedLayers)
        {
            var w = given[layer.WeightIndex];
            bool fits = (layer.Kind, w) switch
            {
                (LayerKind.Lstm, LstmWeights l) => !layer.Bidirectional && l.Input == layer.Input && l.Units == layer.Units,
                (LayerKind.Lstm, BidirectionalWeights b) => layer.Bidirectional && b.Input == layer.Input && b.Units == layer.Units,
                (LayerKind.Gru, GruWeights g) => g.Input == layer.Input && g.Units == layer.Units && g.ResetAfter == layer.ResetAfter,
                (LayerKind.Dense, DenseWeights d) => d.Input == layer.Input && d.Units == layer.Units,
                _ => false,
            };
            if (!fits)
                throw new ArgumentException($"weights.Layers[{layer.WeightIndex}]: weighted layer {layer.WeightIndex} ({layer}) expects {Expected(layer)}, " +
                    $"got {Describe(w)}.", nameof(weights));
        }
    }

    private IEnumerable<ModelLayer> WeightedLayers => _layers.Where(l => l.HasWeights);

    private static string Expected(ModelLayer l) =>
        $"{l.KindName} weights with Input = {l.Input}, Units = {l.Units}" + (l.Kind == LayerKind.Gru ? $", ResetAfter = {l.ResetAfter}" : "");

    private static string Describe(LayerWeights w) => w switch
    {
        LstmWeights or BidirectionalWeights or DenseWeights => $"{w.Kind} weights with Input = {w.InputSize}, Units = {(w is BidirectionalWeights b ? b.Units : w.OutputSize)}",
        GruWeights g => $"GRU weights with Input = {g.Input}, Units = {g.Units}, ResetAfter = {g.ResetAfter}",
        _ => w.ToString(),
    };

    /// <summary>Same input, steps and layers.</summary>
    public bool Equals(ModelArchitecture? other) =>
        other is not null && Input == other.Input && Steps == other.Steps && _layers.AsSpan().SequenceEqual(other._layers);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as ModelArchitecture);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Input);
        hash.Add(Steps);
        foreach (var layer in _layers)
            hash.Add(layer);
        return hash.ToHashCode();
    }

    /// <summary>"[28, 28] → LSTM 28 → 128, last h → Dense 128 → 10, Softmax".</summary>
    public override string ToString() => $"[{Steps}, {Input}] → " + string.Join(" → ", _layers.Select(l => l.ToString()));
}

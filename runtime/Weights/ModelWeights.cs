using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen;

/// <summary>
/// A whole model's weights: one <see cref="LayerWeights"/> per weighted layer, in layer order (Dropout layers have
/// none and take no entry). A generated model's <c>LoadWeights</c> checks every layer's kind and shapes before it
/// copies anything, so a mismatch leaves the previous weights in place.
/// </summary>
/// <remarks>
/// Immutable, as are the layers' weights it holds: one instance may be shared by any number of threads and loaded into
/// any number of models (<c>LoadWeights</c> copies it). A generated model holds its streaming state and scratch
/// buffers, so each thread uses its own model instance (see docs/reliability.md).
/// </remarks>
public sealed partial class ModelWeights
{
    private readonly LayerWeights[] _layers;

    /// <summary>Wraps the layers, in order.</summary>
    /// <exception cref="ArgumentException">The list is empty or holds null.</exception>
    public ModelWeights(params LayerWeights[] layers) : this((IEnumerable<LayerWeights>)layers) { }

    /// <inheritdoc cref="ModelWeights(LayerWeights[])"/>
    public ModelWeights(IEnumerable<LayerWeights> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        _layers = layers.ToArray();
        if (_layers.Length == 0)
            throw new ArgumentException("layers: a model needs at least one layer's weights.", nameof(layers));
        for (int k = 0; k < _layers.Length; k++)
            if (_layers[k] is null)
                throw new ArgumentException($"layers: layer {k} is null.", nameof(layers));
    }

    /// <summary>The layers' weights, in order.</summary>
    public IReadOnlyList<LayerWeights> Layers => _layers;

    /// <summary>The sum of the layers' parameter counts.</summary>
    public long ParameterCount => _layers.Sum(l => l.ParameterCount);

    /// <inheritdoc/>
    public override string ToString() => string.Join(" → ", _layers.Select(l => l.ToString()));
}

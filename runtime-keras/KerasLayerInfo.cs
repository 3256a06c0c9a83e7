using System.Collections.Generic;

namespace LstmGen;

/// <summary>One layer of a Keras weights file, as far as the file describes it.</summary>
public sealed class KerasLayerInfo
{
    internal KerasLayerInfo(string name, string groupPath, KerasLayerConfig? config)
    {
        Name = name;
        GroupPath = groupPath;
        ClassName = config?.ClassName;
        Units = config?.Units;
        Activation = config?.Activation;
        RecurrentActivation = config?.RecurrentActivation;
    }

    /// <summary>
    /// The name to pass to <see cref="KerasWeightsFile.ReadLayer"/>: the Keras layer name for Keras 2 files and
    /// .keras archives; for a Keras 3 .weights.h5 (which stores no names) the group under <c>layers/</c>, which Keras
    /// derives from the class name (<c>lstm</c>, <c>lstm_1</c>, <c>dense</c>, ...).
    /// </summary>
    public string Name { get; }

    /// <summary>The layer's HDF5 group, e.g. <c>/model_weights/lstm_1</c> or <c>/layers/lstm</c>.</summary>
    public string GroupPath { get; }

    /// <summary>The Keras class (<c>LSTM</c>, <c>Dense</c>, ...) when the file has a model config; otherwise null.</summary>
    public string? ClassName { get; }

    /// <summary>The configured <c>units</c>, when the config has them.</summary>
    public int? Units { get; }

    /// <summary>
    /// The configured <c>activation</c> as Keras names it (an LSTM's cell and output activation, a GRU's candidate
    /// activation, a Dense layer's output activation; for a Bidirectional or TimeDistributed wrapper, its inner layer's),
    /// when the file has a model config. The loaded weights record it as <see cref="LayerWeights.Activation"/>.
    /// </summary>
    public string? Activation { get; }

    /// <summary>
    /// The configured <c>recurrent_activation</c> (the gates), when known; recorded as
    /// <see cref="LayerWeights.RecurrentActivation"/>. Keras 2's LSTM default was <c>hard_sigmoid</c>.
    /// </summary>
    public string? RecurrentActivation { get; }

    /// <summary>The name, then what the config says: <c>lstm_1 (LSTM, activation relu, recurrent_activation hard_sigmoid)</c>.</summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (ClassName is not null) parts.Add(ClassName);
        if (Activation is not null) parts.Add("activation " + Activation);
        if (RecurrentActivation is not null) parts.Add("recurrent_activation " + RecurrentActivation);
        return parts.Count == 0 ? Name : $"{Name} ({string.Join(", ", parts)})";
    }
}

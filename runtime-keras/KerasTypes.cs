using System;
using System.Collections.Generic;

namespace LstmGen;

/// <summary>Which Keras file layout a <see cref="KerasWeightsFile"/> holds.</summary>
public enum KerasFormat
{
    /// <summary>
    /// Keras 2 / tf.keras HDF5 (<c>model.save("x.h5")</c> or <c>save_weights("x.h5")</c>): layer groups listed in the
    /// <c>layer_names</c> attribute (of <c>model_weights</c> or of the root), datasets listed in each group's
    /// <c>weight_names</c> attribute.
    /// </summary>
    Keras2Hdf5,

    /// <summary>Keras 3 <c>save_weights("x.weights.h5")</c>: <c>layers/&lt;name&gt;/vars/0..n</c> (LSTM: <c>layers/lstm/cell/vars/0..2</c>).</summary>
    Keras3WeightsHdf5,

    /// <summary>Keras 3 <c>model.save("x.keras")</c>: a zip with <c>config.json</c> and <c>model.weights.h5</c> in the Keras 3 layout.</summary>
    Keras3Archive,
}

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
    /// The configured <c>activation</c> (for an LSTM: the cell/output activation), when known. LstmGen's kernels
    /// implement <c>tanh</c>; check this before running weights of a layer configured otherwise.
    /// </summary>
    public string? Activation { get; }

    /// <summary>
    /// The configured <c>recurrent_activation</c> (the gates), when known. LstmGen's kernels implement <c>sigmoid</c>;
    /// Keras 2's default was <c>hard_sigmoid</c>, which gives different outputs.
    /// </summary>
    public string? RecurrentActivation { get; }

    /// <inheritdoc/>
    public override string ToString() => ClassName is null ? Name : $"{Name} ({ClassName})";
}

/// <summary>One weight tensor of a Keras layer, converted to float32, row-major.</summary>
public sealed class KerasTensor
{
    internal KerasTensor(string name, string datasetPath, int[] shape, float[] data)
    {
        Name = name;
        DatasetPath = datasetPath;
        Shape = shape;
        Data = data;
    }

    /// <summary>
    /// The weight's name: Keras 2's entry in <c>weight_names</c> (e.g. <c>dense_1/kernel:0</c>); for Keras 3 the
    /// dataset's path below the layer group (e.g. <c>vars/0</c>, <c>cell/vars/1</c>).
    /// </summary>
    public string Name { get; }

    /// <summary>The full HDF5 path of the dataset.</summary>
    public string DatasetPath { get; }

    /// <summary>The dataset's dimensions, outermost first (Keras kernels are [inputs, outputs]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements, row-major.</summary>
    public float[] Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}

/// <summary>What a model config says about one layer.</summary>
internal sealed record KerasLayerConfig(string Name, string ClassName, int? Units, string? Activation, string? RecurrentActivation,
    bool? UseBias)
{
    /// <summary>A GRU's reset_after, when the config gives it.</summary>
    public bool? ResetAfter { get; init; }
}

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

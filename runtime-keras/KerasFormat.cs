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

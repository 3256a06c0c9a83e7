using System;

namespace LstmGen;

/// <summary>
/// Adds <c>LstmWeights.LoadKeras(...)</c> (a C# 14 static extension member; with older language versions call
/// <see cref="LoadKeras(string, string?, LstmLoadOptions?)"/> on this class).
/// </summary>
public static class KerasLstmWeights
{
    /// <summary>Keras loaders for <see cref="LstmWeights"/>.</summary>
    extension(LstmWeights)
    {
        /// <summary>
        /// Loads an LSTM layer from a Keras file: Keras 2 / tf.keras <c>.h5</c> (<c>model.save</c> or <c>save_weights</c>),
        /// Keras 3 <c>.weights.h5</c>, or a Keras 3 <c>.keras</c> archive (the format is told from the content).
        /// Keras's kernel [I, 4U], recurrent kernel [U, 4U] and bias [4U] (gates i, f, c, o) become LstmGen's canonical form.
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="layerName">The layer's name (Keras 2 and .keras: the Keras layer name; Keras 3 .weights.h5: the group
        /// under <c>layers/</c>, e.g. <c>lstm_1</c>), or null for the only LSTM layer in the file.</param>
        /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
        /// <remarks>Reads weights only; use <see cref="KerasWeightsFile"/> to see a layer's configured activations, or other layers' weights.</remarks>
        /// <exception cref="LstmFormatException">Not a Keras weights file, truncated or corrupt; no such layer, none or several
        /// LSTMs (with a null name, the message lists them); a weight missing, misshapen, of another type, or NaN/∞ unless allowed.</exception>
        /// <exception cref="System.IO.IOException">The file cannot be opened.</exception>
        public static LstmWeights LoadKeras(string path, string? layerName = null, LstmLoadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var file = KerasWeightsFile.Open(path);
            return file.ReadLstm(layerName, options);
        }
    }
}

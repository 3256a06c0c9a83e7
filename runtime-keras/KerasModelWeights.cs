using System;
using System.Collections.Generic;

namespace LstmGen;

/// <summary>Adds <c>ModelWeights.LoadKeras(...)</c> (C# 14 static extension members; with older language versions call them on this class).</summary>
public static class KerasModelWeights
{
    /// <summary>Keras loaders for <see cref="ModelWeights"/>.</summary>
    extension(ModelWeights)
    {
        /// <summary>
        /// Loads a whole model's weights from a Keras file (Keras 2 / tf.keras <c>.h5</c>, Keras 3 <c>.weights.h5</c> or
        /// <c>.keras</c>): every weighted layer (LSTM, GRU, Bidirectional(LSTM), Dense) in the file's order. See <see cref="KerasWeightsFile.ReadModel"/>.
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
        /// <exception cref="LstmFormatException">The file is malformed or holds a layer LstmGen models do not have.</exception>
        /// <exception cref="System.IO.IOException">The file cannot be opened.</exception>
        public static ModelWeights LoadKeras(string path, LstmLoadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(path);
            using var file = KerasWeightsFile.Open(path);
            return file.ReadModel(null, options);
        }

        /// <summary>
        /// Loads the named layers of a Keras file, in the order given, as a whole model's weights (needed for a Keras 3
        /// <c>.weights.h5</c>, which does not record the layer order). See <see cref="KerasWeightsFile.ReadModel"/>.
        /// </summary>
        /// <param name="path">The file.</param>
        /// <param name="layerNames">Layer names in model order (Keras 3 .weights.h5: the groups under <c>layers/</c>).</param>
        /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
        /// <exception cref="LstmFormatException">No such layer, or any error of <see cref="LoadKeras(string, LstmLoadOptions?)"/>.</exception>
        public static ModelWeights LoadKeras(string path, IReadOnlyList<string> layerNames, LstmLoadOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(path);
            ArgumentNullException.ThrowIfNull(layerNames);
            using var file = KerasWeightsFile.Open(path);
            return file.ReadModel(layerNames, options);
        }
    }
}

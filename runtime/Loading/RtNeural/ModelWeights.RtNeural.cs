using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Loads every layer of an RTNeural JSON model: the Keras-style export's <c>layers</c> in order (<c>dense</c> and
    /// <c>time-distributed-dense</c> → <see cref="DenseWeights"/>, <c>lstm</c> → <see cref="LstmWeights"/>), or a PyTorch
    /// state_dict dumped as JSON, its nn.LSTM, nn.GRU and nn.Linear modules in the order they appear in the file.
    /// </summary>
    /// <param name="path">The .json file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <remarks>
    /// The activation a Keras-style file records per layer is kept (<see cref="LayerWeights.Activation"/>), and a
    /// generated model's <c>LoadWeights</c> throws if its declared activations differ. PyTorch-flavoured files record
    /// none.
    /// </remarks>
    /// <exception cref="LstmFormatException">Malformed, a Keras-style layer type without an equivalent (gru, conv1d, activation, ...), an
    /// activation without an equivalent (elu, ...), or NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadRtNeural(string path, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RtNeuralJson.LoadModel(File.ReadAllBytes(path), path, options);
    }
}


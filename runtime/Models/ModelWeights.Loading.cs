using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Loads a whole model from a safetensors file holding a PyTorch state_dict. <paramref name="modules"/> names the
    /// model's modules in layer order: each is an <c>nn.LSTM</c> or <c>nn.GRU</c> (contributing all its layers,
    /// <c>{module}.weight_ih_l0</c>, <c>_l1</c>, ...; told apart by <c>weight_hh_l0</c> [4H, H] or [3H, H]) or an <c>nn.Linear</c> (<c>{module}.weight</c> [out, in],
    /// <c>{module}.bias</c>). Safetensors stores tensors sorted by name, so the order must be given.
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="modules">Module names ("lstm", "encoder.lstm", "fc"; a trailing dot is optional, "" means no prefix), in layer order.</param>
    /// <example><c>ModelWeights.LoadSafetensors("classifier.safetensors", "lstm", "fc")</c> for
    /// <c>nn.LSTM(28, 128, num_layers=2)</c> as <c>lstm</c> then <c>nn.Linear(128, 10)</c> as <c>fc</c>.</example>
    /// <exception cref="LstmFormatException">A module is missing, of another kind, mis-shaped, bidirectional, or holds NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadSafetensors(string path, params string[] modules) => LoadSafetensors(path, null, modules);

    /// <inheritdoc cref="LoadSafetensors(string, string[])"/>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <param name="modules">Module names, in layer order.</param>
    public static ModelWeights LoadSafetensors(string path, LstmLoadOptions? options, params string[] modules)
    {
        using var file = SafetensorsFile.Open(path);
        return StateDictModel.Load(file, modules, options);
    }

    /// <summary>
    /// Loads a whole model from a NumPy <c>.npz</c> of a PyTorch state_dict (<c>numpy.savez(path, **state_dict)</c>);
    /// see <see cref="LoadSafetensors(string, string[])"/> for <paramref name="modules"/>.
    /// </summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="modules">Module names, in layer order.</param>
    /// <exception cref="LstmFormatException">A module is missing, of another kind, mis-shaped, bidirectional, or holds NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadNpz(string path, params string[] modules) => LoadNpz(path, null, modules);

    /// <inheritdoc cref="LoadNpz(string, string[])"/>
    /// <param name="path">The .npz file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <param name="modules">Module names, in layer order.</param>
    public static ModelWeights LoadNpz(string path, LstmLoadOptions? options, params string[] modules)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var source = new NpzSource(stream, path);
        return StateDictModel.Load(source, modules, options);
    }

    /// <summary>
    /// Loads every layer of an RTNeural JSON model: the Keras-style export's <c>layers</c> in order (<c>dense</c> and
    /// <c>time-distributed-dense</c> → <see cref="DenseWeights"/>, <c>lstm</c> → <see cref="LstmWeights"/>), or a PyTorch
    /// state_dict dumped as JSON, its nn.LSTM and nn.Linear modules in the order they appear in the file.
    /// </summary>
    /// <param name="path">The .json file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <remarks>Weights only: the activations RTNeural records per layer are the model attributes' job.</remarks>
    /// <exception cref="LstmFormatException">Malformed, a layer type without an equivalent (gru, conv1d, activation, ...), or NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadRtNeural(string path, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RtNeuralJson.LoadModel(File.ReadAllBytes(path), path, options);
    }
}

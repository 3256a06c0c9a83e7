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
}

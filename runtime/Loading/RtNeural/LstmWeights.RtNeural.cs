using System;
using System.Collections.Generic;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class LstmWeights
{
    /// <summary>
    /// Loads an LSTM layer from an RTNeural JSON model, in either of its two flavours:
    /// <list type="bullet">
    /// <item>the Keras-style export (<c>"layers"</c> with <c>"type": "lstm"</c>, <c>"shape"</c> ending in the unit
    /// count, <c>"weights"</c> = [kernel [I, 4U], recurrent kernel [U, 4U], bias [4U]], gates i, f, c, o):
    /// <paramref name="layer"/> counts only the LSTM layers, in file order;</item>
    /// <item>a PyTorch <c>state_dict</c> dumped as JSON (<c>"lstm.weight_ih_l0"</c>, <c>"lstm.weight_hh_l0"</c>,
    /// <c>"lstm.bias_ih_l0"</c>, <c>"lstm.bias_hh_l0"</c>, ...): <paramref name="layer"/> counts every
    /// <c>nn.LSTM</c> layer of every module, modules in order of first appearance, then by layer number
    /// (so with <c>lstm</c> of one layer and <c>lstm2</c> of three, 0 is <c>lstm</c> l0 and 3 is <c>lstm2</c> l2).</item>
    /// </list>
    /// </summary>
    /// <param name="path">The .json file.</param>
    /// <param name="layer">Which LSTM layer, from 0.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <exception cref="LstmFormatException">The file is not valid JSON, not an RTNeural model, has no such layer,
    /// or a tensor is missing, ragged, non-numeric, wrongly shaped, contradicts the declared unit count, or
    /// holds NaN/∞ (unless allowed). Nothing is returned half-loaded.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LstmWeights LoadRtNeural(string path, int layer = 0, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RtNeuralJson.Load(File.ReadAllBytes(path), path, layer, null, options);
    }

    /// <summary>
    /// Loads layer <paramref name="layer"/> of the <c>nn.LSTM</c> module whose state_dict names start with
    /// <paramref name="prefix"/> (e.g. <c>"lstm2."</c>) from an RTNeural PyTorch-flavour JSON file.
    /// </summary>
    /// <inheritdoc cref="LoadRtNeural(string, int, LstmLoadOptions?)"/>
    /// <param name="path">The .json file.</param>
    /// <param name="prefix">The module prefix including its trailing dot, as in the state_dict names.</param>
    /// <param name="layer">The layer number k of <c>weight_ih_l{k}</c> within that module.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    public static LstmWeights LoadRtNeural(string path, string prefix, int layer = 0, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(prefix);
        return RtNeuralJson.Load(File.ReadAllBytes(path), path, layer, prefix, options);
    }

    /// <summary>Loads an LSTM layer from an RTNeural JSON model read from <paramref name="stream"/> (to its end).</summary>
    /// <inheritdoc cref="LoadRtNeural(string, int, LstmLoadOptions?)"/>
    /// <param name="stream">The JSON text, UTF-8. Read to the end, not closed.</param>
    /// <param name="layer">Which LSTM layer, from 0.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    public static LstmWeights LoadRtNeural(Stream stream, int layer = 0, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return RtNeuralJson.Load(ReadToEnd(stream), StreamName(stream), layer, null, options);
    }

    /// <summary>
    /// Loads every LSTM layer of an RTNeural JSON model, in the order <see cref="LoadRtNeural(string, int, LstmLoadOptions?)"/>
    /// numbers them, so a stacked network can be built in one call.
    /// </summary>
    /// <inheritdoc cref="LoadRtNeural(string, int, LstmLoadOptions?)"/>
    public static IReadOnlyList<LstmWeights> LoadRtNeuralLayers(string path, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RtNeuralJson.LoadAll(File.ReadAllBytes(path), path, null, options);
    }

    private static byte[] ReadToEnd(Stream stream)
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string StreamName(Stream stream) => stream is FileStream fs ? fs.Name : "(stream)";
}

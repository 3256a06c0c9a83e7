using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class LstmWeights
{
    /// <summary>
    /// Loads one layer (and direction) of a PyTorch <c>nn.LSTM</c> from a safetensors file holding its
    /// state_dict: <c>{prefix}weight_ih_l{layer}</c>, <c>weight_hh_l{layer}</c> and, unless the LSTM was
    /// built with <c>bias=False</c>, <c>bias_ih_l{layer}</c> and <c>bias_hh_l{layer}</c> (with the suffix
    /// <c>_reverse</c> for the backward direction of a bidirectional LSTM). F32, F16, BF16 and F64
    /// tensors are converted to float32. Only the four tensors' bytes are read.
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="layer">The layer index k of a stacked LSTM (<c>num_layers</c> &gt; 1); 0 for the first.</param>
    /// <param name="prefix">
    /// The module path before the tensor names, e.g. <c>"encoder.lstm."</c> (with the trailing dot); null
    /// finds it when exactly one LSTM in the file has this layer, "" means the names have no prefix.
    /// </param>
    /// <param name="reverse">True for the backward direction of a bidirectional LSTM (the <c>_reverse</c> tensors).</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/> (non-finite weights rejected).</param>
    /// <returns>The layer's weights, ready for <c>LoadWeights</c> of a layer with the same Input and Units.</returns>
    /// <exception cref="LstmFormatException">
    /// The file is malformed, the tensors are missing or mis-shaped, or a weight is NaN/∞ (unless allowed);
    /// thrown before any weights are returned, so a layer the caller loads them into is never half-loaded.
    /// </exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LstmWeights LoadSafetensors(string path, int layer = 0, string? prefix = null, bool reverse = false,
        LstmLoadOptions? options = null)
    {
        using var file = SafetensorsFile.Open(path);
        return LoadSafetensors(file, layer, prefix, reverse, options);
    }

    /// <summary>
    /// Loads one LSTM layer from a safetensors file read from <paramref name="stream"/> (from its current
    /// position; the stream is left open). See <see cref="LoadSafetensors(string, int, string?, bool, LstmLoadOptions?)"/>.
    /// </summary>
    /// <param name="stream">The safetensors bytes; a stream that cannot seek is copied into memory first.</param>
    /// <param name="name">A name for error messages, or null.</param>
    /// <param name="layer">The layer index k of a stacked LSTM; 0 for the first.</param>
    /// <param name="prefix">The module path before the tensor names (e.g. <c>"encoder.lstm."</c>); null to find it.</param>
    /// <param name="reverse">True for the backward direction of a bidirectional LSTM.</param>
    /// <param name="options">Loader options; null for the defaults.</param>
    /// <exception cref="LstmFormatException">The data is malformed or does not hold the layer asked for.</exception>
    public static LstmWeights LoadSafetensors(Stream stream, string? name = null, int layer = 0, string? prefix = null,
        bool reverse = false, LstmLoadOptions? options = null)
    {
        using var file = SafetensorsFile.Open(stream, name, leaveOpen: true);
        return LoadSafetensors(file, layer, prefix, reverse, options);
    }

    /// <summary>
    /// Loads one LSTM layer from an open <see cref="SafetensorsFile"/>, so several layers or directions
    /// can be read with one header parse. See <see cref="LoadSafetensors(string, int, string?, bool, LstmLoadOptions?)"/>.
    /// </summary>
    /// <param name="file">The open file.</param>
    /// <param name="layer">The layer index k of a stacked LSTM; 0 for the first.</param>
    /// <param name="prefix">The module path before the tensor names (e.g. <c>"encoder.lstm."</c>); null to find it.</param>
    /// <param name="reverse">True for the backward direction of a bidirectional LSTM.</param>
    /// <param name="options">Loader options; null for the defaults.</param>
    /// <exception cref="LstmFormatException">The tensors are missing, mis-shaped, of a non-float dtype, or non-finite.</exception>
    public static LstmWeights LoadSafetensors(SafetensorsFile file, int layer = 0, string? prefix = null, bool reverse = false,
        LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        return StateDictLstm.Load(file, layer, prefix, reverse, options);
    }
}

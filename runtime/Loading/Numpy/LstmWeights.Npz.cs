using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class LstmWeights
{
    /// <summary>
    /// Loads one layer (and direction) of a PyTorch <c>nn.LSTM</c> from a NumPy <c>.npz</c> archive of its
    /// state_dict, as written by <c>numpy.savez(path, **{k: v.numpy() for k, v in sd.items()})</c> or
    /// <c>numpy.savez_compressed</c>: entries <c>{prefix}weight_ih_l{layer}.npy</c>, <c>weight_hh_l{layer}</c>
    /// and, unless <c>bias=False</c>, <c>bias_ih_l{layer}</c> and <c>bias_hh_l{layer}</c> (suffix <c>_reverse</c>
    /// for the backward direction). Entries may be stored or deflated; dtypes <c>f2</c>, <c>f4</c>, <c>f8</c>
    /// in either byte order and either memory order (see <see cref="NpyArray"/>). Only the needed entries are read.
    /// </summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="layer">The layer index k of a stacked LSTM (<c>num_layers</c> &gt; 1); 0 for the first.</param>
    /// <param name="prefix">
    /// The module path before the tensor names, e.g. <c>"encoder.lstm."</c>; null finds it when exactly one
    /// LSTM in the archive has this layer, "" means the names have no prefix.
    /// </param>
    /// <param name="reverse">True for the backward direction of a bidirectional LSTM (the <c>_reverse</c> tensors).</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/> (non-finite weights rejected).</param>
    /// <exception cref="LstmFormatException">
    /// The archive or an entry is malformed, the tensors are missing or mis-shaped, or a weight is NaN/∞ (unless allowed).
    /// </exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static LstmWeights LoadNpz(string path, int layer = 0, string? prefix = null, bool reverse = false,
        LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var source = new NpzSource(stream, path);
        return StateDictLstm.Load(source, layer, prefix, reverse, options);
    }

    /// <summary>
    /// Loads one LSTM layer from a .npz archive read from <paramref name="stream"/> (left open).
    /// See <see cref="LoadNpz(string, int, string?, bool, LstmLoadOptions?)"/>.
    /// </summary>
    /// <param name="stream">The archive's bytes.</param>
    /// <param name="name">A name for error messages, or null.</param>
    /// <param name="layer">The layer index k of a stacked LSTM; 0 for the first.</param>
    /// <param name="prefix">The module path before the tensor names (e.g. <c>"encoder.lstm."</c>); null to find it.</param>
    /// <param name="reverse">True for the backward direction of a bidirectional LSTM.</param>
    /// <param name="options">Loader options; null for the defaults.</param>
    /// <exception cref="LstmFormatException">The data is malformed or does not hold the layer asked for.</exception>
    public static LstmWeights LoadNpz(Stream stream, string? name = null, int layer = 0, string? prefix = null,
        bool reverse = false, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var source = new NpzSource(stream, name ?? "<stream>");
        return StateDictLstm.Load(source, layer, prefix, reverse, options);
    }
}

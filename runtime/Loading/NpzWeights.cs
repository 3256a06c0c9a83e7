using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using LstmGen.Loading;

namespace LstmGen
{
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
}

namespace LstmGen.Loading
{
    /// <summary>A .npz archive's <c>.npy</c> entries as named tensors, headers and data read on demand.</summary>
    internal sealed class NpzSource : ITensorSource, IDisposable
    {
        // Deflate cannot expand data by more than about 1032:1; an entry claiming more is corrupt or hostile.
        private const long MaxDeflateRatio = 1032;

        private readonly ZipArchive _zip;
        private readonly Dictionary<string, ZipArchiveEntry> _entries = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NpyHeader> _headers = new(StringComparer.Ordinal);

        /// <summary>Opens the archive (the stream is left open) and lists its .npy entries.</summary>
        public NpzSource(Stream stream, string file)
        {
            FileName = file;
            try
            {
                _zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
                foreach (var entry in _zip.Entries)
                {
                    if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal))
                        continue;
                    string name = entry.FullName.Substring(0, entry.FullName.Length - 4);
                    if (!_entries.TryAdd(name, entry))
                        throw new LstmFormatException(file, name, "duplicate entry in the archive");
                }
            }
            catch (InvalidDataException e)
            {
                _zip?.Dispose();
                throw new LstmFormatException(file, null, "not a valid .npz (zip) archive: " + e.Message, innerException: e);
            }
            catch
            {
                _zip?.Dispose();
                throw;
            }
        }

        public string FileName { get; }

        public IReadOnlyCollection<string> Names => _entries.Keys;

        public long[] GetShape(string name) => Header(name).Shape;

        public float[] ReadFloat32(string name)
        {
            var header = Header(name);
            var entry = _entries[name];
            try
            {
                using var stream = entry.Open();
                NpyFormat.ReadHeader(stream, FileName, name);
                return NpyFormat.ReadData(stream, header, entry.Length - header.HeaderBytes, FileName, name);
            }
            catch (InvalidDataException e)
            {
                throw new LstmFormatException(FileName, name, "corrupt archive entry: " + e.Message, innerException: e);
            }
        }

        private NpyHeader Header(string name)
        {
            if (_headers.TryGetValue(name, out var cached))
                return cached;
            var entry = _entries[name];
            if (entry.Length > entry.CompressedLength * MaxDeflateRatio + 4096)
                throw new LstmFormatException(FileName, name, "entry claims an impossible uncompressed size",
                    $"at most {MaxDeflateRatio}× its {entry.CompressedLength} compressed bytes", $"{entry.Length} bytes");
            NpyHeader header;
            try
            {
                using var stream = entry.Open();
                header = NpyFormat.ReadHeader(stream, FileName, name);
            }
            catch (InvalidDataException e)
            {
                throw new LstmFormatException(FileName, name, "corrupt archive entry: " + e.Message, innerException: e);
            }
            long available = entry.Length - header.HeaderBytes;
            if (available != header.DataBytes)
                throw new LstmFormatException(FileName, name,
                    available < header.DataBytes ? "the entry is shorter than its header's shape says" : "the entry is longer than its header's shape says",
                    $"{header.DataBytes} data bytes for shape {header.ShapeText} '{header.Descr}'", $"{available} bytes");
            _headers[name] = header;
            return header;
        }

        public void Dispose() => _zip.Dispose();
    }
}

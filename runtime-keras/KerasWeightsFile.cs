using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using LstmGen.Hdf5;

namespace LstmGen;

/// <summary>
/// A Keras weights file opened for reading: Keras 2 / tf.keras <c>.h5</c> (<c>model.save</c> or <c>save_weights</c>),
/// Keras 3 <c>.weights.h5</c>, or a Keras 3 <c>.keras</c> archive. The format is told from the content, not the
/// extension. Lists the layers and reads any layer's weights by name (<see cref="ReadLayer"/>), an LSTM layer
/// straight into <see cref="LstmWeights"/> (<see cref="ReadLstm"/>), or every weighted layer into a
/// <see cref="ModelWeights"/> (<see cref="ReadModel"/>, in KerasWeightsFile.Model.cs).
/// </summary>
/// <remarks>
/// <para>Keras 2 datasets are found through the <c>layer_names</c> and <c>weight_names</c> attributes, never by
/// guessed paths. Keras 3 stores variables by position (<c>layers/&lt;group&gt;/vars/0..n</c>, an LSTM's under
/// <c>cell/vars</c>: kernel, recurrent kernel, bias); its layer groups are named after the layer class
/// (<c>lstm</c>, <c>lstm_1</c>, ...), and a .keras archive's <c>config.json</c> maps them back to layer names.</para>
/// <para>Every malformation (not HDF5, truncated, missing layer or dataset, wrong shape or type, NaN/∞ unless
/// allowed) is an <see cref="LstmFormatException"/> naming the file and dataset. HDF5 is read by LstmGen's own
/// reader for the subset Keras writes, which checks every size and address in the file against the file's length
/// before allocating or reading, and needs no dynamic code (Native AOT works).</para>
/// </remarks>
public sealed partial class KerasWeightsFile : IDisposable
{
    private readonly Hdf5File _h5;
    private readonly List<Entry> _entries;
    private readonly Dictionary<string, Entry> _byName;
    private readonly long _hdf5Bytes; // the HDF5 image's length: no dataset can hold more (see LocatePath)
    private readonly bool _keras3Activations; // hard_sigmoid is Keras 3's x/6 + 1/2, not Keras 2's 0.2x + 0.5

    // Group: a Keras 2 layer's group, which its weight_names are relative to.
    private sealed record Entry(KerasLayerInfo Info, KerasLayerConfig? Config, string[]? WeightNames, Hdf5Group? Group = null);

    private KerasWeightsFile(string fileName, KerasFormat format, Hdf5File h5, long hdf5Bytes, List<Entry> entries, bool keras3Activations = true)
    {
        _keras3Activations = keras3Activations;
        FileName = fileName;
        _hdf5Bytes = hdf5Bytes;
        Format = format;
        _h5 = h5;
        _entries = entries;
        _byName = new Dictionary<string, Entry>(StringComparer.Ordinal);
        foreach (var e in entries)
            _byName.TryAdd(e.Info.Name, e);
        Layers = entries.Select(e => e.Info).ToList();
    }

    /// <summary>The file's name as given (for an archive, the archive's), used in error messages.</summary>
    public string FileName { get; }

    /// <summary>The file's layout.</summary>
    public KerasFormat Format { get; }

    /// <summary>The layers, in the file's (or config's) order.</summary>
    public IReadOnlyList<KerasLayerInfo> Layers { get; }

    /// <summary>Opens a Keras weights file (.h5, .weights.h5 or .keras).</summary>
    /// <exception cref="LstmFormatException">The file is neither HDF5 nor a zip, or not in a Keras layout, or corrupt.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static KerasWeightsFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Open(stream, path, ownsStream: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a Keras weights file from <paramref name="stream"/>. A seekable stream must stay open until this
    /// object is disposed (it is not closed); a non-seekable one is copied into memory first.
    /// </summary>
    /// <param name="stream">The file's bytes.</param>
    /// <param name="fileName">A name for error messages.</param>
    /// <inheritdoc cref="Open(string)"/>
    public static KerasWeightsFile Open(Stream stream, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        fileName ??= stream is FileStream fs ? fs.Name : "(stream)";
        if (stream.CanSeek)
            return Open(stream, fileName, ownsStream: false);
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return Open(copy, fileName, ownsStream: true);
    }

    private static KerasWeightsFile Open(Stream stream, string file, bool ownsStream)
    {
        long start = stream.Position;
        Span<byte> head = stackalloc byte[8];
        int n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (n == 0)
            throw new LstmFormatException(file, null, "the file is empty", "an HDF5 file or a .keras zip archive", "0 bytes");
        if (n >= 4 && head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4)
        {
            var result = OpenArchive(stream, file);
            if (ownsStream) stream.Dispose();
            return result;
        }
        if (FindSuperblock(stream, start) is not long superblock)
            throw new LstmFormatException(file, null, "neither an HDF5 file nor a .keras (zip) archive",
                "the HDF5 signature 89 48 44 46 0D 0A 1A 0A or a zip header", Convert.ToHexString(head.Slice(0, n)));
        CheckNotTruncated(stream, start, superblock, file, null);
        return OpenHdf5(stream, start + superblock, file, ownsStream, archiveConfig: null);
    }

    /// <summary>The offset of the HDF5 superblock: 0 or, after a user block, 512, 1024, 2048, ...; null if there is none.</summary>
    private static long? FindSuperblock(Stream stream, long start)
    {
        Span<byte> buffer = stackalloc byte[8];
        try
        {
            for (long offset = 0; start + offset + 8 <= stream.Length; offset = offset == 0 ? 512 : offset * 2)
            {
                stream.Position = start + offset;
                if (stream.ReadAtLeast(buffer, 8, throwOnEndOfStream: false) == 8 && buffer.SequenceEqual(Hdf5Signature))
                    return offset;
            }
            return null;
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static ReadOnlySpan<byte> Hdf5Signature => [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Compares the superblock's end-of-file address with the stream's length: datasets are read lazily, so a file cut
    /// after the datasets it is asked for would otherwise go unnoticed.
    /// </summary>
    private static void CheckNotTruncated(Stream stream, long start, long superblock, string file, string? inner)
    {
        try
        {
            Span<byte> sb = stackalloc byte[64];
            stream.Position = start + superblock;
            int n = stream.ReadAtLeast(sb, sb.Length, throwOnEndOfStream: false);
            if (n < 12)
                throw new LstmFormatException(file, inner, "truncated HDF5 file: the superblock is incomplete", "a complete superblock", $"{n} bytes");
            int version = sb[8];
            int offsetSize, baseAt;
            switch (version)
            {
                case 0 or 1: // signature, 8 version/size bytes, 2+2 K values, 4 flags (+4 in v1), then base, free-space, EOF addresses
                    offsetSize = sb[13];
                    baseAt = version == 0 ? 24 : 28;
                    break;
                case 2 or 3: // signature, version, offset size, length size, flags, then base, extension, EOF addresses
                    offsetSize = sb[9];
                    baseAt = 12;
                    break;
                default:
                    return; // newer layouts: leave it to the reader
            }
            if (offsetSize is not (2 or 4 or 8) || n < baseAt + 3 * offsetSize)
                return;
            ulong baseAddress = ReadAddress(sb.Slice(baseAt, offsetSize));
            ulong eofAddress = ReadAddress(sb.Slice(baseAt + 2 * offsetSize, offsetSize));
            if (eofAddress == ulong.MaxValue >> (64 - 8 * offsetSize))
                return; // undefined address
            ulong needed = baseAddress + eofAddress;
            ulong actual = (ulong)(stream.Length - start);
            if (actual < needed)
                throw new LstmFormatException(file, inner, "truncated HDF5 file: shorter than its superblock's end-of-file address",
                    $"{needed} bytes", $"{actual} bytes");
        }
        finally
        {
            stream.Position = start;
        }
    }

    private static ulong ReadAddress(ReadOnlySpan<byte> bytes)
    {
        ulong value = 0;
        for (int k = bytes.Length - 1; k >= 0; k--)
            value = (value << 8) | bytes[k];
        return value;
    }

    private static KerasWeightsFile OpenArchive(Stream stream, string file)
    {
        List<KerasLayerConfig>? config;
        MemoryStream weights;
        try
        {
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
            var configEntry = zip.GetEntry("config.json")
                ?? throw new LstmFormatException(file, "config.json", "missing from the .keras archive", "config.json and model.weights.h5",
                    "entries " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
            var weightsEntry = zip.GetEntry("model.weights.h5");
            if (weightsEntry is null)
                throw zip.GetEntry("model.weights.npz") is not null
                    ? new LstmFormatException(file, "model.weights.npz", "archives saved with weights_format=\"npz\" are not supported", "model.weights.h5")
                    : new LstmFormatException(file, "model.weights.h5", "missing from the .keras archive", "config.json and model.weights.h5",
                        "entries " + string.Join(", ", zip.Entries.Select(e => e.FullName)));
            using (var configStream = configEntry.Open())
            using (var buffer = new MemoryStream())
            {
                configStream.CopyTo(buffer);
                config = KerasConfig.ParseKeras3(buffer.ToArray(), file);
            }
            weights = new MemoryStream();
            using (var weightsStream = weightsEntry.Open())
                weightsStream.CopyTo(weights);
            weights.Position = 0;
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or NotSupportedException)
        {
            throw new LstmFormatException(file, null, "not a readable .keras (zip) archive (truncated or corrupt?): " + e.Message, innerException: e);
        }
        if (FindSuperblock(weights, 0) is not long superblock)
        {
            string head = Convert.ToHexString(weights.ToArray().AsSpan(0, (int)Math.Min(8, weights.Length)));
            weights.Dispose();
            throw new LstmFormatException(file, "model.weights.h5", "the archive's weights are not an HDF5 file", "the HDF5 signature", head);
        }
        CheckNotTruncated(weights, 0, superblock, file, "model.weights.h5");
        return OpenHdf5(weights, superblock, file, ownsStream: true, config, innerName: "model.weights.h5");
    }

    private static KerasWeightsFile OpenHdf5(Stream stream, long superblock, string file, bool ownsStream, List<KerasLayerConfig>? archiveConfig,
        string? innerName = null)
    {
        // Errors name the archive itself as the file; its weights entry shows in the tensor only where nothing else does.
        string where = file;
        Hdf5File h5;
        try
        {
            h5 = Hdf5File.Open(stream, superblock, ownsStream, where, innerName);
        }
        catch
        {
            if (ownsStream) stream.Dispose();
            throw;
        }
        try
        {
            var root = h5.Root;
            if (archiveConfig is not null)
            {
                if (!root.LinkExists("layers"))
                    throw new LstmFormatException(where, "/layers", "group not found: the archive's weights are not in the Keras 3 layout",
                        "a 'layers' group", RootMembers(root));
                return new KerasWeightsFile(where, KerasFormat.Keras3Archive, h5, h5.Length, Keras3Entries(root, where, "layers", archiveConfig));
            }
            if (root.AttributeExists("layer_names"))
                return new KerasWeightsFile(where, KerasFormat.Keras2Hdf5, h5, h5.Length, Keras2Entries(root, root, "", where), WrittenByKeras3(root, where));
            if (root.LinkExists("model_weights") && root.Get("model_weights") is Hdf5Group weights && weights.AttributeExists("layer_names"))
                return new KerasWeightsFile(where, KerasFormat.Keras2Hdf5, h5, h5.Length, Keras2Entries(root, weights, "/model_weights", where),
                    WrittenByKeras3(root, where));
            foreach (string layersGroup in new[] { "layers", "_layer_checkpoint_dependencies" }) // the latter: tf.keras 2.13's Keras 3 preview
                if (root.LinkExists(layersGroup))
                    return new KerasWeightsFile(where, KerasFormat.Keras3WeightsHdf5, h5, h5.Length, Keras3Entries(root, where, layersGroup, null));
            throw new LstmFormatException(where, "/", "not a Keras weights file",
                "a 'layer_names' attribute (Keras 2 .h5, at the root or on /model_weights) or a 'layers' group (Keras 3 .weights.h5)",
                RootMembers(root));
        }
        catch
        {
            h5.Dispose();
            throw;
        }
    }

    private static string RootMembers(Hdf5Group root)
    {
        var names = root.Links.Select(l => l.Name).ToList();
        return names.Count == 0 ? "an empty root group" : "root members " + string.Join(", ", names.Take(12)) + (names.Count > 12 ? ", ..." : "");
    }

    // ---- Keras 2 ----

    private static List<Entry> Keras2Entries(Hdf5Group root, Hdf5Group weightsRoot, string rootPath, string file)
    {
        Dictionary<string, KerasLayerConfig>? configs = null;
        if (root.AttributeExists("model_config"))
        {
            string json = ReadStrings(root, "model_config", "/", file) is { Length: 1 } s ? s[0]
                : throw new LstmFormatException(file, "/ attribute 'model_config'", "not a single string", "a JSON string");
            configs = KerasConfig.ParseKeras2(json, file);
        }
        var entries = new List<Entry>();
        foreach (string name in ReadStringList(weightsRoot, "layer_names", rootPath.Length == 0 ? "/" : rootPath, file))
        {
            string path = rootPath + "/" + name;
            if (!weightsRoot.LinkExists(name))
                throw new LstmFormatException(file, path, "layer group listed in 'layer_names' not found", "a group", "no such member");
            var group = weightsRoot.Group(name);
            string[] weightNames = ReadStringList(group, "weight_names", path, file);
            // Each name is a dataset to read: a repeated one would read the same data again for every repeat.
            if (weightNames.GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } repeated)
                throw new LstmFormatException(file, $"{path} attribute 'weight_names'", "a weight is listed more than once",
                    "distinct weight names", $"'{repeated.Key}' {repeated.Count()} times");
            KerasLayerConfig? config = configs is not null && configs.TryGetValue(name, out var c) ? c : null;
            entries.Add(new Entry(new KerasLayerInfo(name, path, config), config, weightNames, group));
        }
        return entries;
    }

    /// <summary>
    /// Whether the root's <c>keras_version</c> is 3 or later: Keras 3 still writes this layout for <c>model.save("x.h5")</c>,
    /// and its activations follow Keras 3's definitions. Files without the attribute are taken as Keras 2.
    /// </summary>
    private static bool WrittenByKeras3(Hdf5Group root, string file)
    {
        if (!root.AttributeExists("keras_version") || ReadStrings(root, "keras_version", "/", file) is not { Length: 1 } version)
            return false;
        string major = new string(version[0].TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(major, NumberStyles.None, CultureInfo.InvariantCulture, out int m) && m >= 3;
    }

    /// <summary>A string-list attribute, also in Keras's chunked form (name0, name1, ... when it exceeded 64 KiB).</summary>
    private static string[] ReadStringList(Hdf5Object obj, string name, string objPath, string file)
    {
        if (obj.AttributeExists(name))
            return ReadStrings(obj, name, objPath, file);
        var chunks = new List<string>();
        for (int k = 0; obj.AttributeExists(name + k.ToString(CultureInfo.InvariantCulture)); k++)
            chunks.AddRange(ReadStrings(obj, name + k.ToString(CultureInfo.InvariantCulture), objPath, file));
        if (chunks.Count == 0 && !obj.AttributeExists(name + "0"))
            throw new LstmFormatException(file, $"{objPath} attribute '{name}'", "attribute not found", "a list of names", "no such attribute");
        return chunks.ToArray();
    }

    private static string[] ReadStrings(Hdf5Object obj, string name, string objPath, string file)
    {
        string tensor = $"{objPath} attribute '{name}'";
        var attribute = obj.Attribute(name);
        if (attribute.Space.Count is 0)
            return Array.Empty<string>(); // h5py writes an empty list as an empty float64 array
        // Fixed-length (numpy 'S') or variable-length (Python str) strings.
        if (attribute.Type.Class != Hdf5TypeClass.String && !attribute.Type.IsVariableString)
            throw new LstmFormatException(file, tensor, "not a string attribute", "strings", attribute.Type.Class.ToString());
        return attribute.ReadStrings(tensor);
    }

    // ---- Keras 3 ----

    [GeneratedRegex(@"^lstm(_\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Keras3LstmGroup();

    private static List<Entry> Keras3Entries(Hdf5Group root, string file, string layersGroup, List<KerasLayerConfig>? config)
    {
        var layers = root.Group(layersGroup);
        var entries = new List<Entry>();
        if (config is null)
        {
            // No names are stored: list the groups (named by Keras after the layer class).
            var names = layers.Children().OfType<Hdf5Group>().Select(g => g.Name).ToList();
            names.Sort(StringComparer.Ordinal);
            foreach (string name in names)
                entries.Add(new Entry(new KerasLayerInfo(name, $"/{layersGroup}/{name}", null), null, null));
            return entries;
        }
        // As Keras's _save_container_state: snake_case(class name), then _1, _2, ... for repeats.
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var layer in config)
        {
            string group = KerasConfig.ToSnakeCase(layer.ClassName);
            if (used.TryGetValue(group, out int count))
            {
                used[group] = ++count;
                group = $"{group}_{count}";
            }
            else
                used[group] = 0;
            entries.Add(new Entry(new KerasLayerInfo(layer.Name, $"/{layersGroup}/{group}", layer), layer, null));
        }
        return entries;
    }

    // ---- Reading ----

    /// <summary>
    /// Reads every weight of layer <paramref name="name"/> (see <see cref="KerasLayerInfo.Name"/>), converted to float32:
    /// for Keras 2 in <c>weight_names</c> order (a Dense: kernel [in, out], bias [out]); for Keras 3 the layer's own
    /// <c>vars/0..n</c>, then those of its sub-objects (an LSTM: <c>cell/vars/0..2</c>).
    /// </summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="options">Loader options (non-finite values are rejected by default); null for the defaults.</param>
    /// <exception cref="LstmFormatException">No such layer, a listed dataset is missing, not float32/float64, unreadable, or holds NaN/∞.</exception>
    public IReadOnlyList<KerasTensor> ReadLayer(string name, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        options ??= LstmLoadOptions.Default;
        var entry = Find(name);
        var datasets = Datasets(entry);
        var result = new List<KerasTensor>(datasets.Count);
        foreach (var d in datasets)
            result.Add(new KerasTensor(d.Name, d.Path, d.Shape, ReadData(d, options)));
        return result;
    }

    /// <summary>
    /// Reads an LSTM layer: <paramref name="layerName"/>, or the only LSTM layer of the file when null. Kernel
    /// [I, 4U], recurrent kernel [U, 4U] and bias [4U] (gates i, f, c, o) are checked against each other and
    /// against the configured <c>units</c> before any data is read.
    /// </summary>
    /// <remarks>Where the file has a model config, the weights record the layer's <c>activation</c> and
    /// <c>recurrent_activation</c> (<see cref="LayerWeights.Activation"/>, <see cref="LayerWeights.RecurrentActivation"/>),
    /// which a kernel's <c>LoadWeights</c> compares with its declared activations.</remarks>
    /// <param name="layerName">The layer's name (see <see cref="KerasLayerInfo.Name"/>), or null for the only LSTM.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <exception cref="LstmFormatException">No such layer, none or several LSTMs (with null), not an LSTM, a weight missing,
    /// a shape mismatch, an activation LstmGen has no equivalent for, unreadable data, or NaN/∞ unless allowed.</exception>
    public LstmWeights ReadLstm(string? layerName = null, LstmLoadOptions? options = null)
    {
        options ??= LstmLoadOptions.Default;
        Entry entry;
        if (layerName is null)
        {
            var candidates = _entries.Where(IsLstm).ToList();
            entry = candidates.Count switch
            {
                1 => candidates[0],
                0 => throw new LstmFormatException(FileName, null, "no LSTM layer found", "exactly one LSTM layer (or pass layerName)",
                    "layers " + DescribeLayers()),
                _ => throw new LstmFormatException(FileName, null, "several LSTM layers; pass layerName", "one of " +
                    string.Join(", ", candidates.Select(c => $"'{c.Info.Name}'")), $"{candidates.Count} LSTM layers"),
            };
        }
        else
        {
            entry = Find(layerName);
            if (entry.Config is { } c && c.ClassName != "LSTM")
                throw new LstmFormatException(FileName, entry.Info.GroupPath, $"layer '{layerName}' is a {c.ClassName}, not an LSTM", "an LSTM layer", c.ClassName);
        }

        var (kernel, recurrent, bias) = LstmDatasets(entry);
        // Shapes first, from the dataspaces: recurrent kernel [U, 4U], kernel [I, 4U], bias [4U].
        if (recurrent.Shape.Length != 2 || recurrent.Shape[1] != 4L * recurrent.Shape[0] || recurrent.Shape[0] < 1)
            throw new LstmFormatException(FileName, recurrent.Path, "wrong shape for an LSTM recurrent kernel", "[U, 4U]", Shape(recurrent.Shape));
        int units = recurrent.Shape[0];
        if (entry.Config?.Units is int declared && declared != units)
            throw new LstmFormatException(FileName, recurrent.Path,
                $"unit count mismatch: the config declares units = {declared} but the weights are for {units} units",
                $"{declared} units: [{declared}, {4 * declared}]", $"{units} units: {Shape(recurrent.Shape)}");
        if (kernel.Shape.Length != 2 || kernel.Shape[1] != 4L * units || kernel.Shape[0] < 1)
            throw new LstmFormatException(FileName, kernel.Path, "wrong shape for an LSTM kernel", $"[I, 4U] = [I, {4 * units}]", Shape(kernel.Shape));
        if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != 4L * units))
            throw new LstmFormatException(FileName, bias.Path, "wrong shape for an LSTM bias", $"[4U] = [{4 * units}]", Shape(bias.Shape));
        if (bias is null && entry.Config?.UseBias != false)
            throw new LstmFormatException(FileName, entry.Info.GroupPath, "LSTM bias not found",
                "kernel, recurrent kernel and bias (only use_bias=False layers have no bias)", "kernel and recurrent kernel only");

        float[] k = ReadData(kernel, options), r = ReadData(recurrent, options);
        float[] b = bias is null ? Array.Empty<float>() : ReadData(bias, options);
        return WithConfiguredActivations(entry, LstmWeights.FromKeras(kernel.Shape[0], units, k, r, b), recurrent: true);
    }

    private Entry Find(string name) => _byName.TryGetValue(name, out var entry) ? entry
        : throw new LstmFormatException(FileName, name, "no layer of that name", "one of " + DescribeLayers(), $"'{name}'");

    private string DescribeLayers() => _entries.Count == 0 ? "(none)"
        : string.Join(", ", _entries.Take(24).Select(e => e.Info.ClassName is null ? $"'{e.Info.Name}'" : $"'{e.Info.Name}' ({e.Info.ClassName})"))
          + (_entries.Count > 24 ? ", ..." : "");

    private sealed record DatasetRef(string Name, string Path, int[] Shape, Hdf5Dataset Dataset, int ElementSize);

    private bool IsLstm(Entry entry)
    {
        if (entry.Config is { } config)
            return config.ClassName == "LSTM";
        if (Format != KerasFormat.Keras2Hdf5)
            return Keras3LstmGroup().IsMatch(entry.Info.Name);
        // Keras 2 without a config: kernel, recurrent_kernel (+ bias) with recurrent [U, 4U].
        if (entry.WeightNames is not { Length: 2 or 3 } names) return false;
        string? recurrent = names.FirstOrDefault(n => Role(n) == "recurrent_kernel");
        if (recurrent is null || !names.Any(n => Role(n) == "kernel")) return false;
        var shape = Locate(entry, recurrent).Shape;
        return shape.Length == 2 && shape[1] == 4L * shape[0];
    }

    /// <summary>"kernel" for "lstm_1/lstm_cell_1/kernel:0".</summary>
    private static string Role(string weightName)
    {
        string last = weightName.Substring(weightName.LastIndexOf('/') + 1);
        int colon = last.IndexOf(':');
        return colon < 0 ? last : last.Substring(0, colon);
    }

    private (DatasetRef Kernel, DatasetRef Recurrent, DatasetRef? Bias) LstmDatasets(Entry entry)
    {
        if (entry.WeightNames is { } names)
        {
            string? Named(string role) => names.FirstOrDefault(n => Role(n) == role);
            string? kernel = Named("kernel"), recurrent = Named("recurrent_kernel"), bias = Named("bias");
            if (kernel is null || recurrent is null || names.Length != (bias is null ? 2 : 3))
                throw new LstmFormatException(FileName, entry.Info.GroupPath + " attribute 'weight_names'", "not the weights of a Keras 2 LSTM",
                    "kernel, recurrent_kernel and bias", names.Length == 0 ? "no weights" : string.Join(", ", names));
            return (Locate(entry, kernel), Locate(entry, recurrent), bias is null ? null : Locate(entry, bias));
        }
        // Keras 3: the LSTM layer's cell holds kernel, recurrent_kernel, bias as vars/0, 1, 2.
        string cellVars = entry.Info.GroupPath + "/cell/vars";
        if (!_h5.Root.LinkExists(cellVars))
            throw new LstmFormatException(FileName, cellVars, "group not found (Keras 3 keeps an LSTM's weights in its cell)",
                "cell/vars/0..2", "no such group");
        var members = _h5.Root.Group(cellVars).Links.Select(l => l.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string required in new[] { "0", "1" })
            if (!members.Contains(required))
                throw new LstmFormatException(FileName, $"{cellVars}/{required}", "dataset not found", "vars 0 (kernel), 1 (recurrent kernel), 2 (bias)",
                    members.Count == 0 ? "an empty group" : "members " + string.Join(", ", members.Order(StringComparer.Ordinal)));
        if (members.Count > 3)
            throw new LstmFormatException(FileName, cellVars, "not the variables of a Keras LSTM cell", "vars 0, 1, 2",
                "members " + string.Join(", ", members.Order(StringComparer.Ordinal)));
        return (LocatePath(cellVars + "/0", "cell/vars/0"), LocatePath(cellVars + "/1", "cell/vars/1"),
            members.Contains("2") ? LocatePath(cellVars + "/2", "cell/vars/2") : null);
    }

    private List<DatasetRef> Datasets(Entry entry)
    {
        if (entry.WeightNames is { } names)
            return names.Select(n => Locate(entry, n)).ToList();
        var result = new List<DatasetRef>();
        if (_h5.Root.LinkExists(entry.Info.GroupPath))
            CollectKeras3(entry.Info.GroupPath, "", result, new HashSet<long>());
        else if (entry.Config is null)
            throw new LstmFormatException(FileName, entry.Info.GroupPath, "layer group not found", "a group", "no such member");
        // A .keras layer without variables (InputLayer, Dropout, ...) may have no group: no weights.
        return result;
    }

    /// <summary>Own vars/0..n (numeric order), then sub-objects' groups by name, recursively (each group once: links may loop).</summary>
    private void CollectKeras3(string groupPath, string relative, List<DatasetRef> into, HashSet<long> visited)
    {
        var group = _h5.Root.Group(groupPath);
        if (!visited.Add(group.Header.Address))
            throw new LstmFormatException(FileName, groupPath, "the layer's groups link back into themselves", "a tree of groups", "a group reached twice");
        var children = group.Children().ToList();
        var vars = children.FirstOrDefault(c => c.Name == "vars") as Hdf5Group;
        if (vars is not null)
        {
            var datasets = vars.Links.Select(l => l.Name).ToList();
            foreach (string name in datasets.OrderBy(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k : int.MaxValue)
                         .ThenBy(n => n, StringComparer.Ordinal))
                into.Add(LocatePath($"{groupPath}/vars/{name}", $"{relative}vars/{name}"));
        }
        foreach (var child in children.OfType<Hdf5Group>().Where(c => c.Name != "vars").OrderBy(c => c.Name, StringComparer.Ordinal))
            CollectKeras3($"{groupPath}/{child.Name}", $"{relative}{child.Name}/", into, visited);
    }

    /// <summary>A Keras 2 weight: <paramref name="weightName"/> is a path relative to the layer group.</summary>
    private DatasetRef Locate(Entry entry, string weightName)
    {
        string path = entry.Info.GroupPath + "/" + weightName;
        var group = entry.Group ?? _h5.Root;
        string relative = entry.Group is null ? path : weightName;
        if (!group.LinkExists(relative))
            throw new LstmFormatException(FileName, path, "dataset listed in 'weight_names' not found", "a dataset", "no such member");
        return LocatePath(path, weightName, group.Get(relative));
    }

    private DatasetRef LocatePath(string path, string name) => LocatePath(path, name, _h5.Root.Get(path));

    private DatasetRef LocatePath(string path, string name, Hdf5Object found)
    {
        if (found is not Hdf5Dataset dataset)
            throw new LstmFormatException(FileName, path, "not a dataset", "a dataset", "a group or other object");
        int[] shape = dataset.Space.Kind switch
        {
            Hdf5DataspaceKind.Scalar => [],
            Hdf5DataspaceKind.Simple => dataset.Space.Dimensions.Select(d => d <= int.MaxValue ? (int)d
                : throw new LstmFormatException(FileName, path, "dimension too large", $"at most {int.MaxValue}", d.ToString(CultureInfo.InvariantCulture))).ToArray(),
            _ => throw new LstmFormatException(FileName, path, "dataset has no data (null dataspace)", "an array", "a null dataspace"),
        };
        var type = dataset.Type;
        if (type.Class != Hdf5TypeClass.FloatingPoint || !type.IsIeeeFloat)
        {
            string actual = $"{type.Class}, {type.Size} bytes" + (type.Class == Hdf5TypeClass.FloatingPoint ? ", not IEEE 754" : "");
            if (dataset.AttributeExists("dtype"))
                actual += $" (dtype attribute '{string.Join("", ReadStrings(dataset, "dtype", path, FileName))}')";
            throw new LstmFormatException(FileName, path, "unsupported element type", "float32 or float64", actual);
        }
        long total = 1;
        foreach (int d in shape) total *= d;
        if (total > Array.MaxLength)
            throw new LstmFormatException(FileName, path, "dataset too large", $"at most {Array.MaxLength} elements", total.ToString(CultureInfo.InvariantCulture));
        // A dataspace is only a claim: HDF5 allocates storage lazily, so a tiny file can declare billions of
        // elements (reading returns fill values). Refuse before allocating them: uncompressed data, the only kind
        // read, cannot exceed the file.
        long limit = _hdf5Bytes;
        if (total * type.Size > limit)
            throw new LstmFormatException(FileName, path, "dataset larger than the file can hold (its data was never written, or the file is cut short)",
                $"at most {limit} bytes of data in this {_hdf5Bytes}-byte file", $"{total} elements × {type.Size} bytes ({Shape(shape)})");
        return new DatasetRef(name, path, shape, dataset, type.Size);
    }

    private float[] ReadData(DatasetRef d, LstmLoadOptions options)
    {
        long total = 1;
        foreach (int n in d.Shape) total *= n;
        float[] data = d.Dataset.ReadFloat32();
        if (data.Length != total)
            throw new LstmFormatException(FileName, d.Path, "read a different number of elements than the dataspace declares",
                $"{total} ({Shape(d.Shape)})", data.Length.ToString(CultureInfo.InvariantCulture));
        if (!options.AllowNonFinite)
            for (int k = 0; k < data.Length; k++)
                if (!float.IsFinite(data[k]))
                    throw new LstmFormatException(FileName, d.Path,
                        $"element {k} is {data[k].ToString(CultureInfo.InvariantCulture)}; non-finite weights are rejected (set LstmLoadOptions.AllowNonFinite to accept them)",
                        "finite values", data[k].ToString(CultureInfo.InvariantCulture));
        return data;
    }

    private static string Shape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary>Closes the file (and the stream, when this object opened it).</summary>
    public void Dispose() => _h5.Dispose();
}

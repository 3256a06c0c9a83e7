using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LstmGen.Tool;

/// <summary>One tensor of a file, as listed by inspect.</summary>
internal sealed record TensorEntry(string Name, string DType, IReadOnlyList<long> Shape)
{
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}

/// <summary>
/// The tensors of a PyTorch state_dict stored as safetensors or .npz, and the layer order of its modules (found by
/// <see cref="ModelWeights.DiscoverModules(string)"/>). The file does not record the layer order, so it is the order in
/// which the modules' shapes chain, each module's input being the previous one's output.
/// </summary>
internal static partial class StateDictModules
{
    // Orders are tried exhaustively up to this many modules (8! = 40320 candidate orders).
    private const int MaxPermutedModules = 8;

    /// <summary>The tensors of a safetensors file, in the order of their data.</summary>
    public static List<TensorEntry> ListSafetensors(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return file.Tensors.OrderBy(t => t.DataOffset).Select(t => new TensorEntry(t.Name, t.DType, t.Shape)).ToList();
    }

    /// <summary>The arrays of an .npz, in archive order (numpy.savez keeps the state_dict's order).</summary>
    public static List<TensorEntry> ListNpz(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var list = new List<TensorEntry>();
            foreach (var entry in zip.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                list.Add(NpyHeader(stream, path, entry.FullName));
            }
            return list;
        }
        catch (InvalidDataException e)
        {
            throw new ToolException($"{path}: a damaged .npz archive ({e.Message}).");
        }
    }

    /// <summary>
    /// An .npy entry's name, dtype and shape from its header alone: NpyArray reads float arrays only, and a state_dict
    /// also holds integers (BatchNorm's num_batches_tracked).
    /// </summary>
    private static TensorEntry NpyHeader(Stream stream, string path, string entry)
    {
        var head = new byte[10];
        if (stream.ReadAtLeast(head, 10, throwOnEndOfStream: false) < 10 || !head.AsSpan(0, 6).SequenceEqual(NpyMagic))
            throw new ToolException($"{path}: entry {entry} is not an .npy array.");
        int length = head[6] == 1 ? head[8] | head[9] << 8 : BitConverter.ToInt32(Read(stream, 2, head.AsSpan(8, 2)));
        string header = Encoding.Latin1.GetString(Read(stream, length, []));
        var descr = Regex.Match(header, @"'descr':\s*'([^']*)'");
        var shape = Regex.Match(header, @"'shape':\s*\(([^)]*)\)");
        if (!descr.Success || !shape.Success)
            throw new ToolException($"{path}: entry {entry} has an .npy header without descr or shape.");
        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(long.Parse).ToList();
        return new TensorEntry(entry[..^4], descr.Groups[1].Value, dims);
    }

    private static readonly byte[] NpyMagic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>The bytes already read, then <paramref name="more"/> bytes from the stream.</summary>
    private static byte[] Read(Stream stream, int more, ReadOnlySpan<byte> already)
    {
        var bytes = new byte[already.Length + more];
        already.CopyTo(bytes);
        stream.ReadExactly(bytes, already.Length, more);
        return bytes;
    }

    /// <summary>
    /// The modules in layer order: <paramref name="discovered"/> as it is if the shapes chain that way, else the one
    /// order that chains, else (several chain) the one nearest to the modules' names sorted naturally
    /// ("layers.2" before "layers.10"). <paramref name="note"/> says which rule decided.
    /// </summary>
    public static List<string> Order(string path, IReadOnlyList<StateDictModule> modules, out string note)
    {
        var discovered = modules.Select(m => m.Name).ToList();
        var byName = modules.ToDictionary(m => m.Name, StringComparer.Ordinal);
        if (Chains(discovered, byName))
        {
            note = "the order of the modules in the file";
            return discovered;
        }
        if (discovered.Count > MaxPermutedModules)
            throw new ToolException($"{path}: the {discovered.Count} modules do not chain in the file's order; pass --modules with their names in layer order.");
        var chaining = Permutations(discovered).Where(p => Chains(p, byName)).ToList();
        if (chaining.Count == 0)
            throw new ToolException($"{path}: no order of the modules {string.Join(", ", discovered)} chains (each module's input the previous one's output); pass --modules in layer order.");
        if (chaining.Count == 1)
        {
            note = "the only order in which the modules' shapes chain";
            return chaining[0];
        }
        var natural = discovered.OrderBy(NaturalKey, StringComparer.Ordinal).ToList();
        note = $"{chaining.Count} orders chain; chose the one nearest to the names' order (pass --modules to choose)";
        return chaining.OrderBy(p => Displacement(p, natural)).First();
    }

    private static bool Chains(IReadOnlyList<string> order, Dictionary<string, StateDictModule> modules)
    {
        for (int k = 1; k < order.Count; k++)
            if (modules[order[k]].InputSize != modules[order[k - 1]].OutputSize)
                return false;
        return true;
    }

    private static int Displacement(List<string> order, List<string> reference) =>
        order.Select((m, i) => Math.Abs(reference.IndexOf(m) - i)).Sum();

    /// <summary>Digits zero-padded, so "fc10" sorts after "fc2".</summary>
    private static string NaturalKey(string name) => Regex.Replace(name, @"\d+", d => d.Value.PadLeft(10, '0'));

    private static IEnumerable<List<string>> Permutations(List<string> items)
    {
        if (items.Count <= 1)
        {
            yield return new List<string>(items);
            yield break;
        }
        for (int i = 0; i < items.Count; i++)
        {
            var rest = new List<string>(items);
            rest.RemoveAt(i);
            foreach (var tail in Permutations(rest))
            {
                tail.Insert(0, items[i]);
                yield return tail;
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LstmGen.Loading;

/// <summary>
/// Maps a PyTorch state_dict onto a whole model: each module prefix names an <c>nn.LSTM</c> or <c>nn.GRU</c> (all its
/// layers <c>weight_ih_l0..</c> in order) or an <c>nn.Linear</c> (<c>weight</c> [out, in], optional <c>bias</c> [out]).
/// </summary>
internal static partial class StateDictModel
{
    [GeneratedRegex(@"^(.*)weight_ih_l(\d+)(_reverse)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LstmTensor();

    /// <summary>Normalises a module name to a tensor-name prefix: "fc" and "fc." both give "fc."; "" stays "" (no prefix).</summary>
    public static string Prefix(string module) => module.Length == 0 || module.EndsWith('.') ? module : module + ".";

    public static ModelWeights Load(ITensorSource source, IReadOnlyList<string> modules, LstmLoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(modules);
        options ??= LstmLoadOptions.Default;
        if (modules.Count == 0)
            throw new ArgumentException("modules: name at least one module (e.g. \"lstm\", \"fc\"), in layer order.", nameof(modules));
        var names = new HashSet<string>(source.Names, StringComparer.Ordinal);
        var layers = new List<LayerWeights>();
        foreach (string module in modules)
        {
            ArgumentNullException.ThrowIfNull(module, nameof(modules));
            string p = Prefix(module);
            if (names.Contains(p + "weight_ih_l0"))
            {
                // nn.GRU and nn.LSTM share the names; weight_hh_l0 [3H, H] or [4H, H] tells them apart.
                long[] hh = names.Contains(p + "weight_hh_l0") ? source.GetShape(p + "weight_hh_l0") : Array.Empty<long>();
                bool gru = hh.Length == 2 && hh[1] > 0 && hh[0] == 3 * hh[1];
                bool bidirectional = names.Contains(p + "weight_ih_l0_reverse");
                if (gru && bidirectional)
                    throw new LstmFormatException(source.FileName, p + "weight_ih_l0_reverse",
                        "bidirectional nn.GRU modules are not supported", "a unidirectional nn.GRU, or a bidirectional nn.LSTM");
                for (int k = 0; names.Contains($"{p}weight_ih_l{k}"); k++)
                    layers.Add(gru ? LoadGru(source, p, k, names, options)
                        : bidirectional ? new BidirectionalWeights(StateDictLstm.Load(source, k, p, reverse: false, options), StateDictLstm.Load(source, k, p, reverse: true, options))
                        : StateDictLstm.Load(source, k, p, reverse: false, options));
            }
            else if (names.Contains(p + "weight"))
                layers.Add(LoadLinear(source, p, names, options));
            else
                throw new LstmFormatException(source.FileName, p + "weight", $"module '{module}' is neither an nn.LSTM, an nn.GRU nor an nn.Linear",
                    $"{p}weight_ih_l0 (nn.LSTM, nn.GRU) or {p}weight (nn.Linear)", TensorChecks.DescribeNames(names));
        }
        return new ModelWeights(layers);
    }

    /// <summary>
    /// The modules of a state_dict in order of first appearance, as tensor-name prefixes ("lstm."): nn.LSTM or nn.GRU
    /// (weight_ih_l*) and nn.Linear (2-D weight). The state_dict's order where the container keeps it (JSON, .npz); a
    /// safetensors file's is the order of the tensors' data.
    /// </summary>
    public static List<string> DiscoverModules(ITensorSource source)
    {
        var modules = new List<string>();
        foreach (string name in source.Names)
        {
            string? module = null;
            if (LstmTensor().Match(name) is { Success: true } m)
                module = m.Groups[1].Value;
            else if (name.EndsWith("weight", StringComparison.Ordinal) && (name.Length == 6 || name[^7] == '.') && source.GetShape(name).Length == 2)
                module = name.Substring(0, name.Length - "weight".Length);
            if (module is not null && !modules.Contains(module))
                modules.Add(module);
        }
        if (modules.Count == 0)
            throw new LstmFormatException(source.FileName, null, "no nn.LSTM or nn.Linear weights found",
                "tensors named <module>.weight_ih_l<k> or <module>.weight", TensorChecks.DescribeNames(source.Names));
        return modules;
    }

    /// <summary>
    /// <see cref="DiscoverModules"/> with each module's kind and sizes, from the shapes of <c>weight_ih_l0</c>,
    /// <c>weight_hh_l0</c> (recurrent) or <c>weight</c> (nn.Linear). Shapes that fit no module are refused.
    /// </summary>
    public static List<StateDictModule> Describe(ITensorSource source)
    {
        var names = new HashSet<string>(source.Names, StringComparer.Ordinal);
        var result = new List<StateDictModule>();
        foreach (string p in DiscoverModules(source))
        {
            string name = p.EndsWith('.') ? p[..^1] : p;
            if (!names.Contains(p + "weight_ih_l0"))
            {
                long[] w = source.GetShape(p + "weight");
                if (w[0] < 1 || w[1] < 1 || w[0] > int.MaxValue || w[1] > int.MaxValue)
                    throw new LstmFormatException(source.FileName, p + "weight", "wrong shape for an nn.Linear weight", "[out, in]", TensorChecks.Shape(w));
                result.Add(new StateDictModule(name, StateDictModuleKind.Linear, 1, false, (int)w[1], (int)w[0], (int)w[0]));
                continue;
            }
            long[] ih = source.GetShape(p + "weight_ih_l0");
            long[] hh = names.Contains(p + "weight_hh_l0") ? source.GetShape(p + "weight_hh_l0")
                : throw new LstmFormatException(source.FileName, p + "weight_hh_l0", "tensor not found", $"the recurrent weights of module '{name}'");
            if (hh.Length != 2 || hh[1] < 1 || hh[1] > int.MaxValue / 4 || (hh[0] != 3 * hh[1] && hh[0] != 4 * hh[1]))
                throw new LstmFormatException(source.FileName, p + "weight_hh_l0", "wrong shape for an nn.LSTM or nn.GRU weight_hh", "[4H, H] or [3H, H]",
                    TensorChecks.Shape(hh));
            if (ih.Length != 2 || ih[0] != hh[0] || ih[1] < 1 || ih[1] > int.MaxValue)
                throw new LstmFormatException(source.FileName, p + "weight_ih_l0", "wrong shape for an nn.LSTM or nn.GRU weight_ih", $"[{hh[0]}, I]",
                    TensorChecks.Shape(ih));
            int layers = 0;
            while (names.Contains($"{p}weight_ih_l{layers}"))
                layers++;
            bool bidirectional = names.Contains(p + "weight_ih_l0_reverse");
            int units = (int)hh[1];
            result.Add(new StateDictModule(name, hh[0] == 3 * hh[1] ? StateDictModuleKind.Gru : StateDictModuleKind.Lstm, layers, bidirectional,
                (int)ih[1], units, bidirectional ? 2 * units : units));
        }
        return result;
    }

    private static GruWeights LoadGru(ITensorSource source, string p, int k, HashSet<string> names, LstmLoadOptions options)
    {
        string wIh = $"{p}weight_ih_l{k}", wHh = $"{p}weight_hh_l{k}", bIh = $"{p}bias_ih_l{k}", bHh = $"{p}bias_hh_l{k}";
        if (!names.Contains(wHh))
            throw new LstmFormatException(source.FileName, wHh, "tensor not found", $"nn.GRU layer {k} under prefix '{p}'");
        long[] hh = source.GetShape(wHh), ih = source.GetShape(wIh);
        if (hh.Length != 2 || hh[1] < 1 || hh[0] != 3 * hh[1])
            throw new LstmFormatException(source.FileName, wHh, "wrong shape for an nn.GRU weight_hh", "[3H, H]", TensorChecks.Shape(hh));
        if (ih.Length != 2 || ih[1] < 1 || ih[0] != hh[0] || 4.0 * hh[1] * (ih[1] + hh[1] + 1) > int.MaxValue)
            throw new LstmFormatException(source.FileName, wIh, "wrong shape for an nn.GRU weight_ih", $"[{hh[0]}, I]", TensorChecks.Shape(ih));
        bool hasBias = names.Contains(bIh) || names.Contains(bHh);
        if (hasBias)
            foreach (string b in new[] { bIh, bHh })
                if (!names.Contains(b) || source.GetShape(b) is not [var n] || n != hh[0])
                    throw new LstmFormatException(source.FileName, b, "missing or wrong shape", $"[{hh[0]}]",
                        names.Contains(b) ? TensorChecks.Shape(source.GetShape(b)) : "no such tensor");
        return GruWeights.FromPyTorch((int)ih[1], (int)hh[1], TensorChecks.ReadChecked(source, wIh, options), TensorChecks.ReadChecked(source, wHh, options),
            hasBias ? TensorChecks.ReadChecked(source, bIh, options) : Array.Empty<float>(), hasBias ? TensorChecks.ReadChecked(source, bHh, options) : Array.Empty<float>());
    }

    private static DenseWeights LoadLinear(ITensorSource source, string p, HashSet<string> names, LstmLoadOptions options)
    {
        string weightName = p + "weight", biasName = p + "bias";
        long[] w = source.GetShape(weightName);
        if (w.Length != 2 || w[0] < 1 || w[1] < 1 || w[0] * w[1] > int.MaxValue)
            throw new LstmFormatException(source.FileName, weightName, "wrong shape for an nn.Linear weight", "[out, in]", TensorChecks.Shape(w));
        bool hasBias = names.Contains(biasName);
        if (hasBias && source.GetShape(biasName) is var b && (b.Length != 1 || b[0] != w[0]))
            throw new LstmFormatException(source.FileName, biasName, "wrong shape for an nn.Linear bias", $"[{w[0]}]", TensorChecks.Shape(b));
        float[] weight = TensorChecks.ReadChecked(source, weightName, options);
        float[] bias = hasBias ? TensorChecks.ReadChecked(source, biasName, options) : Array.Empty<float>();
        return DenseWeights.FromPyTorch((int)w[1], (int)w[0], weight, bias);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LstmGen.Loading;

/// <summary>
/// The mirror of <see cref="StateDictModel"/>: a <see cref="ModelWeights"/> as the tensors of a PyTorch state_dict, named
/// after the modules the caller gives. Each module is an <c>nn.LSTM</c> or <c>nn.GRU</c> holding one layer or several
/// stacked ones (<c>weight_ih_l0</c>, <c>_l1</c>, ...), or an <c>nn.Linear</c>.
/// </summary>
internal static class StateDictExport
{
    /// <summary>
    /// The tensors of <paramref name="weights"/> under <paramref name="modules"/>: one module per weighted layer, or one per
    /// group of consecutive layers that one PyTorch module holds (<see cref="Groups"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A module name is null, malformed or repeated, or the count fits neither reading.</exception>
    /// <exception cref="NotSupportedException">A GRU with ResetAfter = false: PyTorch's nn.GRU has no such form.</exception>
    public static List<Float32Tensor> Tensors(ModelWeights weights, IReadOnlyList<string> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var layers = weights.Layers;
        for (int k = 0; k < layers.Count; k++)
            if (layers[k] is GruWeights { ResetAfter: false })
                throw new NotSupportedException($"weights.Layers[{k}]: a GRU with ResetAfter = false (Keras reset_after=False) has no PyTorch nn.GRU form, " +
                    "so it cannot be saved as a state_dict.");
        var prefixes = Prefixes(modules);
        var groups = Groups(layers);
        List<List<int>> assigned;
        if (prefixes.Length == layers.Count)
            assigned = Enumerable.Range(0, layers.Count).Select(k => new List<int> { k }).ToList();
        else if (prefixes.Length == groups.Count)
            assigned = groups;
        else
            throw new ArgumentException($"modules: the weights have {Plural(layers.Count, "weighted layer")} ({weights}); name {layers.Count} modules, " +
                $"one per layer, or {groups.Count}, one per PyTorch module that can hold consecutive layers ({string.Join(", ", groups.Select(g => Describe(layers, g)))}); " +
                $"got {Plural(prefixes.Length, "module name")}.", nameof(modules));

        var tensors = new List<Float32Tensor>();
        for (int m = 0; m < prefixes.Length; m++)
            for (int j = 0; j < assigned[m].Count; j++)
                AddLayer(tensors, prefixes[m], j, layers[assigned[m][j]]);
        return tensors;  // distinct: a name is its module's prefix ("" or ending in '.') and a suffix without dots
    }

    /// <summary>
    /// Consecutive layers one PyTorch module can hold as <c>num_layers</c>: LSTMs (both one- or both bidirectional) or GRUs
    /// of the same Units, each reading what the one before writes. A Dense layer is always a module of its own.
    /// </summary>
    public static List<List<int>> Groups(IReadOnlyList<LayerWeights> layers)
    {
        var groups = new List<List<int>>();
        for (int k = 0; k < layers.Count; k++)
        {
            if (k > 0 && Stacks(layers[k - 1], layers[k]))
                groups[^1].Add(k);
            else
                groups.Add(new List<int> { k });
        }
        return groups;
    }

    private static bool Stacks(LayerWeights below, LayerWeights above) =>
        above.InputSize == below.OutputSize && (below, above) switch
        {
            (LstmWeights a, LstmWeights b) => a.Units == b.Units,
            (BidirectionalWeights a, BidirectionalWeights b) => a.Units == b.Units,
            (GruWeights a, GruWeights b) => a.Units == b.Units,
            _ => false,
        };

    // Each module name as a tensor-name prefix: "lstm" and "lstm." give "lstm.", "" gives "" (names without a prefix).
    private static string[] Prefixes(IReadOnlyList<string> modules)
    {
        if (modules.Count == 0)
            throw new ArgumentException("modules: name at least one module (e.g. \"lstm\", \"fc\"), in layer order.", nameof(modules));
        var prefixes = new string[modules.Count];
        for (int m = 0; m < modules.Count; m++)
        {
            string module = modules[m] ?? throw new ArgumentException($"modules[{m}]: a module name is null.", nameof(modules));
            string prefix = StateDictModel.Prefix(module);
            if (prefix.Length > 0 && prefix[..^1].Split('.').Any(part => part.Length == 0))
                throw new ArgumentException($"modules[{m}]: '{module}' has an empty part between dots; PyTorch names modules like \"lstm\" or \"encoder.lstm\".", nameof(modules));
            int earlier = Array.IndexOf(prefixes, prefix, 0, m);
            if (earlier >= 0)
                throw new ArgumentException($"modules[{m}]: '{module}' names the same module as modules[{earlier}] ('{modules[earlier]}'); each layer needs its own module.", nameof(modules));
            prefixes[m] = prefix;
        }
        return prefixes;
    }

    // Layer j of a module: nn.LSTM (summed bias in bias_ih, −0 in bias_hh), its _reverse direction, nn.GRU, or nn.Linear.
    private static void AddLayer(List<Float32Tensor> tensors, string p, int j, LayerWeights layer)
    {
        switch (layer)
        {
            case LstmWeights lstm:
                AddLstm(tensors, p, $"_l{j}", lstm);
                break;
            case BidirectionalWeights both:
                AddLstm(tensors, p, $"_l{j}", both.Forward);
                AddLstm(tensors, p, $"_l{j}_reverse", both.Backward);
                break;
            case GruWeights gru:
                int g3 = 3 * gru.Units;
                tensors.Add(new($"{p}weight_ih_l{j}", [g3, gru.Input], gru.WeightIhArray));
                tensors.Add(new($"{p}weight_hh_l{j}", [g3, gru.Units], gru.WeightHhArray));
                tensors.Add(new($"{p}bias_ih_l{j}", [g3], gru.BiasIhArray));
                tensors.Add(new($"{p}bias_hh_l{j}", [g3], gru.BiasHhArray));
                break;
            case DenseWeights dense:
                tensors.Add(new(p + "weight", [dense.Units, dense.Input], dense.Weight.ToArray()));
                tensors.Add(new(p + "bias", [dense.Units], dense.Bias.ToArray()));
                break;
            default:
                throw new NotSupportedException($"{layer.Kind} weights have no PyTorch state_dict form.");
        }
    }

    // The summed bias goes to bias_ih; bias_hh holds −0.0, the zero for which bias_ih + bias_hh is bias_ih bit for bit
    // (+0.0 would turn a −0.0 bias into +0.0), so the loader's sum gives back exactly the bias saved.
    private static void AddLstm(List<Float32Tensor> tensors, string p, string suffix, LstmWeights lstm)
    {
        int g4 = 4 * lstm.Units;
        var negativeZeros = new float[g4];
        Array.Fill(negativeZeros, -0f);
        tensors.Add(new($"{p}weight_ih{suffix}", [g4, lstm.Input], lstm.WeightIhArray));
        tensors.Add(new($"{p}weight_hh{suffix}", [g4, lstm.Units], lstm.WeightHhArray));
        tensors.Add(new($"{p}bias_ih{suffix}", [g4], lstm.BiasArray));
        tensors.Add(new($"{p}bias_hh{suffix}", [g4], negativeZeros));
    }

    // "nn.LSTM(7, 16, num_layers=2)", "nn.LSTM(4, 6, bidirectional=True)", "nn.GRU(5, 12)", "nn.Linear(16, 2)".
    private static string Describe(IReadOnlyList<LayerWeights> layers, List<int> group)
    {
        var first = layers[group[0]];
        string stacked = group.Count > 1 ? $", num_layers={group.Count}" : "";
        string sizes = string.Create(CultureInfo.InvariantCulture, $"{first.InputSize}, {(first is BidirectionalWeights b ? b.Units : first.OutputSize)}");
        return first switch
        {
            LstmWeights => $"nn.LSTM({sizes}{stacked})",
            BidirectionalWeights => $"nn.LSTM({sizes}{stacked}, bidirectional=True)",
            GruWeights => $"nn.GRU({sizes}{stacked})",
            _ => $"nn.Linear({sizes})",
        };
    }

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen.Loading;

/// <summary>Maps PyTorch <c>nn.LSTM</c> state_dict names onto <see cref="LstmWeights"/>.</summary>
internal static class StateDictLstm
{
    /// <summary>
    /// Loads layer <paramref name="layer"/> of an <c>nn.LSTM</c>: <c>{prefix}weight_ih_l{k}</c>, <c>weight_hh_l{k}</c>,
    /// <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, with the <c>_reverse</c> suffix for the backward direction.
    /// A null <paramref name="prefix"/> finds the module prefix itself when exactly one LSTM has that layer.
    /// </summary>
    public static LstmWeights Load(ITensorSource source, int layer, string? prefix, bool reverse, LstmLoadOptions? options)
    {
        options ??= LstmLoadOptions.Default;
        if (layer < 0)
            throw new ArgumentOutOfRangeException(nameof(layer), layer, "layer must be 0 or more.");
        string suffix = $"_l{layer}" + (reverse ? "_reverse" : "");
        string file = source.FileName;

        prefix ??= FindPrefix(source, suffix);
        string wIhName = prefix + "weight_ih" + suffix, wHhName = prefix + "weight_hh" + suffix;
        string bIhName = prefix + "bias_ih" + suffix, bHhName = prefix + "bias_hh" + suffix;
        var names = new HashSet<string>(source.Names, StringComparer.Ordinal);
        foreach (var required in new[] { wIhName, wHhName })
            if (!names.Contains(required))
                throw new LstmFormatException(file, required, "tensor not found",
                    expected: $"an nn.LSTM layer {layer}{(reverse ? " (reverse)" : "")} under prefix '{prefix}'",
                    actual: TensorChecks.DescribeNames(names));
        if (names.Contains(prefix + "weight_hr" + suffix))
            throw new LstmFormatException(file, prefix + "weight_hr" + suffix,
                "LSTMs with proj_size (a projected hidden state) are not supported");

        // Shapes first: weight_hh is [4H, H], weight_ih [4H, I], biases [4H].
        long[] hh = source.GetShape(wHhName);
        if (hh.Length != 2 || hh[0] != 4 * hh[1] || hh[1] < 1)
            throw new LstmFormatException(file, wHhName, "wrong shape", "[4H, H]", TensorChecks.Shape(hh));
        long[] ih = source.GetShape(wIhName);
        if (ih.Length != 2 || ih[0] != 4 * hh[1] || ih[1] < 1)
            throw new LstmFormatException(file, wIhName, "wrong shape", $"[{4 * hh[1]}, I]", TensorChecks.Shape(ih));
        // What LstmWeights can hold, checked before any data is read (a header may claim any shape).
        if (4.0 * hh[1] * ((double)ih[1] + hh[1] + 1) > int.MaxValue)
            throw new LstmFormatException(file, wHhName, "layer too large", $"4·H·(I+H+1) ≤ {int.MaxValue} parameters",
                $"H = {hh[1]}, I = {ih[1]}");
        int units = (int)hh[1], input = (int)ih[1];
        bool hasBias = names.Contains(bIhName) || names.Contains(bHhName);
        if (hasBias)
            foreach (var bias in new[] { bIhName, bHhName })
            {
                if (!names.Contains(bias))
                    throw new LstmFormatException(file, bias, "tensor not found (the other bias exists)", expected: $"[{4 * units}]");
                long[] b = source.GetShape(bias);
                if (b.Length != 1 || b[0] != 4L * units)
                    throw new LstmFormatException(file, bias, "wrong shape", $"[{4 * units}]", TensorChecks.Shape(b));
            }

        float[] wIh = TensorChecks.ReadChecked(source, wIhName, options), wHh = TensorChecks.ReadChecked(source, wHhName, options);
        float[] bIh = hasBias ? TensorChecks.ReadChecked(source, bIhName, options) : Array.Empty<float>();
        float[] bHh = hasBias ? TensorChecks.ReadChecked(source, bHhName, options) : Array.Empty<float>();
        return LstmWeights.FromPyTorch(input, units, wIh, wHh, bIh, bHh);
    }

    private static string FindPrefix(ITensorSource source, string suffix)
    {
        string key = "weight_ih" + suffix;
        var prefixes = source.Names.Where(n => n.EndsWith(key, StringComparison.Ordinal))
            .Select(n => n.Substring(0, n.Length - key.Length)).Distinct().ToList();
        return prefixes.Count switch
        {
            1 => prefixes[0],
            0 => throw new LstmFormatException(source.FileName, "*" + key, "no nn.LSTM weights found",
                expected: $"a tensor named <prefix>{key}", actual: TensorChecks.DescribeNames(source.Names)),
            _ => throw new LstmFormatException(source.FileName, "*" + key, "several LSTM modules match; pass the prefix",
                expected: "one of " + string.Join(", ", prefixes.Select(p => $"'{p}'")), actual: $"{prefixes.Count} candidates"),
        };
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LstmGen.Loading;

/// <summary>
/// Maps an ONNX <c>LSTM</c> node (default domain; LSTM-1, -7 and -14 alike) onto <see cref="LstmWeights"/>:
/// W [D, 4H, I], R [D, 4H, H] and optional B [D, 8H] from constants, gates i, o, f, c, one direction at a time.
/// Everything the LstmGen kernel cannot compute is refused by name rather than silently dropped. The attribute and
/// input checks are shared with <see cref="OnnxGru"/>.
/// </summary>
internal static class OnnxLstm
{
    private const string KnownAttributes = "direction, hidden_size, activations, activation_alpha, activation_beta, clip, input_forget, layout, output_sequence";
    private const string KnownGruAttributes = "direction, hidden_size, activations, activation_alpha, activation_beta, clip, layout, linear_before_reset";

    // AttributeProto.AttributeType values.
    private const long TypeFloat = 1, TypeInt = 2, TypeString = 3, TypeFloats = 6, TypeStrings = 8;

    public static IEnumerable<OnnxNode> LstmNodes(OnnxModel model) =>
        model.Nodes.Where(n => n.OpType == "LSTM" && n.IsDefaultDomain);

    /// <summary>Loads direction <paramref name="direction"/> of the <paramref name="node"/>-th LSTM node.</summary>
    public static LstmWeights Load(OnnxModel model, int node, int direction, LstmLoadOptions options)
    {
        string? file = model.FileName;
        var lstms = LstmNodes(model).ToList();
        if (lstms.Count == 0)
            throw new LstmFormatException(file, null, "the graph has no LSTM node", "an LSTM node (default ONNX domain)",
                model.Nodes.Count == 0 ? "an empty graph"
                    : $"{model.Nodes.Count} nodes: " + string.Join(", ", model.Nodes.Select(n => n.IsDefaultDomain ? n.OpType : $"{n.Domain}:{n.OpType}").Distinct().Take(12)));
        if (node >= lstms.Count)
            throw new LstmFormatException(file, null, $"there is no LSTM node {node}", $"node < {lstms.Count}",
                $"{lstms.Count} LSTM node{(lstms.Count == 1 ? "" : "s")}: " + string.Join(", ", lstms.Take(12).Select(n => $"'{n.Name}'")));

        return Load(model, lstms[node], $"LSTM node {node} ('{lstms[node].Name}')", direction, options);
    }

    /// <summary>Loads direction <paramref name="direction"/> of LSTM node <paramref name="n"/>; <paramref name="who"/> names it in errors.</summary>
    public static LstmWeights Load(OnnxModel model, OnnxNode n, string who, int direction, LstmLoadOptions options)
    {
        string? file = model.FileName;
        var attrs = ReadAttributes(model, n, who);
        int d = attrs.Directions;
        if (direction >= d)
            throw new LstmFormatException(file, "direction", $"{who} has one direction ({attrs.Direction}), so no direction {direction}",
                d == 1 ? "direction 0" : "direction 0 or 1", $"direction {direction}");
        CheckSupported(file, attrs, direction, who);
        if (n.Inputs.Length > 8)
            throw new LstmFormatException(file, null, $"{who} has more inputs than the LSTM operator defines", "at most 8", n.Inputs.Length.ToString(CultureInfo.InvariantCulture));

        var (input, units, w, r, b) = ReadGateTensors(model, n, who, attrs, direction, gates: 4, options);
        return LstmWeights.FromOnnx(input, units, w, r, b);
    }

    /// <summary>
    /// Direction <paramref name="direction"/> of a recurrent node's W [D, G·H, I], R [D, G·H, H] and optional
    /// B [D, 2·G·H] (G = <paramref name="gates"/>: 4 for LSTM, 3 for GRU), in ONNX's layout and gate order, after
    /// checking every shape and byte count and refusing non-zero peepholes and initial states.
    /// </summary>
    internal static (int Input, int Units, float[] W, float[] R, float[] B) ReadGateTensors(OnnxModel model, OnnxNode n, string who,
        LstmAttributes attrs, int direction, int gates, LstmLoadOptions options)
    {
        string? file = model.FileName;
        int d = attrs.Directions;
        // Shapes first: R gives H (or is checked against hidden_size), W gives I, B must follow.
        var rT = Required(model, n, 2, "R", who);
        CheckRank(file, rT, 3, "R", who, $"[{d}, {gates}·H, H]");
        long h;
        if (attrs.HiddenSize is { } hs)
        {
            h = hs;
            if (rT.Dims[0] != d || rT.Dims[1] != gates * hs || rT.Dims[2] != hs)
                throw new LstmFormatException(file, rT.ValueName, $"input R of {who} does not fit hidden_size = {hs} and direction = {attrs.Direction}",
                    $"[{d}, {gates * hs}, {hs}]", TensorChecks.Shape(rT.Dims));
        }
        else
        {
            h = rT.Dims[2];
            if (rT.Dims[0] != d || h < 1 || h > int.MaxValue / 8 || rT.Dims[1] != gates * h)
                throw new LstmFormatException(file, rT.ValueName, $"input R of {who} is not shaped [num_directions, {gates}·H, H] (the node has no hidden_size)",
                    $"[{d}, {gates}·H, H]", TensorChecks.Shape(rT.Dims));
        }
        int units = (int)h;

        var wT = Required(model, n, 1, "W", who);
        CheckRank(file, wT, 3, "W", who, $"[{d}, {(long)gates * units}, I]");
        long inputSize = wT.Dims[2];
        if (wT.Dims[0] != d || wT.Dims[1] != (long)gates * units || inputSize < 1 || inputSize > int.MaxValue)
            throw new LstmFormatException(file, wT.ValueName, $"input W of {who} is not shaped [num_directions, {gates}·H, input_size]",
                $"[{d}, {(long)gates * units}, I] with I ≥ 1", TensorChecks.Shape(wT.Dims));
        int input = (int)inputSize;
        long parameters = (long)gates * units * (input + (long)units + 1);
        if (parameters > int.MaxValue)
            throw new LstmFormatException(file, wT.ValueName, $"{who} is too large for LstmWeights (input_size = {input}, hidden_size = {units})",
                $"{gates}·H·(I+H+1) ≤ {int.MaxValue} parameters", $"{parameters}");

        OnnxTensor? bT = Optional(model, n, 3, "B", who);
        if (bT is not null)
        {
            CheckRank(file, bT, 2, "B", who, $"[{d}, {2L * gates * units}]");
            if (bT.Dims[0] != d || bT.Dims[1] != 2L * gates * units)
                throw new LstmFormatException(file, bT.ValueName, $"input B of {who} is not shaped [num_directions, {2 * gates}·H]",
                    $"[{d}, {2L * gates * units}]", TensorChecks.Shape(bT.Dims));
        }

        // Every byte count checked before anything is converted.
        long gateRows = (long)gates * units;
        model.CheckData(wT, d * gateRows * input, $"input W of {who}");
        model.CheckData(rT, d * gateRows * units, $"input R of {who}");
        if (bT is not null)
            model.CheckData(bT, d * 2 * gateRows, $"input B of {who}");

        // Optional inputs whose effect the kernel cannot reproduce: accepted when absent, computed at
        // run time (the caller's business), or stored as zeros.
        if (gates == 4)
            RequireZeros(model, n, 7, "P", who, units, d, "peephole weights (input P) are not supported by the LstmGen kernel");
        RequireZeros(model, n, 5, "initial_h", who, units, d, "a non-zero initial hidden state (input initial_h) is not supported: LstmGen layers start from zero");
        RequireZeros(model, n, 6, "initial_c", who, units, d, "a non-zero initial cell state (input initial_c) is not supported: LstmGen layers start from zero");

        var w = new float[gateRows * input];
        var r = new float[gateRows * units];
        var b = bT is null ? Array.Empty<float>() : new float[2 * gateRows];
        model.Decode(wT, direction * w.LongLength, w);
        model.Decode(rT, direction * r.LongLength, r);
        if (bT is not null)
            model.Decode(bT, direction * b.LongLength, b);
        if (!options.AllowNonFinite)
        {
            TensorChecks.CheckFinite(w, file, wT.ValueName);
            TensorChecks.CheckFinite(r, file, rT.ValueName);
            if (bT is not null)
                TensorChecks.CheckFinite(b, file, bT.ValueName);
        }
        return (input, units, w, r, b);
    }

    /// <summary>Every LSTM node with what can be told without loading it.</summary>
    public static IReadOnlyList<OnnxLstmNode> List(OnnxModel model)
    {
        var list = new List<OnnxLstmNode>();
        int index = 0;
        foreach (var n in LstmNodes(model))
        {
            string direction = "forward";
            long? hiddenSize = null;
            foreach (var slice in n.Attributes)
            {
                var a = ReadAttribute(model, slice, n);
                if (a.Name == "direction" && a.S is not null) direction = a.S;
                else if (a.Name == "hidden_size" && a.I is { } i) hiddenSize = i;
            }
            int directions = direction == "bidirectional" ? 2 : 1;
            long[]? w = ConstantDims(model, n.Input(1)), r = ConstantDims(model, n.Input(2));
            long? units = hiddenSize ?? (r is { Length: 3 } ? r[2] : null);
            long? input = w is { Length: 3 } ? w[2] : null;
            list.Add(new OnnxLstmNode(index++, n.Name, direction, directions, AsSize(input), AsSize(units)));
        }
        return list;
    }

    private static int? AsSize(long? v) => v is >= 1 and <= int.MaxValue ? (int)v.Value : null;

    private static long[]? ConstantDims(OnnxModel model, string name) =>
        name.Length > 0 && model.TryGetConstant(name, out var c) ? model.ReadTensor(c, name).Dims : null;

    // ---- Attributes ----

    internal sealed class LstmAttributes
    {
        public long LinearBeforeReset;
        public string Direction = "forward";
        public int Directions = 1;
        public long? HiddenSize;
        public float? Clip;
        public List<string>? Activations;
        public long InputForget;
        public long Layout;
    }

    internal static OnnxAttribute ReadAttribute(OnnxModel model, ProtoSlice slice, OnnxNode n)
    {
        try
        {
            return model.ReadAttribute(slice);
        }
        catch (ProtoFormatException e)
        {
            throw OnnxModel.Malformed(model.FileName, null, $"an attribute of node '{n.Name}'", e);
        }
    }

    /// <summary>The attributes of an LSTM or (<see cref="OnnxNode.OpType"/> "GRU") GRU node, each known one type-checked.</summary>
    internal static LstmAttributes ReadAttributes(OnnxModel model, OnnxNode n, string who)
    {
        bool gru = n.OpType == "GRU";
        string? file = model.FileName;
        var result = new LstmAttributes();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var slice in n.Attributes)
        {
            var a = ReadAttribute(model, slice, n);
            if (!seen.Add(a.Name))
                throw new LstmFormatException(file, a.Name, $"{who} has attribute '{a.Name}' twice", "each attribute once", "two");
            switch (a.Name)
            {
                case "direction":
                    CheckType(file, a, TypeString, "STRING", who);
                    result.Direction = a.S ?? "";
                    result.Directions = result.Direction switch
                    {
                        "forward" or "reverse" => 1,
                        "bidirectional" => 2,
                        _ => throw new LstmFormatException(file, "direction", $"{who} has an unknown direction",
                            "forward, reverse or bidirectional", $"'{a.S}'"),
                    };
                    break;
                case "hidden_size":
                    CheckType(file, a, TypeInt, "INT", who);
                    long hs = a.I ?? 0;
                    if (hs < 1 || hs > int.MaxValue / 8)
                        throw new LstmFormatException(file, "hidden_size", $"{who} has an invalid hidden_size",
                            $"1 .. {int.MaxValue / 8}", hs.ToString(CultureInfo.InvariantCulture));
                    result.HiddenSize = hs;
                    break;
                case "clip":
                    CheckType(file, a, TypeFloat, "FLOAT", who);
                    result.Clip = a.F ?? 0f;
                    break;
                case "activations":
                    CheckType(file, a, TypeStrings, "STRINGS", who);
                    result.Activations = a.Strings;
                    break;
                case "activation_alpha" or "activation_beta":
                    // Parameters of Affine, LeakyRelu, ScaledTanh, ...; Sigmoid and Tanh (all that is
                    // accepted below) take none, so the values cannot change the result.
                    CheckType(file, a, TypeFloats, "FLOATS", who);
                    break;
                case "linear_before_reset" when gru:
                    CheckType(file, a, TypeInt, "INT", who);
                    result.LinearBeforeReset = a.I ?? 0;
                    break;
                case "input_forget" when !gru:
                    CheckType(file, a, TypeInt, "INT", who);
                    result.InputForget = a.I ?? 0;
                    break;
                case "layout":
                    CheckType(file, a, TypeInt, "INT", who);
                    result.Layout = a.I ?? 0;
                    break;
                case "output_sequence" when !gru:
                    // LSTM-1 only: whether Y is produced at all. Says nothing about the weights.
                    CheckType(file, a, TypeInt, "INT", who);
                    break;
                default:
                    throw new LstmFormatException(file, a.Name, $"{who} has an attribute this loader does not know, so it cannot tell what the node computes",
                        gru ? KnownGruAttributes : KnownAttributes, $"'{a.Name}'");
            }
        }
        return result;
    }

    private static void CheckType(string? file, OnnxAttribute a, long type, string typeName, string who)
    {
        if (a.Type is { } t && t != type)
            throw new LstmFormatException(file, a.Name, $"attribute '{a.Name}' of {who} has the wrong type", typeName, $"AttributeType {t}");
    }

    /// <summary>Refuses what the kernels cannot compute: clip, input_forget, activations other than the defaults.</summary>
    internal static void CheckSupported(string? file, LstmAttributes attrs, int direction, string who, bool gru = false)
    {
        if (attrs.Clip is { } clip && !float.IsPositiveInfinity(clip))
            throw new LstmFormatException(file, "clip", $"{who} clips the cell input (attribute clip), which the LstmGen kernel does not do",
                "no clip attribute", $"clip = {clip.ToString(CultureInfo.InvariantCulture)}");
        if (attrs.InputForget != 0)
            throw new LstmFormatException(file, "input_forget", attrs.InputForget == 1
                    ? $"{who} couples the input and forget gates (input_forget = 1), which the LstmGen kernel does not do"
                    : $"{who} has an invalid input_forget",
                "input_forget = 0", $"input_forget = {attrs.InputForget}");
        // layout only says whether X, Y and the states are [seq, batch, ...] (0) or [batch, seq, ...] (1);
        // W, R, B, P have the same shape either way, and LstmGen layers take one sequence at a time.
        if (attrs.Layout is not (0 or 1))
            throw new LstmFormatException(file, "layout", $"{who} has an invalid layout", "0 or 1", $"layout = {attrs.Layout}");
        if (attrs.Activations is { } acts)
        {
            string[] want = gru ? ["Sigmoid", "Tanh"] : ["Sigmoid", "Tanh", "Tanh"];
            int expected = want.Length * attrs.Directions;
            if (acts.Count != expected)
                throw new LstmFormatException(file, "activations", $"{who} lists the wrong number of activations ({(gru ? "f, g" : "f, g, h")} per direction)",
                    $"{expected} names", $"{acts.Count}: " + string.Join(", ", acts));
            var mine = acts.Skip(want.Length * direction).Take(want.Length).ToArray();
            for (int k = 0; k < want.Length; k++)
                if (!string.Equals(mine[k], want[k], StringComparison.OrdinalIgnoreCase))
                    throw new LstmFormatException(file, "activations",
                        $"{who} uses activations the LstmGen kernel does not compute (it has σ for the gates and tanh for the {(gru ? "candidate" : "cell and output")})",
                        string.Join(", ", want), string.Join(", ", mine));
        }
    }

    // ---- Inputs ----

    internal static OnnxTensor Required(OnnxModel model, OnnxNode n, int index, string role, string who) =>
        Optional(model, n, index, role, who)
        ?? throw new LstmFormatException(model.FileName, role, $"{who} has no input {role} (input {index})",
            $"the name of a {role} initializer", "no input");

    internal static OnnxTensor? Optional(OnnxModel model, OnnxNode n, int index, string role, string who)
    {
        string name = n.Input(index);
        if (name.Length == 0)
            return null;
        if (!model.TryGetConstant(name, out var constant))
        {
            string why = model.DescribeNonConstant(name);
            string hint = why.StartsWith("the output", StringComparison.Ordinal)
                ? "; only weights stored in the file can be loaded (from PyTorch: torch.onnx.export(..., do_constant_folding=True))"
                : why.StartsWith("a graph input", StringComparison.Ordinal)
                    ? "; only weights stored in the file can be loaded (from PyTorch: torch.onnx.export(..., export_params=True))"
                    : "";
            throw new LstmFormatException(model.FileName, name, $"input {role} of {who} is not a constant{hint}",
                "a graph initializer or Constant node", why);
        }
        var t = model.ReadTensor(constant, name);
        if (t.TooManyDims)
            throw new LstmFormatException(model.FileName, name, $"input {role} of {who} has too many dims",
                $"at most {OnnxModel.MaxRank}", $"more than {OnnxModel.MaxRank}");
        return t;
    }

    internal static void CheckRank(string? file, OnnxTensor t, int rank, string role, string who, string expected)
    {
        if (t.Dims.Length != rank)
            throw new LstmFormatException(file, t.ValueName, $"input {role} of {who} has rank {t.Dims.Length}", expected, TensorChecks.Shape(t.Dims));
    }

    /// <summary>
    /// An optional input the kernel cannot honour: fine if absent or not a constant (fed at run time),
    /// otherwise it must be a well-shaped constant of zeros.
    /// </summary>
    internal static void RequireZeros(OnnxModel model, OnnxNode n, int index, string role, string who, int units, int d, string problem)
    {
        string name = n.Input(index);
        if (name.Length == 0 || !model.TryGetConstant(name, out _))
            return;
        var t = Optional(model, n, index, role, who)!;
        bool peephole = role == "P";
        bool shapeOk = peephole
            ? t.Dims.Length == 2 && t.Dims[0] == d && t.Dims[1] == 3L * units
            : t.Dims.Length == 3 && t.Dims[0] == d && t.Dims[1] >= 0 && t.Dims[2] == units;
        if (!shapeOk || !OnnxModel.TryElementCount(t.Dims, out long count))
            throw new LstmFormatException(model.FileName, name, $"input {role} of {who} has the wrong shape",
                peephole ? $"[{d}, {3L * units}]" : $"[{d}, batch, {units}]", TensorChecks.Shape(t.Dims));
        model.CheckData(t, count, $"input {role} of {who}");
        // CheckData matched count against the bytes present, so this is at most a few times the file size.
        var values = new float[count];
        model.Decode(t, 0, values);
        for (int k = 0; k < values.Length; k++)
            if (values[k] != 0f)
                throw new LstmFormatException(model.FileName, name, $"{who}: {problem}",
                    $"no {role} input, or all zeros", $"element {k} = {values[k].ToString(CultureInfo.InvariantCulture)}");
    }
}

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;

namespace LstmGen.Loading;

/// <summary>
/// The parts of an ONNX <c>ModelProto</c> a weights loader needs, read with <see cref="ProtoReader"/>:
/// the main graph's nodes (op type, domain, name, inputs, outputs, attribute positions), where each
/// constant value lives (graph initializers and <c>Constant</c> nodes' <c>value</c> tensors), and the
/// graph's inputs. Tensors and attributes stay unparsed byte ranges until asked for, so nothing is
/// allocated for weights the caller does not load.
/// </summary>
/// <remarks>
/// Field numbers are those of onnx.proto (ModelProto.graph = 7; GraphProto node = 1, name = 2,
/// initializer = 5, input = 11; NodeProto input = 1, output = 2, name = 3, op_type = 4, attribute = 5,
/// domain = 7; AttributeProto name = 1, f = 2, i = 3, s = 4, t = 5, floats = 7, ints = 8, strings = 9,
/// type = 20; TensorProto dims = 1, data_type = 2, segment = 3, float_data = 4, int32_data = 5,
/// string_data = 6, int64_data = 7, name = 8, raw_data = 9, double_data = 10, uint64_data = 11,
/// external_data = 13, data_location = 14; ValueInfoProto name = 1; StringStringEntryProto key = 1,
/// value = 2). Only the top-level graph is read: subgraphs (If/Loop/Scan bodies) and model-local
/// functions are skipped.
/// </remarks>
internal sealed class OnnxModel
{
    /// <summary>TensorProto.DataType values this loader converts to float32.</summary>
    public const int Float = 1, Float16 = 10, Double = 11, BFloat16 = 16;

    /// <summary>Most dims a tensor may list; more is refused (ONNX LSTM tensors have 2 or 3).</summary>
    public const int MaxRank = 64;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly Dictionary<string, OnnxConstant> _constants;
    private readonly Dictionary<string, OnnxNode> _producers;
    private readonly HashSet<string> _graphInputs;

    private OnnxModel(ReadOnlyMemory<byte> data, string? fileName, List<OnnxNode> nodes,
        Dictionary<string, OnnxConstant> constants, HashSet<string> graphInputs)
    {
        _data = data;
        FileName = fileName;
        Nodes = nodes;
        _constants = constants;
        _graphInputs = graphInputs;
        _producers = new Dictionary<string, OnnxNode>(StringComparer.Ordinal);
        foreach (var node in nodes)
            foreach (var output in node.Outputs)
                if (output.Length > 0)
                    _producers.TryAdd(output, node);
    }

    /// <summary>The file or stream name for error messages.</summary>
    public string? FileName { get; }

    /// <summary>The main graph's nodes in graph order.</summary>
    public IReadOnlyList<OnnxNode> Nodes { get; }

    public ReadOnlySpan<byte> Data => _data.Span;

    /// <summary>Reads the model's structure. Throws <see cref="LstmFormatException"/> for malformed bytes.</summary>
    public static OnnxModel Parse(ReadOnlyMemory<byte> data, string? fileName)
    {
        string where = "ModelProto";
        try
        {
            var span = data.Span;
            var model = new ProtoReader(span);
            ProtoSlice? graph = null;
            bool anyField = false;
            while (model.TryReadTag(out int field, out var wire))
            {
                anyField = true;
                if (field == 7 && wire == WireType.LengthDelimited)
                {
                    if (graph is not null)
                        throw new LstmFormatException(fileName, null, "ModelProto holds two graph fields", "one graph", "two");
                    graph = model.ReadLengthDelimited();
                }
                else
                    SkipUnknown(ref model, field, wire, "ModelProto", 7);
            }
            if (graph is null)
                throw new LstmFormatException(fileName, null, "not an ONNX model: no graph (ModelProto field 7)",
                    "an ONNX ModelProto with a graph", anyField ? $"{data.Length} bytes of protobuf without one" : $"{data.Length} bytes and no fields");

            where = "graph";
            var nodeSlices = new List<ProtoSlice>();
            var initializers = new List<ProtoSlice>();
            var graphInputs = new HashSet<string>(StringComparer.Ordinal);
            var g = new ProtoReader(span, graph.Value);
            while (g.TryReadTag(out int field, out var wire))
            {
                switch (field, wire)
                {
                    case (1, WireType.LengthDelimited): nodeSlices.Add(g.ReadLengthDelimited()); break;
                    case (5, WireType.LengthDelimited): initializers.Add(g.ReadLengthDelimited()); break;
                    case (11, WireType.LengthDelimited):
                        where = $"graph.input[{graphInputs.Count}]";
                        var vi = g.ReadMessage();
                        while (vi.TryReadTag(out int f, out var w))
                        {
                            if (f == 1 && w == WireType.LengthDelimited) graphInputs.Add(vi.ReadString());
                            else vi.Skip(f, w);
                        }
                        where = "graph";
                        break;
                    default: SkipUnknown(ref g, field, wire, "GraphProto", 1, 5, 11); break;
                }
            }

            var constants = new Dictionary<string, OnnxConstant>(StringComparer.Ordinal);
            for (int k = 0; k < initializers.Count; k++)
            {
                where = $"graph.initializer[{k}]";
                string name = ReadTensorName(span, initializers[k]);
                if (name.Length == 0)
                    throw new LstmFormatException(fileName, null, $"graph initializer #{k} has no name", "a name", "\"\"");
                if (!constants.TryAdd(name, new OnnxConstant(initializers[k], "initializer")))
                    throw new LstmFormatException(fileName, name, "two graph initializers have this name",
                        "unique initializer names", $"initializers #{IndexOf(constants[name], initializers)} and #{k}");
            }

            var nodes = new List<OnnxNode>(nodeSlices.Count);
            for (int k = 0; k < nodeSlices.Count; k++)
            {
                where = $"graph.node[{k}]";
                var node = ReadNode(span, nodeSlices[k], k);
                nodes.Add(node);
                if (node.OpType == "Constant" && node.IsDefaultDomain && node.Outputs.Length == 1 && node.Outputs[0].Length > 0)
                {
                    where = $"graph.node[{k}] ('{node.Name}').attribute";
                    OnnxAttribute? value = null;
                    foreach (var slice in node.Attributes)
                    {
                        var a = ReadAttribute(span, slice);
                        if (a.Name == "value" && a.Tensor is not null) value = a;
                    }
                    if (value is not null)
                    {
                        string output = node.Outputs[0];
                        if (constants.TryGetValue(output, out var other))
                            throw new LstmFormatException(fileName, output, "two constants have this name",
                                "unique value names", $"{other.Origin} and Constant node '{node.Name}'");
                        constants.Add(output, new OnnxConstant(value.Tensor!.Value, $"Constant node '{node.Name}'"));
                    }
                }
            }
            return new OnnxModel(data, fileName, nodes, constants, graphInputs);
        }
        catch (ProtoFormatException e)
        {
            throw Malformed(fileName, null, where, e);
        }
    }

    private static int IndexOf(OnnxConstant c, List<ProtoSlice> slices) => slices.IndexOf(c.Tensor);

    /// <summary>The exception for a protobuf fault found while reading <paramref name="where"/>.</summary>
    public static LstmFormatException Malformed(string? fileName, string? tensor, string where, ProtoFormatException e) =>
        new(fileName, tensor, $"malformed protobuf in {where}", "a well-formed ONNX ModelProto", e.Message, e);

    /// <summary>The constant (initializer or Constant node tensor) named <paramref name="name"/>, if there is one.</summary>
    public bool TryGetConstant(string name, out OnnxConstant constant) => _constants.TryGetValue(name, out constant);

    /// <summary>Why <paramref name="name"/> is not a constant: a graph input, another node's output, or absent.</summary>
    public string DescribeNonConstant(string name)
    {
        if (_producers.TryGetValue(name, out var node))
            return $"the output of node '{node.Name}' ({node.OpType}), computed at run time";
        if (_graphInputs.Contains(name))
            return "a graph input, fed at run time";
        return "no initializer, Constant node or graph input has this name";
    }

    /// <summary>Reads a node's attribute.</summary>
    public OnnxAttribute ReadAttribute(ProtoSlice slice) => ReadAttribute(Data, slice);

    /// <summary>Reads a constant's tensor header (shape, type, where its data is), not the data.</summary>
    public OnnxTensor ReadTensor(OnnxConstant constant, string valueName)
    {
        try
        {
            return ReadTensorHeader(Data, constant.Tensor, valueName, constant.Origin);
        }
        catch (ProtoFormatException e)
        {
            throw Malformed(FileName, valueName, $"the tensor of {constant.Origin} '{valueName}'", e);
        }
    }

    // ---- Nodes and attributes ----

    private static OnnxNode ReadNode(ReadOnlySpan<byte> span, ProtoSlice slice, int index)
    {
        var r = new ProtoReader(span, slice);
        var inputs = new List<string>();
        var outputs = new List<string>();
        var attributes = new List<ProtoSlice>();
        string name = "", opType = "", domain = "";
        while (r.TryReadTag(out int field, out var wire))
        {
            switch (field, wire)
            {
                case (1, WireType.LengthDelimited): inputs.Add(r.ReadString()); break;
                case (2, WireType.LengthDelimited): outputs.Add(r.ReadString()); break;
                case (3, WireType.LengthDelimited): name = r.ReadString(); break;
                case (4, WireType.LengthDelimited): opType = r.ReadString(); break;
                case (5, WireType.LengthDelimited):
                    var a = r.ReadLengthDelimited();
                    if (a.Depth > r.MaxDepth)
                        throw new ProtoFormatException(a.Start, $"messages nested deeper than {r.MaxDepth} levels");
                    attributes.Add(a);
                    break;
                case (7, WireType.LengthDelimited): domain = r.ReadString(); break;
                default: SkipUnknown(ref r, field, wire, "NodeProto", 1, 2, 3, 4, 5, 7); break;
            }
        }
        return new OnnxNode(index, name, opType, domain, inputs.ToArray(), outputs.ToArray(), attributes.ToArray());
    }

    private static OnnxAttribute ReadAttribute(ReadOnlySpan<byte> span, ProtoSlice slice)
    {
        var r = new ProtoReader(span, slice);
        var a = new OnnxAttribute();
        while (r.TryReadTag(out int field, out var wire))
        {
            switch (field, wire)
            {
                case (1, WireType.LengthDelimited): a.Name = r.ReadString(); break;
                case (2, WireType.Fixed32): a.F = r.ReadFloat(); break;
                case (3, WireType.Varint): a.I = r.ReadInt64(); break;
                case (4, WireType.LengthDelimited): a.S = r.ReadString(); break;
                case (5, WireType.LengthDelimited):
                    var t = r.ReadLengthDelimited();
                    if (t.Depth > r.MaxDepth)
                        throw new ProtoFormatException(t.Start, $"messages nested deeper than {r.MaxDepth} levels");
                    a.Tensor = t;
                    break;
                case (7, WireType.Fixed32): r.ReadFixed32(); a.ListCount++; break;
                case (7, WireType.LengthDelimited): a.ListCount += r.ReadLengthDelimited().Length / 4; break;
                case (8, WireType.Varint): r.ReadVarint(); a.ListCount++; break;
                case (8, WireType.LengthDelimited):
                    var ints = r.ReadLengthDelimited();
                    a.ListCount += ProtoReader.CountVarints(r.Bytes(ints), ints.Start);
                    break;
                case (9, WireType.LengthDelimited): a.Strings.Add(r.ReadString()); break;
                case (20, WireType.Varint): a.Type = r.ReadInt64(); break;
                default:
                    if (field is 6 or 10 or 11 or 14 or 15 or 22 or 23)
                        a.ListCount++; // graphs, tensors, type protos: present, not read
                    SkipUnknown(ref r, field, wire, "AttributeProto", 1, 2, 3, 4, 5, 20);
                    break;
            }
        }
        return a;
    }

    /// <summary>
    /// Skips a field this walker does not interpret, refusing one it does interpret (listed in
    /// <paramref name="known"/>) that arrived with a wire type its type cannot have: skipping that
    /// would silently shift, say, a node's input positions.
    /// </summary>
    private static void SkipUnknown(ref ProtoReader r, int field, WireType wire, string message, params int[] known)
    {
        if (Array.IndexOf(known, field) >= 0)
            throw new ProtoFormatException(r.Position, $"{message} field {field} has the wrong wire type {(int)wire}");
        r.Skip(field, wire);
    }

    private static string ReadTensorName(ReadOnlySpan<byte> span, ProtoSlice slice)
    {
        var r = new ProtoReader(span, slice);
        string name = "";
        while (r.TryReadTag(out int field, out var wire))
        {
            if (field == 8 && wire == WireType.LengthDelimited) name = r.ReadString();
            else r.Skip(field, wire);
        }
        return name;
    }

    // ---- Tensors ----

    private static OnnxTensor ReadTensorHeader(ReadOnlySpan<byte> span, ProtoSlice slice, string valueName, string origin)
    {
        var r = new ProtoReader(span, slice);
        var t = new OnnxTensor(valueName, origin, slice);
        var dims = new List<long>();
        while (r.TryReadTag(out int field, out var wire))
        {
            switch (field, wire)
            {
                case (1, WireType.Varint):
                    AddDim(dims, r.ReadInt64(), t);
                    break;
                case (1, WireType.LengthDelimited):
                    var packed = r.ReadLengthDelimited();
                    var bytes = r.Bytes(packed);
                    ProtoReader.CountVarints(bytes, packed.Start);
                    for (int p = 0; p < bytes.Length;)
                        AddDim(dims, (long)ProtoReader.DecodeVarint(bytes, ref p), t);
                    break;
                case (2, WireType.Varint): t.DataType = (int)r.ReadInt64(); break;
                case (3, _): t.Unsupported ??= "segment"; r.Skip(field, wire); break;
                case (4, WireType.Fixed32): r.ReadFixed32(); t.FloatCount++; break;
                case (4, WireType.LengthDelimited): t.FloatCount += PackedFixed(ref r, 4, "float_data"); break;
                case (5, WireType.Varint): r.ReadVarint(); t.Int32Count++; break;
                case (5, WireType.LengthDelimited):
                    var i32 = r.ReadLengthDelimited();
                    t.Int32Count += ProtoReader.CountVarints(r.Bytes(i32), i32.Start);
                    break;
                case (6, _): t.OtherData ??= "string_data"; r.Skip(field, wire); break;
                case (7, _): t.OtherData ??= "int64_data"; r.Skip(field, wire); break;
                case (8, WireType.LengthDelimited): r.ReadLengthDelimited(); break; // the name (valueName is what the graph uses)
                case (9, WireType.LengthDelimited): t.Raw = r.ReadLengthDelimited(); break;
                case (10, WireType.Fixed64): r.ReadFixed64(); t.DoubleCount++; break;
                case (10, WireType.LengthDelimited): t.DoubleCount += PackedFixed(ref r, 8, "double_data"); break;
                case (11, _): t.OtherData ??= "uint64_data"; r.Skip(field, wire); break;
                case (13, WireType.LengthDelimited):
                    t.External = true;
                    var entry = r.ReadMessage();
                    string key = "", value = "";
                    while (entry.TryReadTag(out int f, out var w))
                    {
                        if (f == 1 && w == WireType.LengthDelimited) key = entry.ReadString();
                        else if (f == 2 && w == WireType.LengthDelimited) value = entry.ReadString();
                        else entry.Skip(f, w);
                    }
                    if (key == "location") t.ExternalLocation = value;
                    break;
                case (14, WireType.Varint): if (r.ReadInt64() == 1) t.External = true; break;
                case (1 or 2 or 4 or 5 or 8 or 9 or 10 or 13 or 14, _):
                    throw new ProtoFormatException(r.Position, $"TensorProto field {field} has the wrong wire type {(int)wire}");
                default: r.Skip(field, wire); break;
            }
        }
        t.Dims = dims.ToArray();
        return t;
    }

    private static void AddDim(List<long> dims, long value, OnnxTensor t)
    {
        if (dims.Count < MaxRank) dims.Add(value);
        else t.TooManyDims = true;
    }

    private static int PackedFixed(ref ProtoReader r, int size, string what)
    {
        var s = r.ReadLengthDelimited();
        if (s.Length % size != 0)
            throw new ProtoFormatException(s.Start, $"packed {what} is {s.Length} bytes, not a multiple of {size}");
        return s.Length / size;
    }

    /// <summary>
    /// Checks that <paramref name="t"/> holds exactly <paramref name="expectedElements"/> elements of a
    /// supported type inline (raw_data or the one typed field its type uses), before any data is converted.
    /// </summary>
    public void CheckData(OnnxTensor t, long expectedElements, string role)
    {
        string name = t.ValueName;
        if (t.External)
            throw new LstmFormatException(FileName, name,
                $"{role} is stored as external data, which this loader does not read; load the model with onnx.load (it pulls external data in) and save it again with onnx.save_model(model, path, save_as_external_data=False)",
                "data inside the .onnx file", t.ExternalLocation is null ? "data_location = EXTERNAL" : $"external file '{t.ExternalLocation}'");
        if (t.Unsupported is not null)
            throw new LstmFormatException(FileName, name, $"{role} uses TensorProto.{t.Unsupported}, which this loader does not read",
                "a whole tensor", t.Unsupported);
        int elementSize = t.DataType switch { Float => 4, Double => 8, Float16 or BFloat16 => 2, _ => 0 };
        if (elementSize == 0)
            throw new LstmFormatException(FileName, name, $"{role} has an unsupported element type",
                "FLOAT, DOUBLE, FLOAT16 or BFLOAT16", DataTypeName(t.DataType));

        string typedField = t.DataType switch { Float => "float_data", Double => "double_data", _ => "int32_data" };
        long typedCount = t.DataType switch { Float => t.FloatCount, Double => t.DoubleCount, _ => t.Int32Count };
        var present = new List<string>();
        if (t.Raw is not null) present.Add("raw_data");
        if (t.FloatCount > 0) present.Add("float_data");
        if (t.DoubleCount > 0) present.Add("double_data");
        if (t.Int32Count > 0) present.Add("int32_data");
        if (t.OtherData is not null) present.Add(t.OtherData);
        if (present.Count > 1)
            throw new LstmFormatException(FileName, name, $"{role} holds its data in more than one field",
                $"raw_data or {typedField}", string.Join(" and ", present));
        if (present.Count == 1 && present[0] != "raw_data" && present[0] != typedField)
            throw new LstmFormatException(FileName, name, $"{role}'s data field does not fit its element type {DataTypeName(t.DataType)}",
                $"raw_data or {typedField}", present[0]);

        // Compared by division: expectedElements comes from the file's dims and may be huge.
        long have = t.Raw is { } raw ? raw.Length : typedCount;
        bool fits = t.Raw is not null ? have % elementSize == 0 && have / elementSize == expectedElements : have == expectedElements;
        if (!fits)
            throw new LstmFormatException(FileName, name, $"{role}'s data does not match its shape {TensorChecks.Shape(t.Dims)}",
                t.Raw is not null ? $"{expectedElements} elements × {elementSize} bytes of raw_data" : $"{expectedElements} values in {typedField}",
                t.Raw is not null ? $"{have} bytes" : $"{have} values");
    }

    /// <summary>
    /// Converts elements [<paramref name="first"/>, first + dest.Length) of a tensor that passed
    /// <see cref="CheckData"/> to float32 (double is rounded, float16 and bfloat16 widen exactly).
    /// </summary>
    public void Decode(OnnxTensor t, long first, Span<float> dest)
    {
        var span = Data;
        var kind = t.DataType switch
        {
            Float => StoredFloat.Float32,
            Double => StoredFloat.Float64,
            Float16 => StoredFloat.Float16,
            _ => StoredFloat.BFloat16,
        };
        if (t.Raw is { } raw)
        {
            // raw_data is little-endian, whole elements; CheckData matched its length to the shape.
            int size = FloatDecode.Size(kind);
            FloatDecode.Decode(span.Slice(raw.Start, raw.Length).Slice((int)(first * size), dest.Length * size), dest, kind, bigEndian: false);
            return;
        }

        // Typed fields, possibly split over several (packed or unpacked) occurrences, in order.
        int wanted = t.DataType switch { Float => 4, Double => 10, _ => 5 };
        long index = 0, end = first + dest.Length;
        var r = new ProtoReader(span, t.Message);
        try
        {
            while (index < end && r.TryReadTag(out int field, out var wire))
            {
                if (field != wanted)
                {
                    r.Skip(field, wire);
                    continue;
                }
                if (wire != WireType.LengthDelimited)
                {
                    float v = field switch
                    {
                        4 => r.ReadFloat(),
                        10 => (float)BitConverter.UInt64BitsToDouble(r.ReadFixed64()),
                        _ => FloatDecode.Widen((ushort)r.ReadVarint(), kind),
                    };
                    if (index >= first) dest[(int)(index - first)] = v;
                    index++;
                    continue;
                }
                var packed = r.Bytes(r.ReadLengthDelimited());
                if (field == 5)
                {
                    for (int p = 0; p < packed.Length && index < end; index++)
                    {
                        ulong bits = ProtoReader.DecodeVarint(packed, ref p);
                        if (index >= first) dest[(int)(index - first)] = FloatDecode.Widen((ushort)bits, kind);
                    }
                    continue;
                }
                int size = field == 4 ? 4 : 8;
                long count = packed.Length / size;
                long from = Math.Max(first - index, 0), to = Math.Min(end - index, count);
                for (long k = from; k < to; k++)
                    dest[(int)(index + k - first)] = size == 4
                        ? BinaryPrimitives.ReadSingleLittleEndian(packed.Slice((int)(k * 4), 4))
                        : (float)BinaryPrimitives.ReadDoubleLittleEndian(packed.Slice((int)(k * 8), 8));
                index += count;
            }
        }
        catch (ProtoFormatException e)
        {
            throw Malformed(FileName, t.ValueName, $"the tensor of {t.Origin} '{t.ValueName}'", e);
        }
    }

    /// <summary>The product of <paramref name="dims"/>, or false if a dim is negative or the product overflows.</summary>
    public static bool TryElementCount(long[] dims, out long count)
    {
        count = 1;
        foreach (long d in dims)
        {
            if (d < 0) return false;
            if (d != 0 && count > long.MaxValue / d) return false;
            count *= d;
        }
        return true;
    }

    public static string DataTypeName(int type) => type switch
    {
        0 => "UNDEFINED (0)",
        1 => "FLOAT (1)",
        2 => "UINT8 (2)",
        3 => "INT8 (3)",
        4 => "UINT16 (4)",
        5 => "INT16 (5)",
        6 => "INT32 (6)",
        7 => "INT64 (7)",
        8 => "STRING (8)",
        9 => "BOOL (9)",
        10 => "FLOAT16 (10)",
        11 => "DOUBLE (11)",
        12 => "UINT32 (12)",
        13 => "UINT64 (13)",
        14 => "COMPLEX64 (14)",
        15 => "COMPLEX128 (15)",
        16 => "BFLOAT16 (16)",
        _ => $"data type {type}",
    };

    /// <summary>Reads a whole file into memory, refusing more than a protobuf can hold (2 GB).</summary>
    public static ReadOnlyMemory<byte> ReadFile(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return ReadAll(file, path);
    }

    /// <summary>Reads a whole stream into memory, refusing more than a protobuf can hold (2 GB).</summary>
    public static ReadOnlyMemory<byte> ReadAll(Stream stream, string? name)
    {
        if (stream is MemoryStream ms && ms.TryGetBuffer(out var segment))
        {
            int start = (int)Math.Min(ms.Position, ms.Length);
            var data = segment.AsMemory(start, (int)ms.Length - start);
            ms.Position = ms.Length;
            return data;
        }
        if (stream.CanSeek)
        {
            long left = Math.Max(stream.Length - stream.Position, 0);
            if (left > Array.MaxLength)
                throw TooLarge(name, left);
            var buffer = new byte[left];
            stream.ReadExactly(buffer);
            return buffer;
        }
        var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (copy.Length + read > Array.MaxLength)
                throw TooLarge(name, copy.Length + read);
            copy.Write(chunk, 0, read);
        }
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    private static LstmFormatException TooLarge(string? name, long bytes) =>
        new(name, null, "too large for a protobuf file; models this size keep their weights as external data, which this loader does not read",
            $"at most {Array.MaxLength} bytes", $"{(bytes > Array.MaxLength ? "more than " + Array.MaxLength : bytes.ToString(CultureInfo.InvariantCulture))} bytes");
}

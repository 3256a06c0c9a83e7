using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace LstmGen.Hdf5;

/// <summary>An object reached by a path: a group, a dataset, or another kind (a committed datatype).</summary>
internal class Hdf5Object
{
    protected Hdf5Object(Hdf5File file, string path, Hdf5ObjectHeader header)
    {
        File = file;
        Path = path;
        Header = header;
    }

    public Hdf5File File { get; }

    /// <summary>The path it was reached by (for messages).</summary>
    public string Path { get; }

    public Hdf5ObjectHeader Header { get; }

    /// <summary>The member's name: the last segment of its path.</summary>
    public string Name => Path == "/" ? "/" : Path[(Path.LastIndexOf('/') + 1)..];

    public static Hdf5Object Create(Hdf5File file, string path, Hdf5ObjectHeader header)
    {
        if (header.Find(Hdf5ObjectHeader.Layout) is not null)
            return new Hdf5Dataset(file, path, header);
        if (header.Find(Hdf5ObjectHeader.SymbolTable) is not null || header.Find(Hdf5ObjectHeader.LinkInfo) is not null
            || header.Find(Hdf5ObjectHeader.Link) is not null)
            return new Hdf5Group(file, path, header);
        return new Hdf5Object(file, path, header);
    }

    public bool AttributeExists(string name) => FindAttribute(name) is not null;

    /// <summary>The attribute, or an <see cref="LstmFormatException"/> naming it when it is missing.</summary>
    public Hdf5Attribute Attribute(string name) => FindAttribute(name)
        ?? throw File.Error(Path, $"attribute '{name}' not found", "an attribute", "no such attribute");

    private Hdf5Attribute? FindAttribute(string name)
    {
        if (Header.Attributes is not { } attributes)
        {
            if (Header.Find(Hdf5ObjectHeader.AttributeInfo) is { } info && DenseStorage(info.Body.Span, "attribute info"))
                throw File.Error(Path, "dense attribute storage is not supported (Keras writes attributes in the object header)",
                    "attributes in the object header", "attributes in a fractal heap");
            attributes = [];
            foreach (var m in Header.Messages)
                if (m.Type == Hdf5ObjectHeader.Attribute)
                    attributes.Add(Hdf5Attribute.Parse(m, this));
            Header.Attributes = attributes;
        }
        foreach (var a in attributes)
            if (a.Name == name)
                return a;
        return null;
    }

    /// <summary>Whether a link or attribute info message points to a fractal heap (dense storage).</summary>
    protected bool DenseStorage(ReadOnlySpan<byte> body, string what)
    {
        var c = new Hdf5Cursor(body, File, Path, what + " message");
        c.Skip(1); // version
        int flags = c.U8();
        if ((flags & 0x01) != 0)
            c.Skip(what == "attribute info" ? 2 : 8); // maximum creation index
        return c.Address() is not null;
    }
}

/// <summary>A group: its members by name, from a symbol table (old style) or link messages (new style).</summary>
internal sealed class Hdf5Group : Hdf5Object
{
    private Dictionary<string, long>? _byName;

    public Hdf5Group(Hdf5File file, string path, Hdf5ObjectHeader header) : base(file, path, header) { }

    /// <summary>The members' names and object header addresses, in the file's order.</summary>
    public List<(string Name, long Address)> Links
    {
        get
        {
            if (Header.Links is null)
                Header.Links = Header.Find(Hdf5ObjectHeader.SymbolTable) is { } table ? SymbolTableLinks(table.Body.Span) : MessageLinks();
            return Header.Links;
        }
    }

    public IEnumerable<Hdf5Object> Children()
    {
        foreach (var (name, address) in Links)
        {
            string path = ChildPath(name);
            yield return Create(File, path, File.Header(address, path));
        }
    }

    public bool LinkExists(string path) => TryGet(path, out _);

    public Hdf5Object Get(string path) => TryGet(path, out var found) ? found
        : throw File.Error(Join(path), "no such object", "a member", "not found");

    public Hdf5Group Group(string path) => Get(path) as Hdf5Group
        ?? throw File.Error(Join(path), "not a group", "a group", "a dataset or other object");

    private string Join(string path) => path.StartsWith('/') ? path : ChildPath(path);

    private string ChildPath(string name) => Path == "/" ? "/" + name : Path + "/" + name;

    /// <summary>Resolves a path of member names (absolute from the root when it starts with '/').</summary>
    private bool TryGet(string path, out Hdf5Object found)
    {
        Hdf5Object current = path.StartsWith('/') ? File.Root : this;
        foreach (string segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (current is not Hdf5Group group || !group.Lookup().TryGetValue(segment, out long address))
            {
                found = null!;
                return false;
            }
            string childPath = group.ChildPath(segment);
            current = Create(File, childPath, File.Header(address, childPath));
        }
        found = current;
        return true;
    }

    private Dictionary<string, long> Lookup()
    {
        if (_byName is null)
        {
            _byName = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var (name, address) in Links)
                _byName.TryAdd(name, address);
        }
        return _byName;
    }

    private List<(string, long)> MessageLinks()
    {
        if (Header.Find(Hdf5ObjectHeader.LinkInfo) is { } info && DenseStorage(info.Body.Span, "link info"))
            throw File.Error(Path, "dense link storage is not supported (a group written with the latest HDF5 format and many members)",
                "members in link messages or a symbol table", "members in a fractal heap");
        var links = new List<(string, long)>();
        foreach (var m in Header.Messages)
        {
            if (m.Type != Hdf5ObjectHeader.Link)
                continue;
            var c = new Hdf5Cursor(m.Body.Span, File, Path, "link message");
            if (c.U8() != 1)
                throw File.Error(Path, "unsupported link message version", "1", m.Body.Span[0].ToString());
            int flags = c.U8();
            int type = (flags & 0x08) != 0 ? c.U8() : 0;
            if ((flags & 0x04) != 0) c.Skip(8); // creation order
            if ((flags & 0x10) != 0) c.Skip(1); // character set
            long nameLength = (long)c.Unsigned(1 << (flags & 3));
            string name = Encoding.UTF8.GetString(c.Bytes(nameLength));
            if (type == 0 && c.Address() is long address) // hard links only: soft and external links lead outside what Keras writes
                links.Add((name, address));
        }
        return links;
    }

    private List<(string, long)> SymbolTableLinks(ReadOnlySpan<byte> body)
    {
        var c = new Hdf5Cursor(body, File, Path, "symbol table message");
        long tree = c.Address() ?? throw File.Error(Path, "symbol table without a B-tree", "an address", "undefined");
        long heapAddress = c.Address() ?? throw File.Error(Path, "symbol table without a local heap", "an address", "undefined");
        byte[] heap = File.LocalHeap(heapAddress, Path);
        var links = new List<(string, long)>();
        var seen = new HashSet<long>();
        var nodes = new Stack<long>();
        nodes.Push(tree);
        while (nodes.TryPop(out long at))
        {
            if (!seen.Add(at))
                throw File.Error(Path, "the group's B-tree visits a node twice", "a tree", $"node {at} again");
            long keySize = File.LengthSize; // a key is a name's offset in the local heap
            var (level, entries, keysAndChildren) = File.BTreeNode(at, 0, keySize, Path, "group B-tree node");
            var node = new Hdf5Cursor(keysAndChildren, File, Path, "group B-tree node");
            var children = new List<long>(entries);
            for (int k = 0; k < entries; k++)
            {
                node.Skip(keySize);
                children.Add(node.Address() ?? throw File.Error(Path, "group B-tree child without an address", "an address", "undefined"));
            }
            for (int k = children.Count - 1; k >= 0; k--) // the stack pops them in order
            {
                if (level > 0)
                    nodes.Push(children[k]);
            }
            if (level == 0)
                foreach (long child in children)
                {
                    if (!seen.Add(child))
                        throw File.Error(Path, "the group's B-tree lists a symbol node twice", "a tree", $"node {child} again");
                    ReadSymbolNode(child, heap, links);
                }
        }
        return links;
    }

    private void ReadSymbolNode(long at, byte[] heap, List<(string, long)> links)
    {
        int o = File.OffsetSize;
        var head = new Hdf5Cursor(File.ReadAt(at, 8, Path, "symbol table node"), File, Path, "symbol table node");
        head.Signature("SNOD"u8);
        head.Skip(2); // version, reserved
        int count = head.U16();
        var c = new Hdf5Cursor(File.ReadAt(at + 8, count * (2L * o + 24), Path, "symbol table node"), File, Path, "symbol table node");
        for (int k = 0; k < count; k++)
        {
            ulong nameOffset = c.Unsigned(o);
            long? address = c.Address();
            c.Skip(24); // cache type, reserved, scratch pad
            if (address is long a)
                links.Add((Hdf5File.HeapString(heap, nameOffset, File, Path), a));
        }
    }
}

/// <summary>A dataset: dataspace, datatype, layout, and its data read as float32.</summary>
internal sealed class Hdf5Dataset : Hdf5Object
{
    private Hdf5Dataspace? _space;
    private Hdf5Datatype? _type;
    private Hdf5Layout? _layout;

    public Hdf5Dataset(Hdf5File file, string path, Hdf5ObjectHeader header) : base(file, path, header) { }

    public Hdf5Dataspace Space => _space ??= Hdf5Dataspace.Parse(Required(Hdf5ObjectHeader.Dataspace, "dataspace").Span, File, Path);

    public Hdf5Datatype Type => _type ??= Hdf5Datatype.Parse(Required(Hdf5ObjectHeader.Datatype, "datatype").Span, File, Path);

    public Hdf5Layout Layout => _layout ??= Hdf5Layout.Parse(Required(Hdf5ObjectHeader.Layout, "data layout"), File, Path);

    private ReadOnlyMemory<byte> Required(int type, string what)
    {
        var m = Header.Find(type) ?? throw File.Error(Path, $"dataset without a {what} message", $"a {what} message", "none");
        if (m.Shared)
            throw File.Error(Path, $"shared {what} messages are not supported", $"the {what} in the object header", "a shared message");
        return m.Body;
    }

    /// <summary>
    /// Reads the data as float32 (IEEE float32 or float64 elements, either byte order). The caller has checked that
    /// the element count fits the file; unwritten storage reads as the fill value.
    /// </summary>
    public float[] ReadFloat32()
    {
        var type = Type;
        if (type.Class != Hdf5TypeClass.FloatingPoint || !type.IsIeeeFloat)
            throw File.Error(Path, "unsupported element type", "IEEE float32 or float64", $"{type.Class}, {type.Size} bytes");
        if (Header.Find(Hdf5ObjectHeader.FilterPipeline) is not null)
            throw File.Error(Path, "compressed (filtered) datasets are not supported", "uncompressed data, as Keras writes", "a filter pipeline");
        int count = checked((int)(Space.Count ?? throw File.Error(Path, "dataspace too large", "a countable size", "overflow")));
        if (type.Size == 4)
        {
            var floats = new float[count];
            ReadRaw(MemoryMarshal.AsBytes(floats.AsSpan()), 4);
            return floats;
        }
        var doubles = new double[count];
        ReadRaw(MemoryMarshal.AsBytes(doubles.AsSpan()), 8);
        return Array.ConvertAll(doubles, v => (float)v);
    }

    private void ReadRaw(Span<byte> output, int elementSize)
    {
        var layout = Layout;
        switch (layout.Class)
        {
            case Hdf5LayoutClass.Compact:
                if (layout.CompactData.Length != output.Length)
                    throw File.Error(Path, "compact data does not match the dataspace", $"{output.Length} bytes", $"{layout.CompactData.Length} bytes");
                layout.CompactData.Span.CopyTo(output);
                break;
            case Hdf5LayoutClass.Contiguous when layout.Address is long address:
                File.ReadInto(address, output, Path, "dataset data");
                break;
            case Hdf5LayoutClass.Contiguous:
                Fill(output, elementSize);
                break;
            default:
                Fill(output, elementSize);
                if (layout.Address is long tree)
                    new Hdf5Chunks(this, layout.ChunkDimensions, elementSize).Read(tree, output);
                break;
        }
        if (Type.BigEndian == BitConverter.IsLittleEndian)
            Hdf5Bytes.SwapElements(output, elementSize);
    }

    private void Fill(Span<byte> output, int elementSize)
    {
        byte[] fill = Hdf5FillValue.Parse(Header, File, Path);
        if (fill.Length != elementSize)
        {
            output.Clear();
            return;
        }
        for (int k = 0; k + elementSize <= output.Length; k += elementSize)
            fill.CopyTo(output.Slice(k, elementSize));
    }
}

/// <summary>An attribute: name, datatype, dataspace and raw data; strings are read with <see cref="ReadStrings"/>.</summary>
internal sealed class Hdf5Attribute
{
    private readonly Hdf5Object _owner;
    private readonly ReadOnlyMemory<byte> _data;

    private Hdf5Attribute(Hdf5Object owner, string name, Hdf5Datatype type, Hdf5Dataspace space, ReadOnlyMemory<byte> data)
    {
        _owner = owner;
        Name = name;
        Type = type;
        Space = space;
        _data = data;
    }

    public string Name { get; }

    public Hdf5Datatype Type { get; }

    public Hdf5Dataspace Space { get; }

    public static Hdf5Attribute Parse(Hdf5Message message, Hdf5Object owner)
    {
        var (file, path) = (owner.File, owner.Path);
        var c = new Hdf5Cursor(message.Body.Span, file, path, "attribute message");
        int version = c.U8();
        if (version is < 1 or > 3)
            throw file.Error(path, "unsupported attribute message version", "1, 2 or 3", version.ToString());
        int flags = c.U8();
        if ((flags & 0x03) != 0)
            throw file.Error(path, "attributes with shared datatypes or dataspaces are not supported", "the attribute's own datatype", "a shared one");
        int nameSize = c.U16(), typeSize = c.U16(), spaceSize = c.U16();
        if (version == 3) c.Skip(1); // name encoding
        int Padded(int n) => version == 1 ? (n + 7) & ~7 : n;
        var nameBytes = c.Bytes(Padded(nameSize))[..Math.Min(nameSize, Padded(nameSize))];
        int nul = nameBytes.IndexOf((byte)0);
        string name = Encoding.UTF8.GetString(nul < 0 ? nameBytes : nameBytes[..nul]);
        string where = $"{path} attribute '{name}'";
        var type = Hdf5Datatype.Parse(c.Bytes(Padded(typeSize))[..typeSize], file, where);
        var space = Hdf5Dataspace.Parse(c.Bytes(Padded(spaceSize))[..spaceSize], file, where);
        return new Hdf5Attribute(owner, name, type, space, message.Body[c.Position..]);
    }

    /// <summary>Fixed-length (NUL- or space-padded) or variable-length strings, in the dataspace's order.</summary>
    public string[] ReadStrings(string where)
    {
        var file = _owner.File;
        ulong count = Space.Count ?? throw file.Error(where, "attribute dataspace too large", "a countable size", "overflow");
        int elementSize = Type.IsVariableString ? 4 + file.OffsetSize + 4 : Type.Size;
        if (count > (ulong)(_data.Length / elementSize))
            throw file.Error(where, "attribute data shorter than its dataspace", $"{count} × {elementSize} bytes", $"{_data.Length} bytes");
        var values = new string[count];
        var c = new Hdf5Cursor(_data.Span, file, where, "attribute data");
        long decoded = 0; // variable-length strings each have their own heap object: together they fit in the file
        for (int k = 0; k < values.Length; k++)
        {
            if (Type.IsVariableString)
            {
                uint length = c.U32();
                long? heap = c.Address();
                uint index = c.U32();
                if (heap is not long at || length == 0)
                {
                    values[k] = "";
                    continue;
                }
                var bytes = file.GlobalHeapObject(at, index, where);
                if (length > bytes.Length)
                    throw file.Error(where, "variable-length string longer than its heap object", $"at most {bytes.Length} bytes", $"{length} bytes");
                decoded += length;
                if (decoded > file.Length)
                    throw file.Error(where, "variable-length strings longer together than the file (heap objects read more than once)",
                        $"at most {file.Length} bytes", $"{decoded} bytes");
                values[k] = Encoding.UTF8.GetString(bytes[..(int)length]);
            }
            else
            {
                var bytes = c.Bytes(elementSize);
                if (Type.StringPadding == 2) // space-padded
                    values[k] = Encoding.UTF8.GetString(bytes).TrimEnd(' ');
                else
                {
                    int end = bytes.IndexOf((byte)0);
                    values[k] = Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
                }
            }
        }
        return values;
    }
}

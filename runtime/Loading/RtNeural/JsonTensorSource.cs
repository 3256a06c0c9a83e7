using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LstmGen.Loading;

/// <summary>A PyTorch state_dict dumped as JSON (RTNeural's PyTorch flavour): its top-level arrays as tensors, each parsed on first use.</summary>
internal sealed class JsonTensorSource : ITensorSource
{
    private readonly JsonElement _root;
    private readonly Dictionary<string, (long[] Shape, float[] Data)> _cache = new(StringComparer.Ordinal);

    public JsonTensorSource(JsonElement root, string file)
    {
        _root = root;
        FileName = file;
        Names = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Array).Select(p => p.Name).ToList();
    }

    public string FileName { get; }

    public IReadOnlyCollection<string> Names { get; }

    public long[] GetShape(string name) => Get(name).Shape;

    public float[] ReadFloat32(string name) => Get(name).Data;

    private (long[] Shape, float[] Data) Get(string name)
    {
        if (!_cache.TryGetValue(name, out var tensor))
            _cache[name] = tensor = JsonTensors.Read(_root.GetProperty(name), FileName, name);
        return tensor;
    }
}

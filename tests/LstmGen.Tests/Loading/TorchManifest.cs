using System.Collections.Generic;

namespace LstmGen.Tests;

/// <summary>
/// The whole-model PyTorch fixtures' modules as make_model_fixtures.py recorded them in models/manifest.json (module
/// names in layer order and PyTorch's tensor shapes): an independent account of what the loaders should find.
/// </summary>
internal static class TorchManifest
{
    public sealed record Module(string Name, StateDictModuleKind Kind, int Layers, bool Bidirectional, int Input, int Units);

    public static List<Module> Modules(string model)
    {
        using var manifest = Fixture.Json("torch", "models", "manifest.json");
        var entry = manifest.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("name").GetString() == model);
        var tensors = entry.GetProperty("tensors").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetInt32()).ToArray());
        var result = new List<Module>();
        foreach (var name in entry.GetProperty("modules").EnumerateArray().Select(m => m.GetString()!))
        {
            if (tensors.TryGetValue(name + ".weight", out var linear)) // nn.Linear weight [out, in]
            {
                result.Add(new Module(name, StateDictModuleKind.Linear, 1, false, linear[1], linear[0]));
                continue;
            }
            int[] ih = tensors[name + ".weight_ih_l0"], hh = tensors[name + ".weight_hh_l0"]; // [G·H, I], [G·H, H]
            int layers = 0;
            while (tensors.ContainsKey($"{name}.weight_ih_l{layers}"))
                layers++;
            result.Add(new Module(name, ih[0] == 3 * hh[1] ? StateDictModuleKind.Gru : StateDictModuleKind.Lstm, layers,
                tensors.ContainsKey(name + ".weight_ih_l0_reverse"), ih[1], hh[1]));
        }
        return result;
    }
}

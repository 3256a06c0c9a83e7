// TEMPORARY until ModelWeights.SaveSafetensors lands: not to be committed in the final sample.
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LstmGen;

namespace FashionMnistSample;

internal static class TemporarySafetensors
{
    public static void SaveSafetensors(this ModelWeights weights, string path, params string[] modules)
    {
        var lstm = (LstmWeights)weights.Layers[0];
        var dense = (DenseWeights)weights.Layers[1];
        var tensors = new SortedDictionary<string, (int[] Shape, float[] Data)>(System.StringComparer.Ordinal)
        {
            [$"{modules[0]}.weight_ih_l0"] = ([4 * lstm.Units, lstm.Input], lstm.WeightIh.ToArray()),
            [$"{modules[0]}.weight_hh_l0"] = ([4 * lstm.Units, lstm.Units], lstm.WeightHh.ToArray()),
            [$"{modules[0]}.bias_ih_l0"] = ([4 * lstm.Units], lstm.Bias.ToArray()),
            [$"{modules[0]}.bias_hh_l0"] = ([4 * lstm.Units], new float[4 * lstm.Units]),
            [$"{modules[1]}.weight"] = ([dense.Units, dense.Input], dense.Weight.ToArray()),
            [$"{modules[1]}.bias"] = ([dense.Units], dense.Bias.ToArray()),
        };
        var header = new StringBuilder("{");
        long offset = 0;
        foreach (var (name, (shape, data)) in tensors)
        {
            header.Append($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + 4L * data.Length}]}},");
            offset += 4L * data.Length;
        }
        header.Length--;
        header.Append('}');
        while ((header.Length + 8) % 8 != 0) header.Append(' ');
        using var file = new BinaryWriter(File.Create(path));
        var bytes = Encoding.UTF8.GetBytes(header.ToString());
        file.Write((ulong)bytes.Length);
        file.Write(bytes);
        foreach (var (_, (_, data)) in tensors)
            foreach (var v in data) file.Write(v);
    }
}

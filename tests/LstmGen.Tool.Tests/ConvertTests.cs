using System.IO;

namespace LstmGen.Tool.Tests;

public class ConvertTests
{
    [Theory]
    [MemberData(nameof(Fixtures.EveryFormat), MemberType = typeof(Fixtures))]
    public void ConvertedFileHoldsTheSameWeights(string file, string modules)
    {
        string output = Path.Combine(Path.GetTempPath(), $"lstmgen-convert-{Guid.NewGuid():N}.safetensors");
        try
        {
            var run = ToolRun.Of(modules.Length > 0 ? ["convert", ToolRun.Fixture(file), output, "--modules", modules] : ["convert", ToolRun.Fixture(file), output]);
            run.AssertSucceeded();
            var original = ModelFile.Load(ToolRun.Fixture(file), modules.Length > 0 ? modules.Split(',') : []).Weights.Layers;
            var converted = ModelFile.Load(output, []).Weights.Layers;
            Assert.Equal(original.Count, converted.Count);
            for (int k = 0; k < original.Count; k++)
            {
                Assert.Equal(original[k].GetType(), converted[k].GetType());
                Assert.Equal(Floats(original[k]), Floats(converted[k]));
            }
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Every float of a layer, bit for bit (−0.0 and 0.0 differ).</summary>
    private static int[] Floats(LayerWeights w) => (w switch
    {
        LstmWeights l => [.. l.WeightIh, .. l.WeightHh, .. l.Bias],
        BidirectionalWeights b => [.. b.Forward.WeightIh, .. b.Forward.WeightHh, .. b.Forward.Bias, .. b.Backward.WeightIh, .. b.Backward.WeightHh, .. b.Backward.Bias],
        GruWeights g => [.. g.WeightIh, .. g.WeightHh, .. g.BiasIh, .. g.BiasHh],
        DenseWeights d => [.. d.Weight, .. d.Bias],
        _ => Array.Empty<float>(),
    }).Select(BitConverter.SingleToInt32Bits).ToArray();
}

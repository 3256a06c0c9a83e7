using System.IO;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// HDF5 layouts the Keras loader reads beyond those of the Keras fixtures (Fixtures/hdf5, made with h5py by
/// make_fixtures.py there): superblock 3 with version 2 object headers and link-message groups, compact,
/// big-endian and float64 datasets, and chunked datasets with partial edge chunks. Values are compared with
/// h5py's reading of the same files (expected.json).
/// </summary>
public sealed class KerasHdf5LayoutTests
{
    [Theory]
    [InlineData("latest.weights.h5")]
    [InlineData("chunked.weights.h5")]
    public void EveryDatasetReadsAsH5pyReadsIt(string fileName)
    {
        using var expected = Fixture.Json("hdf5", "expected.json");
        var datasets = expected.RootElement.GetProperty(fileName);
        using var file = KerasWeightsFile.Open(Fixture.Path("hdf5", fileName));
        Assert.Equal(KerasFormat.Keras3WeightsHdf5, file.Format);
        Assert.Equal(["dense", "lstm"], file.Layers.Select(l => l.Name));
        int compared = 0;
        foreach (var layer in file.Layers)
            foreach (var tensor in file.ReadLayer(layer.Name))
            {
                var want = datasets.GetProperty(tensor.DatasetPath["/layers/".Length..]);
                Assert.Equal(want.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), tensor.Shape);
                float[] values = want.GetProperty("values").EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();
                Assert.Equal(values, tensor.Data.ToArray());
                compared++;
            }
        Assert.Equal(5, compared);
        var lstm = file.ReadLstm("lstm");
        Assert.Equal((3, 4), (lstm.Input, lstm.Units));
    }
}

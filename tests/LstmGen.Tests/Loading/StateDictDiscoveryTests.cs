namespace LstmGen.Tests;

/// <summary>
/// <see cref="ModelWeights.DiscoverModules(string)"/> on the whole-model PyTorch fixtures, against the modules and
/// shapes make_model_fixtures.py recorded in models/manifest.json.
/// </summary>
public sealed class StateDictDiscoveryTests(ITestOutputHelper log)
{
    public static TheoryData<string> Models() => new()
    {
        "model_stack2", "model_stack3", "model_classifier", "model_odd", "model_gru", "model_mixed", "model_bidir", "model_bidir_last",
    };

    [Theory]
    [MemberData(nameof(Models))]
    public void NpzModulesAreTheStateDictsInOrderWithTheirSizes(string name)
    {
        var found = ModelWeights.DiscoverModules(Fixture.Path("torch", "models", name + ".npz"));
        foreach (var m in found)
            log.WriteLine(m.ToString());
        var expected = TorchManifest.Modules(name); // numpy.savez keeps the state_dict's (= layer) order
        Assert.Equal(expected.Select(m => m.Name), found.Select(m => m.Name));
        for (int k = 0; k < expected.Count; k++)
        {
            var (e, f) = (expected[k], found[k]);
            Assert.Equal((e.Kind, e.Layers, e.Bidirectional, e.Input, e.Units), (f.Kind, f.Layers, f.Bidirectional, f.InputSize, f.Units));
            Assert.Equal(e.Bidirectional ? 2 * e.Units : e.Units, f.OutputSize);
        }
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void SafetensorsHoldsTheSameModulesAndTheirNamesLoad(string name)
    {
        string path = Fixture.Path("torch", "models", name + ".safetensors");
        var found = ModelWeights.DiscoverModules(path);
        Assert.Equal(TorchManifest.Modules(name).Select(m => m.Name).Order(), found.Select(m => m.Name).Order());
        // The names are the loader's: each module loads alone into as many layers as it says.
        foreach (var m in found)
            Assert.Equal(m.Layers, ModelWeights.LoadSafetensors(path, m.Name).Layers.Count);
    }

    [Fact]
    public void AFileThatIsNoStateDictIsRefused()
    {
        // Neither a zip nor a safetensors header: an HDF5 file.
        var ex = Assert.Throws<LstmFormatException>(() => ModelWeights.DiscoverModules(Fixture.Path("keras2c", "model.h5")));
        log.WriteLine(ex.Message);
        Assert.Contains("model.h5", ex.Message);
    }
}

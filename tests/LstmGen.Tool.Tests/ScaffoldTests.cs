using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace LstmGen.Tool.Tests;

/// <summary>
/// Every fixture's scaffold, and the scaffolds of two converted files, compiled together once with the generator (as a
/// build would), so the tests can load files into the classes and run them.
/// </summary>
public sealed class CompiledScaffolds : IDisposable
{
    public readonly string TempFolder = Directory.CreateTempSubdirectory("lstmgen-tool-tests").FullName;
    public readonly List<string> Sources = new();
    internal readonly CompiledAssembly Assembly;

    public CompiledScaffolds()
    {
        int i = 0;
        foreach (var row in Fixtures.EveryFormat)
            Sources.Add(Scaffold((string)row[0], (string)row[1], $"Fx{i++}", "Model", Steps((string)row[0])));
        // A whole model exported by torch.onnx.export: GRU → LSTM → GRU, the last step through a Linear.
        Sources.Add(Scaffold("torch/models/model_mixed.onnx", "", "Ox", "OnnxMixed", 11, extra: ["--return-sequences", "false"]));
        // The Keras file converted: its activations stay in the scaffold of the original (see KerasScaffoldReproducesKeras);
        // a state_dict does not say whether the last LSTM returns every step, so the Keras model's (it does not) is given.
        foreach (var (file, name, last) in new[] { ("torch/lstm_stack2.safetensors", "TorchConverted", (string[])[]), ("keras2c/model.h5", "KerasConverted", ["--return-sequences", "false"]) })
        {
            string converted = Path.Combine(TempFolder, name + ".safetensors");
            ToolRun.Of("convert", ToolRun.Fixture(file), converted).AssertSucceeded();
            Sources.Add(Scaffold(converted, "", "Cv", name, Steps(file), absolute: true, last));
        }
        Assembly = InProcessCompiler.Compile(Sources.ToArray());
    }

    private static int? Steps(string file) => file switch
    {
        "torch/lstm_stack2.safetensors" => 9,
        "keras2c/model.h5" => 8,
        _ => null,
    };

    private static string Scaffold(string file, string modules, string ns, string className, int? steps, bool absolute = false, string[]? extra = null)
    {
        var args = new List<string> { "scaffold", absolute ? file : ToolRun.Fixture(file), "--namespace", ns, "--class", className };
        args.AddRange(extra ?? []);
        if (modules.Length > 0) args.AddRange(["--modules", modules]);
        if (steps is { } s) args.AddRange(["--steps", s.ToString()]);
        var run = ToolRun.Of(args.ToArray());
        run.AssertSucceeded();
        return run.Output;
    }

    /// <summary>Calls the scaffolded <c>Load(path)</c> of <paramref name="type"/> with the file's path.</summary>
    public ILstmModel Load(string type, string path) =>
        (ILstmModel)Assembly.Assembly.GetType(type, throwOnError: true)!.GetMethod("Load", BindingFlags.Public | BindingFlags.Static)!.Invoke(null, [path])!;

    public void Dispose()
    {
        Assembly.Dispose();
        Directory.Delete(TempFolder, recursive: true);
    }
}

public class ScaffoldTests(CompiledScaffolds compiled) : IClassFixture<CompiledScaffolds>
{
    [Fact]
    public void EveryScaffoldCompilesWithTheGeneratorWithoutWarnings()
    {
        Assert.Empty(compiled.Assembly.Diagnostics);
        for (int i = 0; i < Fixtures.EveryFormat.Count(); i++)
            Assert.NotNull(compiled.Assembly.Assembly.GetType($"Fx{i}.Model"));
    }

    [Fact]
    public void ScaffoldNamesTheLayersAndTheLoadCall()
    {
        string keras2c = compiled.Sources[5];
        Assert.Contains("[LstmModel(Input = 32, Steps = 8)]", keras2c);
        Assert.Contains("[Lstm(Units = 20, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoidKeras2)]", keras2c);
        Assert.Contains("KerasModelWeights.LoadKeras(path)", keras2c);
        Assert.Contains("ModelWeights.LoadSafetensors(path, \"\")", compiled.Sources[0]);
        Assert.Contains("Streaming = false", compiled.Sources[2]);
        Assert.Contains("[Lstm(Units = 20)] // lstm_1 l0", compiled.Sources[^1]);
    }

    [Theory]
    [InlineData("Fx0.Model", "torch/lstm_stack2.safetensors")]
    [InlineData("Cv.TorchConverted", null)]
    public void PyTorchScaffoldReproducesPyTorch(string type, string? file)
    {
        string path = file is null ? Path.Combine(compiled.TempFolder, "TorchConverted.safetensors") : ToolRun.Fixture(file);
        var model = compiled.Load(type, path);
        var x = Fixtures.Csv("torch/lstm_stack2_x.csv").SelectMany(r => r).Select(v => (float)v).ToArray();
        var y = new float[model.OutputLength];
        model.Predict(x, y);
        Fixtures.AssertClose(Fixtures.Csv("torch/lstm_stack2_y_l1.csv").SelectMany(r => r).ToArray(), y, 1e-5, type);
    }

    [Fact]
    public void OnnxModelScaffoldReproducesPyTorch()
    {
        string source = compiled.Sources[Fixtures.EveryFormat.Count()];
        Assert.Contains("ModelWeights.LoadOnnx(path)", source);
        Assert.Contains("[Gru(Units = 10, ReturnSequences = true)]", source);
        var model = compiled.Load("Ox.OnnxMixed", ToolRun.Fixture("torch/models/model_mixed.onnx"));
        var x = Fixtures.Csv("torch/models/model_mixed_x.csv").SelectMany(r => r).Select(v => (float)v).ToArray();
        var y = new float[model.OutputLength];
        model.Predict(x, y);
        Fixtures.AssertClose(Fixtures.Csv("torch/models/model_mixed_y.csv").SelectMany(r => r).ToArray(), y, 1e-5, "model_mixed.onnx");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void KerasScaffoldReproducesKeras(bool converted)
    {
        // keras2c: a real Keras 2.2.4 model (relu LSTM, Keras 2's hard sigmoid); 10 sequences of 8 steps × 32 features.
        // Converted, the weights load into the class scaffolded from the original: safetensors holds no activations.
        var model = compiled.Load("Fx5.Model", ToolRun.Fixture("keras2c/model.h5"));
        if (converted)
            model.LoadWeights(ModelFile.Load(Path.Combine(compiled.TempFolder, "KerasConverted.safetensors"), []).Weights);
        var inputs = Fixtures.Csv("keras2c/inputs.csv");
        var expected = Fixtures.Csv("keras2c/expected.csv");
        Assert.Equal(10, inputs.Length);
        for (int s = 0; s < inputs.Length; s++)
        {
            var y = new float[model.OutputLength];
            model.Predict(inputs[s].Select(v => (float)v).ToArray(), y);
            Fixtures.AssertClose(expected[s], y, 1e-4, $"sequence {s}");
        }
    }

    [Fact]
    public void ClassNameComesFromTheFileName()
    {
        Assert.Equal("LstmStack2", ScaffoldCommand.ClassName("a/lstm_stack2.safetensors"));
        Assert.Equal("Model2x", ScaffoldCommand.ClassName("2x.onnx"));
    }
}

using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using CsCheck;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmGen.Tests;

/// <summary>
/// The four SIMD paths of generated layers and models agree within 1e-6 on random shapes and weights: a property test.
/// CsCheck draws the shapes (layers of any Input, Units, Steps and ReturnSequences; models of stacked LSTM, GRU and
/// Dense layers); the generator turns them into a console program, compiled here with Roslyn; that program runs four
/// times, as a user's process would, with the DOTNET_* switches that select Vector512, Vector256, Vector128 and scalar
/// (the path is a JIT-time constant per process, so each process runs one). Each run reports the path it took and writes
/// every output of Forward, Step and ForwardBatch (layers), Predict and Step (models); the runs must agree pairwise.
/// A failure prints CsCheck's seed: CsCheck_Seed=&lt;seed&gt; reruns the same shapes.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class SimdPathAgreementTests(ITestOutputHelper log)
{
    private const double Agreement = 1e-6;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(5);

    // The switch of each run, widest path first (none: the CPU's widest path).
    private static readonly (string Setting, string Path)[] Runs =
    [
        ("", "Vector512"),
        ("DOTNET_PreferredVectorBitWidth=256", "Vector256"),
        ("DOTNET_EnableAVX2=0", "Vector128"),
        ("DOTNET_EnableHWIntrinsic=0", "Scalar"),
    ];

    private sealed record LayerShape(int Input, int Units, int Steps, bool Sequences);

    // GruUnits 0: no GRU between the LSTM and the Dense head.
    private sealed record ModelShape(int Input, int Steps, int Lstm, int GruUnits, int Dense, Activation Activation, bool Sequences);

    private static readonly Gen<LayerShape> Layer =
        Gen.Select(Gen.Int[1, 48], Gen.OneOf<int>(Gen.Int[1, 40], Gen.Int[41, 140]), Gen.Int[1, 12], Gen.Bool, (i, u, t, s) => new LayerShape(i, u, t, s));

    private static readonly Gen<ModelShape> Model =
        Gen.Select(Gen.Int[1, 20], Gen.Int[1, 10], Gen.Int[1, 50], Gen.Int[0, 30], Gen.Int[1, 12],
            Gen.OneOf(Activation.Softmax, Activation.Tanh, Activation.Relu, Activation.Linear), Gen.Bool,
            (i, t, lstm, gru, dense, activation, sequences) => new ModelShape(i, t, lstm, gru, dense, activation, sequences));

    [Fact]
    public void FourPathsAgreeOnRandomLayersAndModels()
    {
        Gen.Select(Layer.Array[14], Model.Array[4], Gen.Int[1, 1_000_000])
            .Sample((layers, models, seed) => Check(layers, models, seed), iter: 1, threads: 1,
                print: t => $"layers: {string.Join(", ", t.Item1.Select(l => l.ToString()))}; models: {string.Join(", ", t.Item2.Select(m => m.ToString()))}; weight seed {t.Item3}");
    }

    private void Check(LayerShape[] layers, ModelShape[] models, int seed)
    {
        string dir = Path.Combine(Path.GetTempPath(), $"lstmgen-paths-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var clock = Stopwatch.StartNew();
            string probe = BuildProbe(dir, layers, models);
            log.WriteLine($"probe of {layers.Length} layers and {models.Length} models compiled in {clock.Elapsed.TotalSeconds:F1} s; weight seed {seed}");
            log.WriteLine(string.Join("\n", layers.Select((l, k) => $"Layer{k}: {l}").Concat(models.Select((m, k) => $"Model{k}: {m}"))));
            var results = new List<(string Path, string[] Names, float[][] Values)>();
            foreach (var (setting, _) in Runs)
            {
                clock.Restart();
                results.Add(RunProbe(probe, setting, seed, Path.Combine(dir, $"out{results.Count}.bin")));
                log.WriteLine($"{(setting.Length == 0 ? "(no switch)" : setting)}: ran {results[^1].Path} in {clock.Elapsed.TotalSeconds:F1} s");
            }
            AssertDistinctPaths(results.Select(r => r.Path).ToArray());

            double worst = 0;
            string worstWhere = "";
            for (int a = 0; a < results.Count; a++)
                for (int b = a + 1; b < results.Count; b++)
                {
                    Assert.Equal(results[a].Names, results[b].Names);
                    for (int k = 0; k < results[a].Values.Length; k++)
                    {
                        var (x, y) = (results[a].Values[k], results[b].Values[k]);
                        Assert.Equal(x.Length, y.Length);
                        for (int e = 0; e < x.Length; e++)
                        {
                            Assert.True(float.IsFinite(x[e]) && float.IsFinite(y[e]), $"{results[a].Names[k]}: element {e} is {x[e]} ({results[a].Path}) and {y[e]} ({results[b].Path})");
                            double d = Math.Abs(x[e] - y[e]);
                            if (d > worst)
                                (worst, worstWhere) = (d, $"{results[a].Names[k]} element {e}: {x[e]:R} ({results[a].Path}) vs {y[e]:R} ({results[b].Path})");
                        }
                    }
                }
            log.WriteLine($"largest difference between two paths: {worst:E2}, at {worstWhere}");
            Assert.True(worst <= Agreement, $"The paths differ by {worst:E2} > {Agreement:E0} at {worstWhere}");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    // Each run narrows the path of the one before, down to scalar; on an AVX-512 CPU all four differ.
    private static void AssertDistinctPaths(string[] paths)
    {
        var names = SimdPath.Names;
        for (int k = 1; k < paths.Length; k++)
            Assert.True(Array.IndexOf(names, paths[k]) >= Array.IndexOf(names, paths[k - 1]), $"the runs took {string.Join(", ", paths)}");
        Assert.Equal("Scalar", paths[^1]);
        if (File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains(" avx512f ", StringComparison.Ordinal) && paths[0] == "Vector512")
            Assert.Equal(Runs.Select(r => r.Path), paths);
        else
            Assert.True(paths.Distinct().Count() >= 2, $"the runs took {string.Join(", ", paths)}: only one path was compared");
    }

    // ---- the probe program

    private static string HelpersDirectory([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "..", "Helpers");

    private static string BuildProbe(string dir, LayerShape[] layers, ModelShape[] models)
    {
        var source = new StringBuilder("using System;\nusing System.IO;\nusing LstmGen;\nusing LstmGen.Tests;\n\nnamespace PathProbe;\n\n");
        for (int k = 0; k < layers.Length; k++)
        {
            var l = layers[k];
            source.AppendLine($"[LstmLayer(Input = {l.Input}, Units = {l.Units}, Steps = {l.Steps}, ReturnSequences = {(l.Sequences ? "true" : "false")})] public partial class Layer{k} {{ }}");
        }
        for (int k = 0; k < models.Length; k++)
        {
            var m = models[k];
            source.AppendLine($"[LstmModel(Input = {m.Input}, Steps = {m.Steps})]");
            source.AppendLine($"[Lstm(Units = {m.Lstm}, ReturnSequences = {(m.GruUnits > 0 || m.Sequences ? "true" : "false")})]");
            if (m.GruUnits > 0)
                source.AppendLine($"[Gru(Units = {m.GruUnits}, ReturnSequences = {(m.Sequences ? "true" : "false")})]");
            source.AppendLine($"[Dense(Units = {m.Dense}, Activation = Activation.{m.Activation})]");
            source.AppendLine($"public partial class Model{k} {{ }}");
        }
        source.AppendLine("public static class Program\n{\n    public static int Main(string[] args)\n    {\n        var run = new ProbeRun(args);");
        for (int k = 0; k < layers.Length; k++)
            source.AppendLine($"        run.Layer(\"Layer{k}\", new Layer{k}(), Layer{k}.Steps, Layer{k}.ReturnSequences);");
        for (int k = 0; k < models.Length; k++)
            source.AppendLine($"        run.Model(\"Model{k}\", new Model{k}(), Model{k}.Architecture);");
        source.AppendLine("        return run.Finish();\n    }\n}");

        string[] helpers = [File.ReadAllText(Path.Combine(HelpersDirectory(), "RandomModelWeights.cs")), File.ReadAllText(Path.Combine(HelpersDirectory(), "TestData.cs"))];
        var compilation = GeneratorHarness.Compile([source.ToString(), ProbeRunSource, "global using System;\nglobal using System.Linq;", .. helpers])
            .WithOptions(new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var errors = generatorDiagnostics.Concat(output.GetDiagnostics()).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));

        string dll = Path.Combine(dir, "PathProbe.dll");
        var emit = output.Emit(dll);
        Assert.True(emit.Success, string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        File.Copy(typeof(LstmWeights).Assembly.Location, Path.Combine(dir, Path.GetFileName(typeof(LstmWeights).Assembly.Location)));
        var version = Environment.Version;
        File.WriteAllText(Path.Combine(dir, "PathProbe.runtimeconfig.json"),
            "{\"runtimeOptions\":{\"tfm\":\"net" + $"{version.Major}.{version.Minor}" + "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" +
            $"{version.Major}.{version.Minor}.0" + "\"}}}");
        return dll;
    }

    // Runs every layer and model on deterministic weights and inputs from the seed; writes each output (name, count,
    // floats) to the file args[0] and prints the SIMD path.
    private const string ProbeRunSource = """
        using System;
        using System.IO;
        using System.Runtime.Intrinsics;
        using LstmGen;
        using LstmGen.Tests;

        namespace PathProbe;

        internal sealed class ProbeRun
        {
            private readonly BinaryWriter _out;
            private readonly int _seed;

            public ProbeRun(string[] args)
            {
                _out = new BinaryWriter(File.Create(args[0]));
                _seed = int.Parse(args[1]);
            }

            // Per class (string.GetHashCode differs between processes).
            private int Seed(string name)
            {
                int seed = _seed;
                foreach (char c in name) seed = seed * 31 + c;
                return seed & 0x3fffffff;
            }

            private void Write(string name, ReadOnlySpan<float> values)
            {
                _out.Write(name);
                _out.Write(values.Length);
                foreach (float v in values) _out.Write(v);
            }

            public void Layer(string name, ILstmBatchLayer layer, int steps, bool sequences)
            {
                var weights = RandomModelWeights.For(new ModelArchitecture(layer.Input, steps, ModelLayer.Lstm(layer.Units)), Seed(name));
                layer.LoadWeights((LstmWeights)weights.Layers[0]);
                int seqIn = steps * layer.Input, seqOut = sequences ? steps * layer.Units : layer.Units;
                var input = TestData.Inputs(seqIn, _seed + 1, 2f);
                var output = new float[seqOut];
                layer.Forward(input, output);
                Write(name + " Forward", output);
                var h = new float[layer.Units];
                for (int t = 0; t < steps + 3; t++) // past Steps: the streaming state runs on
                {
                    layer.Step(input.AsSpan(t % steps * layer.Input, layer.Input), h);
                    Write($"{name} Step {t}", h);
                }
                const int Batch = 5;
                var inputs = TestData.Inputs(Batch * seqIn, _seed + 2, 2f);
                var outputs = new float[Batch * seqOut];
                layer.ForwardBatch(inputs, outputs, Batch);
                Write(name + " ForwardBatch", outputs);
            }

            public void Model(string name, ILstmModel model, ModelArchitecture architecture)
            {
                model.LoadWeights(RandomModelWeights.For(architecture, Seed(name)));
                var input = TestData.Inputs(model.Steps * model.Input, _seed + 3, 2f);
                var output = new float[model.OutputLength];
                model.Predict(input, output);
                Write(name + " Predict", output);
                var y = new float[model.Output];
                for (int t = 0; t < model.Steps; t++)
                {
                    model.Step(input.AsSpan(t * model.Input, model.Input), y);
                    Write($"{name} Step {t}", y);
                }
            }

            public int Finish()
            {
                _out.Write("");
                _out.Dispose();
                Console.WriteLine(Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar");
                return 0;
            }
        }
        """;

    private static (string Path, string[] Names, float[][] Values) RunProbe(string probe, string setting, int seed, string outputFile)
    {
        var start = new ProcessStartInfo(DotnetHost()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(outputFile);
        start.ArgumentList.Add(seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Only this run's switch selects the path: none inherited from the test process (CI reruns tests with some).
        foreach (var name in start.Environment.Keys.ToList())
            if (name.StartsWith("DOTNET_Enable", StringComparison.Ordinal) || name.StartsWith("COMPlus_Enable", StringComparison.Ordinal)
                || name.EndsWith("PreferredVectorBitWidth", StringComparison.Ordinal))
                start.Environment.Remove(name);
        if (setting.Length > 0)
            start.Environment[setting.Split('=')[0]] = setting.Split('=')[1];
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(ProbeTimeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"the path probe ({setting}) did not finish within {ProbeTimeout}");
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"the path probe ({setting}) failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");

        var names = new List<string>();
        var values = new List<float[]>();
        using var reader = new BinaryReader(File.OpenRead(outputFile));
        for (string name = reader.ReadString(); name.Length > 0; name = reader.ReadString())
        {
            names.Add(name);
            var v = new float[reader.ReadInt32()];
            for (int e = 0; e < v.Length; e++) v[e] = reader.ReadSingle();
            values.Add(v);
        }
        return (stdout.Result.Trim(), names.ToArray(), values.ToArray());
    }

    /// <summary>The dotnet host running this test, so the probe runs on the same runtime.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
}

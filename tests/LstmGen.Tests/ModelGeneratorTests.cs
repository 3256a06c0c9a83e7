using System;
using System.Linq;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LstmGen.Tests;

/// <summary>The model generator ([LstmModel]) as a compiler component: snapshot, caching, robustness.</summary>
public sealed class ModelGeneratorTests
{
    private const string Fashion = """
        namespace Demo;
        [LstmModel(Input = 28, Steps = 28)]
        [Lstm(Units = 128, ReturnSequences = true)]
        [Lstm(Units = 64)]
        [Dense(Units = 10, Activation = Activation.Softmax)]
        public partial class FashionClassifier { }
        """;

    /// <summary>
    /// GRU layers, by the members that show them (comma-separated declaration starts). TinyGru (reset_after, the default):
    /// the model's GRU loading and the tiles computing r, z, n and h'. TinyResetBeforeGru (Keras reset_after=False): two
    /// passes per step (RecurTile, then ResetTile), streaming through Project + Recur.
    /// </summary>
    [Theory]
    [InlineData("TinyGruModel",
        "[LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, RecurrentActivation = Activation.HardSigmoid)] [Dense(Units = 2, Activation = Activation.Sigmoid)] public partial class TinyGru { }",
        "public void LoadWeights(,private static void StepVector256(,private static void TileVector256x1(,private static void RecurTileVector256x1(")]
    [InlineData("TinyResetBeforeGruModel",
        "[LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, ResetAfter = false)] [Dense(Units = 2)] public partial class TinyResetBeforeGru { }",
        "internal static void Run(,private static void RecurVector256(,private static void RecurTileVector256x1(,private static void ResetTileVector256x1(")]
    // RecurrentWeights = Int8 on a reset_after=False GRU (pass 1 scales r and z's W_hh products, pass 2 scales U_n·(r∘h)
    // once) and on an LSTM (the fused Step tile): packing with the precision and the layer's name in LoadWeights.
    [InlineData("Int8Model",
        "[LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, ReturnSequences = true, ResetAfter = false, RecurrentWeights = WeightPrecision.Int8)] [Lstm(Units = 6, RecurrentWeights = WeightPrecision.Int8)] public partial class Int8Model { }",
        "public void LoadWeights(,private static void RecurTileVector256x1(,private static void ResetTileVector256x1(,private static void TileVector256x1(")]
    public void EmittedGruModelMatchesSnapshotAndCompiles(string name, string declaration, string members) =>
        Approval.Verify(name, GeneratorTests.Snapshot(GeneratorHarness.Members(GeneratorHarness.GenerateClean(declaration), members.Split(','))));

    /// <summary>The model class itself (constants, fields, LoadWeights, Predict, Step, state): its layers' kernels are the [LstmLayer] kernel's.</summary>
    [Fact]
    public void EmittedModelMatchesSnapshotAndCompiles()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen;\n" + Fashion);
        Assert.Equal("Demo.FashionClassifier.LstmModel.g.cs", Assert.Single(result.GeneratedSources).HintName);
        string text = GeneratorHarness.GenerateClean(Fashion);
        Approval.Verify("FashionModel", GeneratorTests.Snapshot(text.Substring(0, text.IndexOf("    // ==== Layer 0", StringComparison.Ordinal))));
    }
}

public sealed class ModelGeneratorPipelineTests
{
    [Fact]
    public void UnrelatedEditLeavesModelOutputsCached()
    {
        const string model = "using LstmGen; namespace A; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6)] [Dense(Units = 2)] public partial class M { }";
        var run = GeneratorHarness.RunAfterEdit("namespace B; public class Unrelated { public int X => 2; }",
            model, "namespace B; public class Unrelated { public int X => 1; }");
        GeneratorHarness.AssertCached(run, LstmGenerator.TrackingNames.Models, LstmGenerator.TrackingNames.ModelSpecs);
    }

    [Fact]
    public void EditToALayerRegenerates()
    {
        var run = GeneratorHarness.RunAfterEdit("using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 7)] public partial class M { }",
            "using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6)] public partial class M { }");
        Assert.Contains(run.TrackedSteps[LstmGenerator.TrackingNames.ModelSpecs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Layer0Units = 7;", run.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void ModelSpecHoldsNoSymbolsOrSyntax()
    {
        var specs = GeneratorHarness.StepOutputs(
            "using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6, ReturnSequences = true)] [Dense(Units = 2)] public partial class M { }",
            LstmGenerator.TrackingNames.ModelSpecs);
        foreach (var spec in specs)
            GeneratorHarness.AssertPlainValues(spec);
    }

    [Theory]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = \"x\")] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3, Activation = 7)] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3, Nonsense = 1)] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(3)] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3)] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3)] partial class M { } [LstmModel(Input = 5, Steps = 1)] [Dense(Units = 1)] partial class M { }")]
    [InlineData("[LstmModel(Input = int.MaxValue, Steps = int.MaxValue)] [Lstm(Units = int.MaxValue)] [Dense(Units = int.MaxValue)] public partial class M { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3)] public partial struct S { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3)] public partial record R { }")]
    [InlineData("[LstmModel(Input = 2, Steps = 3)] [Lstm(Units = 3 public partial class M { }")]
    [InlineData("[LstmModel(Input = , Steps = 3)] [Dense(Units = 3)] public partial class M { }")]
    [InlineData("[Lstm(Units = 3)] public partial struct S { }")]
    public void NeverThrowsOnOddSource(string source) => GeneratorHarness.AssertSurvives(source);
}

public sealed class ModelDocumentationTests
{
    /// <summary>The generated XML docs resolve (no CS1574/CS0419 cref warnings) in a project that builds documentation.</summary>
    [Fact]
    public void GeneratedDocsHaveNoWarnings()
    {
        const string source = """
            using LstmGen;
            namespace Demo;
            /// <summary>A model.</summary>
            [LstmModel(Input = 5, Steps = 4)] [Gru(Units = 3, ReturnSequences = true)] [Lstm(Units = 4)] [Dense(Units = 2)]
            public partial class Documented { }
            /// <summary>Another.</summary>
            [LstmModel(Input = 5, Steps = 4, Streaming = false)] [Lstm(Units = 3, Bidirectional = true)]
            public partial class DocumentedBidir { }
            """;
        GeneratorHarness.AssertDocsWithoutWarnings(source, files: 2);
    }
}

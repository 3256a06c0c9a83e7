using System;
using System.Linq;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace LstmGen.Tests;

/// <summary>The generator as a compiler component: snapshots, caching, robustness.</summary>
public sealed class GeneratorTests
{
    /// <summary>
    /// Each shape compiles; one realistic layer (Fashion, 28×128×28: Vector512, alternating W_hh walks, ForwardBatch) is
    /// approved whole, the others by the few members that show what they guard (comma-separated declaration starts).
    /// </summary>
    [Theory]
    [InlineData("Fashion", "namespace Demo; [LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class FashionLstm { }", null)]
    // Odd units: single-column tiles, the odd last row of a paired reduction, a recurrence tile taking its columns in turn.
    [InlineData("OddSequences", "namespace Demo.Odd; [LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] internal partial class OddLayer { }",
        "private static void RecurVector128(,private static void RecurTileVector128x2(,private static void RecurTileScalarx1(")]
    // No Steps: Forward and ForwardBatch take any whole number of steps.
    [InlineData("Streaming", "[LstmLayer(Input = 1, Units = 8)] public partial class Streaming { }",
        "public void Forward(,private static int BatchSteps(")]
    // W_hh in Half: two rows per packed row, split by LstmHalf, h scaled by LstmHalf.Scale.
    [InlineData("HalfRecurrent", "namespace Demo; [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = WeightPrecision.Half)] public partial class HalfLayer { }",
        "public void LoadWeights(,private static void RecurTileVector256x1(")]
    // W_hh in Int8: four rows per packed row (Units = 21 leaves one in the last), split by LstmInt8, reduced into the
    // second set from zero and scaled per row; Step adds the odd x rows first; ForwardBatch keeps b + W_ih·x in its sums.
    [InlineData("Int8Recurrent", "namespace Demo; [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = WeightPrecision.Int8)] public partial class Int8Layer { }",
        "public void LoadWeights(,private static void TileVector256x1(,private static void RecurTileVector256x1(,private static void BatchPassVector256x1(")]
    public void EmittedSourceMatchesSnapshotAndCompiles(string name, string declaration, string? members)
    {
        var (result, _, diagnostics) = GeneratorHarness.Run("using LstmGen;\n" + declaration);

        Assert.Null(result.Exception);
        var generated = Assert.Single(result.GeneratedSources);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("LSTMGEN", StringComparison.Ordinal)));
        string text = generated.SourceText.ToString();
        Approval.Verify(name, Snapshot(members is null ? text : GeneratorHarness.Members(text, members.Split(','))));
    }

    /// <summary>Generated text as approved: the generator's version (in [GeneratedCode]) as "VERSION", so a release does not change every snapshot.</summary>
    internal static string Snapshot(string generated) =>
        generated.Replace($"\"LstmGen\", \"{typeof(LstmGenerator).Assembly.GetName().Version}\")", "\"LstmGen\", \"VERSION\")", StringComparison.Ordinal);

    [Fact]
    public void RecordGetsARecordDeclaration()
    {
        string text = GeneratorHarness.GenerateClean("namespace Demo; [LstmLayer(Input = 2, Units = 3, Steps = 4)] public sealed partial record SmallRecord { }");
        Assert.Contains("partial record class SmallRecord : global::LstmGen.ILstmBatchLayer", text);
    }

    [Fact]
    public void StateTooLargeForTheStackLivesInBuffers()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run(
            "using LstmGen; namespace Demo; [LstmLayer(Input = 4, Units = 3000, Steps = 2)] public partial class BigLayer { }");
        Assert.Equal("LSTMGEN007", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("LSTMGEN", StringComparison.Ordinal)));
        string text = Assert.Single(result.GeneratedSources).SourceText.ToString();
        // Forward's scratch is allocated once per instance; ForwardBatch's state is rented.
        Assert.Contains("private readonly float[] _lstmForwardState = new float[ForwardStateLength];", text);
        Assert.Contains("global::System.Span<float> state = _lstmForwardState;", text);
        Assert.DoesNotContain("stackalloc", text);
        Assert.Contains("float[] rented = global::System.Buffers.ArrayPool<float>.Shared.Rent(BatchStateLength);", text);
        Assert.Contains("try { RunBatch(packed, inputs, outputs, batch, steps, ReturnSequences, global::System.MemoryExtensions.AsSpan(rented, 0, BatchStateLength)); }", text);

        // A layer that fits keeps both on the stack.
        string smallText = GeneratorHarness.GenerateClean("[LstmLayer(Input = 4, Units = 30, Steps = 2)] public partial class Small { }");
        Assert.Contains("global::System.Span<float> state = stackalloc float[ForwardStateLength];", smallText);
        Assert.Contains("global::System.Span<float> state = stackalloc float[BatchStateLength];", smallText);
        Assert.DoesNotContain("_lstmForwardState", smallText);
    }

    [Fact]
    public void BFloat16RowsAreSplitByLstmBFloat16WithoutScale()
    {
        string text = GeneratorHarness.GenerateClean("[LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = WeightPrecision.BFloat16)] public partial class B { }");
        Assert.Contains("private const int PackedRows = 1 + Input + (Units + 1) / 2;", text);
        Assert.Contains("global::LstmGen.GeneratedCodeSupport.LstmLayout.Pack(weights, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed, length), ActiveWidth, global::LstmGen.WeightPrecision.BFloat16);", text);
        Assert.Contains("global::LstmGen.GeneratedCodeSupport.LstmBFloat16.Low(wv)", text);
        Assert.Contains("global::LstmGen.GeneratedCodeSupport.LstmBFloat16.High(wv)", text);
        Assert.DoesNotContain("LstmHalf", text);
    }

    /// <summary>The generated XML docs (the shape table in the remarks among them) are well-formed and resolve in a project that builds documentation.</summary>
    [Fact]
    public void GeneratedDocsHaveNoWarnings()
    {
        const string source = """
            using LstmGen;
            namespace Demo;
            /// <summary>A layer.</summary>
            [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = WeightPrecision.Half)]
            public partial class Documented { }
            /// <summary>Another.</summary>
            [LstmLayer(Input = 2, Units = 4, ReturnSequences = true)]
            public partial class DocumentedAnySteps { }
            """;
        GeneratorHarness.AssertDocsWithoutWarnings(source, files: 2);
    }

    [Fact]
    public void ClassDocsExplainShapesParametersAndFlops()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen; [LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class F { }");
        string text = result.GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("4·U·(I+U+1) = 4·128·(28+128+1) = 80,384", text);           // Keras count
        Assert.Contains("PyTorch counts 80,896", text);                               // + one more bias vector
        Assert.Contains("2·4U·(I+U) = 159,744", text);                                // matrix FLOPs per step
        Assert.Contains("not the number of time steps", text);
        Assert.Contains("public const int ParameterCount = 80384;", text);
    }

    [Fact]
    public void UnrelatedEditLeavesOutputsCached()
    {
        const string layer = "using LstmGen; namespace A; [LstmLayer(Input = 4, Units = 6, Steps = 3)] public partial class L { }";
        const string other = "namespace B; public class Unrelated { public int X => 1; }";
        // Edit only the unrelated file, then run again.
        var run = GeneratorHarness.RunAfterEdit("namespace B; public class Unrelated { public int X => 2; public int Y => 3; }", layer, other);
        GeneratorHarness.AssertCached(run, LstmGenerator.TrackingNames.Layers, LstmGenerator.TrackingNames.Specs, LstmGenerator.TrackingNames.Diagnostics);
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step was {o.Reason}"));
    }

    [Fact]
    public void EditToTheLayerRegenerates()
    {
        var run = GeneratorHarness.RunAfterEdit("using LstmGen; [LstmLayer(Input = 4, Units = 7)] public partial class L { }",
            "using LstmGen; [LstmLayer(Input = 4, Units = 6)] public partial class L { }");
        Assert.Contains(run.TrackedSteps[LstmGenerator.TrackingNames.Layers].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Units = 7;", run.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void ModelHoldsNoSymbolsOrSyntax()
    {
        // ISymbol, SyntaxNode or Compilation in the spec that feeds emission would defeat caching
        // (and keep compilations alive). Diagnostics travel separately, with their source locations.
        var specs = GeneratorHarness.StepOutputs("using LstmGen; [LstmLayer(Input = 3, Units = 6)] public partial class L { }",
            LstmGenerator.TrackingNames.Specs);
        foreach (var spec in specs)
            GeneratorHarness.AssertPlainValues(spec);
    }

    [Theory]
    [InlineData("[LstmLayer(Input = \"x\", Units = 3)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3, Steps = 4.5)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = int.MaxValue, Units = int.MaxValue, Steps = int.MaxValue)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3, Nonsense = 1)] public partial class L { }")]
    [InlineData("[LstmLayer(2, 3)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3, ReturnSequences = 1)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3, Input = 4)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = , Units = 3)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial class L { public partial class { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public static partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial record R { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial struct S { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] [LstmLayer(Input = 2, Units = 3)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial class L : L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] partial class L { } [LstmLayer(Input = 5, Units = 1)] partial class L { }")]
    [InlineData("[LstmLayer(Input = 1 << 40, Units = 3)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial class")]
    [InlineData("[LstmLayer(Input = 2, Units = 3 public partial class L { }")]
    [InlineData("[LstmLayer(Input = 2, Units = 3)] public partial class L { public const int Input = 9; int Units() => 0; }")]
    public void NeverThrowsOnOddSource(string source) => GeneratorHarness.AssertSurvives(source);
}

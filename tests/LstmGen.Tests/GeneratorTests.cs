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
    [Theory]
    [InlineData("Fashion", "namespace Demo; [LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class FashionLstm { }")]
    [InlineData("OddSequences", "namespace Demo.Odd; [LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] internal partial class OddLayer { }")]
    [InlineData("Streaming", "[LstmLayer(Input = 1, Units = 8)] public partial class Streaming { }")]
    [InlineData("Record", "namespace Demo; [LstmLayer(Input = 2, Units = 3, Steps = 4)] public sealed partial record SmallRecord { }")]
    [InlineData("OffStack", "namespace Demo; [LstmLayer(Input = 4, Units = 3000, Steps = 2)] public partial class BigLayer { }")]
    [InlineData("HalfRecurrent", "namespace Demo; [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = WeightPrecision.Half)] public partial class HalfLayer { }")]
    public void EmittedSourceMatchesSnapshotAndCompiles(string name, string declaration)
    {
        var (result, output, diagnostics) = GeneratorHarness.Run("using LstmGen;\n" + declaration);

        Assert.Null(result.Exception);
        var generated = Assert.Single(result.GeneratedSources);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("LSTMGEN", StringComparison.Ordinal)));
        Approval.Verify(name, generated.SourceText.ToString());
    }

    [Fact]
    public void HeaderExplainsShapesParametersAndFlops()
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
        var compilation = GeneratorHarness.Compile(layer, other);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Edit only the unrelated file, then run again.
        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "namespace B; public class Unrelated { public int X => 2; public int Y => 3; }"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));

        var run = driver.GetRunResult().Results.Single();
        foreach (var name in new[] { LstmGenerator.TrackingNames.Layers, LstmGenerator.TrackingNames.Specs, LstmGenerator.TrackingNames.Diagnostics })
            Assert.All(run.TrackedSteps[name].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} was {o.Reason}"));
        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o =>
            Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step was {o.Reason}"));
    }

    [Fact]
    public void EditToTheLayerRegenerates()
    {
        var compilation = GeneratorHarness.Compile("using LstmGen; [LstmLayer(Input = 4, Units = 6)] public partial class L { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "using LstmGen; [LstmLayer(Input = 4, Units = 7)] public partial class L { }"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var run = driver.GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps[LstmGenerator.TrackingNames.Layers].SelectMany(s => s.Outputs),
            o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Units = 7;", run.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void ModelHoldsNoSymbolsOrSyntax()
    {
        // ISymbol, SyntaxNode or Compilation in the model that feeds emission would defeat caching
        // (and keep compilations alive). Diagnostics travel separately, with their source locations.
        var compilation = GeneratorHarness.Compile("using LstmGen; [LstmLayer(Input = 3, Units = 6)] public partial class L { }");
        var run = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        foreach (var output in run.TrackedSteps[LstmGenerator.TrackingNames.Specs].SelectMany(s => s.Outputs))
            AssertPlainValues(output.Value, depth: 0);
    }

    private static void AssertPlainValues(object? value, int depth)
    {
        if (value is null || depth > 8) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location, $"model holds a {value.GetType().Name}");
        if (value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items) AssertPlainValues(item, depth + 1);
            return;
        }
        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            AssertPlainValues(property.GetValue(value), depth + 1);
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
    public void NeverThrowsOnOddSource(string source)
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen;\n" + source);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }
}

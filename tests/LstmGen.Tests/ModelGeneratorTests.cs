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

    [Fact]
    public void EmittedGruModelMatchesSnapshotAndCompiles()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run("using LstmGen;\n" +
            "[LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, RecurrentActivation = Activation.HardSigmoid)] [Dense(Units = 2, Activation = Activation.Sigmoid)] public partial class TinyGru { }");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Approval.Verify("TinyGruModel", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    /// <summary>Keras reset_after=False: two passes per step (RecurTile, then ResetTile), streaming through Project + Recur.</summary>
    [Fact]
    public void EmittedResetBeforeGruModelMatchesSnapshotAndCompiles()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run("using LstmGen;\n" +
            "[LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, ResetAfter = false)] [Dense(Units = 2)] public partial class TinyResetBeforeGru { }");
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Approval.Verify("TinyResetBeforeGruModel", Assert.Single(result.GeneratedSources).SourceText.ToString());
    }

    [Fact]
    public void EmittedModelMatchesSnapshotAndCompiles()
    {
        var (result, _, diagnostics) = GeneratorHarness.Run("using LstmGen;\n" + Fashion);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        var generated = Assert.Single(result.GeneratedSources);
        Assert.Equal("Demo.FashionClassifier.LstmModel.g.cs", generated.HintName);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Approval.Verify("FashionModel", generated.SourceText.ToString());
    }
}

public sealed class ModelGeneratorPipelineTests
{
    [Fact]
    public void UnrelatedEditLeavesModelOutputsCached()
    {
        const string model = "using LstmGen; namespace A; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6)] [Dense(Units = 2)] public partial class M { }";
        var compilation = GeneratorHarness.Compile(model, "namespace B; public class Unrelated { public int X => 1; }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Last();
        var newTree = oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From("namespace B; public class Unrelated { public int X => 2; }"));
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, newTree));
        var run = driver.GetRunResult().Results.Single();
        foreach (var name in new[] { LstmGenerator.TrackingNames.Models, LstmGenerator.TrackingNames.ModelSpecs })
            Assert.All(run.TrackedSteps[name].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} was {o.Reason}"));
    }

    [Fact]
    public void EditToALayerRegenerates()
    {
        var compilation = GeneratorHarness.Compile("using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6)] public partial class M { }");
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Single();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(
            "using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 7)] public partial class M { }"))));
        var run = driver.GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps[LstmGenerator.TrackingNames.ModelSpecs].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("public const int Layer0Units = 7;", run.GeneratedSources.Single().SourceText.ToString());
    }

    [Fact]
    public void ModelSpecHoldsNoSymbolsOrSyntax()
    {
        var compilation = GeneratorHarness.Compile("using LstmGen; [LstmModel(Input = 4, Steps = 3)] [Lstm(Units = 6, ReturnSequences = true)] [Dense(Units = 2)] public partial class M { }");
        var run = GeneratorHarness.CreateDriver().RunGenerators(compilation).GetRunResult().Results.Single();
        var outputs = run.TrackedSteps[LstmGenerator.TrackingNames.ModelSpecs].SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        foreach (var output in outputs)
            AssertPlainValues(output.Value, 0);
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
    public void NeverThrowsOnOddSource(string source)
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen;\n" + source);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }
}

public sealed class ModelDocumentationTests
{
    /// <summary>The generated XML docs resolve (no CS1574/CS0419 cref warnings) in a project that builds documentation.</summary>
    [Fact]
    public void GeneratedDocsHaveNoWarnings()
    {
        var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
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
        var input = GeneratorHarness.Compile(source).WithOptions(GeneratorHarness.Compile().Options)
            .RemoveAllSyntaxTrees().AddSyntaxTrees(Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source, parse, "Source0.cs"));
        var driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(new[] { new LstmGenerator().AsSourceGenerator() }, parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Equal(3, output.SyntaxTrees.Count());
        var warnings = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591").ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }
}

using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace LstmGen.Tests;

/// <summary>
/// LSTMGEN021: a compilation that is not optimised (Debug) compiles the generated kernels unoptimised, and gets one
/// warning for the whole compilation saying so; an optimised one gets none, and NoWarn silences it.
/// </summary>
public sealed class UnoptimisedBuildTests
{
    private const string Classes = """
        using LstmGen;
        namespace N;
        [LstmLayer(Input = 2, Units = 3)] public partial class First { }
        [LstmLayer(Input = 2, Units = 5, Steps = 4)] public partial class Second { }
        [LstmLayer(Input = 1, Units = 1)] public partial class Third { }
        [LstmModel(Input = 3, Steps = 2)] [Lstm(Units = 4)] [Dense(Units = 2)] public partial class Fourth { }
        """;

    private static ImmutableArray<Diagnostic> Run(string source, OptimizationLevel level, ReportDiagnostic? lstmgen021 = null)
    {
        var compilation = GeneratorHarness.Compile(source);
        var options = compilation.Options.WithOptimizationLevel(level);
        if (lstmgen021 is { } report)
            options = options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["LSTMGEN021"] = report });
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation.WithOptions(options), out var output, out var diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        return diagnostics;
    }

    [Fact]
    public void DebugGetsOneWarningNamingTheClassesAndTheFix()
    {
        var diagnostic = Assert.Single(Run(Classes, OptimizationLevel.Debug));
        Assert.Equal("LSTMGEN021", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);  // shown by a plain dotnet build, unlike Info
        Assert.Equal(Location.None, diagnostic.Location);
        string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("'First', 'Second', 'Third' and 1 more", message);
        Assert.Contains("5–10× slower", message);
        Assert.Contains("-c Release", message);
        Assert.Contains("<Optimize>true</Optimize>", message);
        Assert.Equal("https://github.com/lstmgen/lstmgen/blob/main/docs/diagnostics.md#lstmgen021", diagnostic.Descriptor.HelpLinkUri);
    }

    [Theory]
    [InlineData(1, "generated for 'First' run")]
    [InlineData(2, "generated for 'First' and 'Second' run")]
    [InlineData(3, "generated for 'First', 'Second' and 'Third' run")]
    public void NamesTheClasses(int count, string expected)
    {
        string source = string.Join("\n", Classes.Split('\n').Take(2 + count));
        Assert.Contains(expected, Assert.Single(Run(source, OptimizationLevel.Debug)).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ReleaseGetsNone() => Assert.Empty(Run(Classes, OptimizationLevel.Release));

    [Fact]
    public void NoWarnSilencesIt() => Assert.Empty(Run(Classes, OptimizationLevel.Debug, ReportDiagnostic.Suppress));

    [Fact]
    public void WithoutGeneratedClassesThereIsNothingToWarnAbout() =>
        Assert.Empty(Run("namespace N; public class Plain { }", OptimizationLevel.Debug));
}

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace LstmGen.Tests;

/// <summary>Runs the generator in memory over a source text, the way the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
            .Append(typeof(LstmWeights).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    // Optimised, as a user's Release build: a Debug compilation gets LSTMGEN021, which UnoptimisedBuildTests checks.
    public static CSharpCompilation Compile(params string[] sources) =>
        CSharpCompilation.Create("Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new LstmGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>
    /// The members of a generated source whose declarations start with <paramref name="declarations"/> (e.g.
    /// "private static void TileScalarx1("), each with the comment lines above it and through its closing brace, in the
    /// order given: a snapshot of the few methods a test guards instead of the whole file.
    /// </summary>
    public static string Members(string source, params string[] declarations)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var members = new List<string>();
        foreach (var declaration in declarations)
        {
            int at = Array.FindIndex(lines, l => l.TrimStart().StartsWith(declaration, StringComparison.Ordinal));
            Assert.True(at >= 0, $"no member starting with '{declaration}' in the generated source");
            string indent = lines[at].Substring(0, lines[at].Length - lines[at].TrimStart().Length);
            int first = at;
            while (first > 0 && lines[first - 1].StartsWith(indent + "//", StringComparison.Ordinal))
                first--;
            int last = at;
            if (!lines[at].TrimEnd().EndsWith(';'))
                while (lines[last] != indent + "}")
                    last++;
            members.Add(string.Join("\n", lines[first..(last + 1)]));
        }
        return string.Join("\n\n", members) + "\n";
    }

    /// <summary>
    /// Fails if <paramref name="value"/> holds an ISymbol, SyntaxNode, Compilation, SemanticModel or Location at any depth:
    /// in a spec that feeds emission they would defeat incremental caching (and keep compilations alive).
    /// </summary>
    public static void AssertPlainValues(object? value, int depth = 0)
    {
        if (value is null || depth > 8) return;
        Assert.False(value is ISymbol or SyntaxNode or Compilation or SemanticModel or Location, $"spec holds a {value.GetType().Name}");
        if (value is string || value.GetType().IsPrimitive || value.GetType().IsEnum) return;
        if (value is System.Collections.IEnumerable items)
        {
            foreach (var item in items) AssertPlainValues(item, depth + 1);
            return;
        }
        foreach (var property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            AssertPlainValues(property.GetValue(value), depth + 1);
    }

    /// <summary>
    /// Runs the generator as in a project that builds documentation (doc comments parsed and checked) and fails unless it
    /// generates <paramref name="files"/> files whose XML docs are well-formed and resolve: no warning (CS1570, CS1574,
    /// CS0419, ...) but CS1591 for members the source itself leaves undocumented.
    /// </summary>
    public static void AssertDocsWithoutWarnings(string source, int files)
    {
        var parse = ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var input = Compile().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, parse, "Source0.cs"));
        var driver = CSharpGeneratorDriver.Create(new[] { new LstmGenerator().AsSourceGenerator() }, parseOptions: parse);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        Assert.Empty(generatorDiagnostics);
        Assert.Equal(1 + files, output.SyntaxTrees.Count());
        var warnings = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning && d.Id != "CS1591").ToList();
        Assert.True(warnings.Count == 0, string.Join("\n", warnings));
    }

    /// <summary>
    /// Runs the generator over <paramref name="markedSource"/> (after a using and a namespace line), where [| and |] mark
    /// the span at which diagnostic <paramref name="id"/> must be reported, and checks it is: once, at that span, in
    /// source (so #pragma warning disable and editorconfig severities apply), and as the only LSTMGEN diagnostic (no noise
    /// around the real problem). Returns the run and the diagnostic.
    /// </summary>
    public static (GeneratorRunResult Result, Diagnostic Diagnostic) AssertReportedAt(string id, string markedSource)
    {
        int start = markedSource.IndexOf("[|", StringComparison.Ordinal);
        int end = markedSource.IndexOf("|]", StringComparison.Ordinal) - 2;
        string body = markedSource.Replace("[|", "").Replace("|]", "");
        string source = "using LstmGen;\nnamespace N;\n" + body;
        int prefix = source.Length - body.Length;

        var (result, _, _) = Run(source);

        Assert.Null(result.Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(new TextSpan(prefix + start, end - start), diagnostic.Location.SourceSpan);
        Assert.True(diagnostic.Location.IsInSource, "diagnostic location is not in source");
        Assert.Single(result.Diagnostics, d => d.Id.StartsWith("LSTMGEN", StringComparison.Ordinal));
        return (result, diagnostic);
    }

    /// <summary>
    /// Runs the generator over <paramref name="declaration"/> (after <c>using LstmGen;</c>), which must generate one file
    /// without any diagnostic of the generator's or warning of the compiler's; returns the file's text.
    /// </summary>
    public static string GenerateClean(string declaration)
    {
        var (result, _, diagnostics) = Run("using LstmGen;\n" + declaration);
        Assert.Null(result.Exception);
        Assert.Empty(result.Diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        return Assert.Single(result.GeneratedSources).SourceText.ToString();
    }

    /// <summary>Runs the generator over odd source: it must neither throw nor fail (CS8784/CS8785).</summary>
    public static void AssertSurvives(string source)
    {
        var (result, _, _) = Run("using LstmGen;\n" + source);
        Assert.Null(result.Exception);
        Assert.DoesNotContain(result.Diagnostics, d => d.Id is "CS8784" or "CS8785");
    }

    /// <summary>Runs the generator over <paramref name="sources"/>, then again once the last one reads <paramref name="edited"/>; returns the second run.</summary>
    public static GeneratorRunResult RunAfterEdit(string edited, params string[] sources)
    {
        var compilation = Compile(sources);
        var driver = CreateDriver().RunGenerators(compilation);
        var oldTree = compilation.SyntaxTrees.Last();
        driver = driver.RunGenerators(compilation.ReplaceSyntaxTree(oldTree, oldTree.WithChangedText(SourceText.From(edited))));
        return driver.GetRunResult().Results.Single();
    }

    /// <summary>Fails unless every output of the named pipeline steps was reused (cached or unchanged) in <paramref name="run"/>.</summary>
    public static void AssertCached(GeneratorRunResult run, params string[] trackingNames)
    {
        foreach (var name in trackingNames)
            Assert.All(run.TrackedSteps[name].SelectMany(s => s.Outputs), o =>
                Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} was {o.Reason}"));
    }

    /// <summary>The values the pipeline step <paramref name="trackingName"/> produced for <paramref name="source"/>; fails if none.</summary>
    public static List<object> StepOutputs(string source, string trackingName)
    {
        var run = CreateDriver().RunGenerators(Compile(source)).GetRunResult().Results.Single();
        var outputs = run.TrackedSteps[trackingName].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, Assert.NotNull);
        return outputs;
    }

    /// <summary>Runs the generator; returns its result and the compilation with the generated files added.</summary>
    public static (GeneratorRunResult Result, Compilation Output, ImmutableArray<Diagnostic> CompileDiagnostics) Run(params string[] sources)
    {
        var input = Compile(sources);
        var driver = CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        var result = driver.GetRunResult().Results.Single();
        return (result, output, output.GetDiagnostics());
    }
}

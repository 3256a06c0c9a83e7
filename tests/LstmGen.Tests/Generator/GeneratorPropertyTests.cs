using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using CsCheck;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;

namespace LstmGen.Tests;

/// <summary>
/// The generator under any source (<see cref="RandomPrograms"/>): it never throws, and what it emits compiles. Each random
/// program is compiled without the generator, then run through it: the generated files must compile without an error, and
/// the user's files must gain no error they did not have, unless the run reports an LSTMGEN error (or a user type replaces
/// one of LstmGen's, CS0436). A failure prints the
/// smallest failing program found and the seed that reproduces it (set CsCheck_Seed to replay).
/// </summary>
[Collection(nameof(GeneratorPropertyTests))]
[Trait("Category", "GeneratorProperties")]
public sealed class GeneratorPropertyTests(ITestOutputHelper output)
{
    // Programs per run: LSTMGEN_GENERATOR_PROGRAMS=10000 for the long run; the default keeps CI's run to minutes.
    private static readonly int Programs = int.TryParse(Environment.GetEnvironmentVariable("LSTMGEN_GENERATOR_PROGRAMS"), out int n) ? n : 500;

    [Fact]
    public void NeverThrowsAndEmitsOnlyCodeThatCompiles()
    {
        var stopwatch = Stopwatch.StartNew();
        int emitting = 0, generatedFiles = 0;
        RandomPrograms.Program.Sample(sources =>
        {
            int files = CheckProgram(sources);
            if (files > 0)
                Interlocked.Increment(ref emitting);
            Interlocked.Add(ref generatedFiles, files);
        }, iter: Programs, print: sources => "\n" + string.Join("\n// ---- next file ----\n", sources));
        output.WriteLine($"{Programs} programs in {stopwatch.Elapsed.TotalSeconds:F1} s; {emitting} emitted code ({generatedFiles} files), all of it compiling");
    }

    /// <summary>Runs the generator over one program; throws unless the properties hold. Returns how many files it generated.</summary>
    internal static int CheckProgram(string[] sources)
    {
        var input = GeneratorHarness.Compile(sources);
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var withGenerated, out var driverDiagnostics);
        var result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null)
            throw new InvalidOperationException("the generator threw: " + result.Exception);
        var failed = driverDiagnostics.Concat(result.Diagnostics).Where(d => d.Id is "CS8784" or "CS8785").ToList();
        if (failed.Count > 0)
            throw new InvalidOperationException("the generator failed: " + string.Join("\n", failed));
        if (result.GeneratedSources.IsEmpty || ReplacesReferencedType(input))
            return result.GeneratedSources.Length;

        var generatedTrees = result.GeneratedSources.Select(s => s.SyntaxTree).ToHashSet();
        var before = Errors(input);
        var after = Errors(withGenerated);
        var inGenerated = after.Where(d => d.Location.SourceTree is { } t && withGenerated.SyntaxTrees.Contains(t) && IsGenerated(t, generatedTrees)).ToList();
        // An error where the user's code already had one is the same problem told anew (an unknown name in a broken
        // attribute argument that now finds a generated constant), not a new one.
        var newInUser = after.Where(d => !inGenerated.Contains(d) && !before.Any(b => SameProblem(b, d))).ToList();
        bool reportsError = result.Diagnostics.Any(d => d.Id.StartsWith("LSTMGEN", StringComparison.Ordinal) && d.Severity == DiagnosticSeverity.Error);
        if (inGenerated.Count > 0 || (newInUser.Count > 0 && !reportsError))
            throw new InvalidOperationException(
                $"generated code does not compile ({inGenerated.Count} errors in generated files, {newInUser.Count} new in the user's; LSTMGEN errors: {reportsError}):\n"
                + string.Join("\n", inGenerated.Concat(newInUser).Take(10).Select(d => $"{d}\n    at: {LineOf(d)}")));
        return result.GeneratedSources.Length;
    }

    // A user type that takes the full name of one of LstmGen's or .NET's (LstmGen.ILstmLayer, System.Math) replaces it for
    // global:: names too (the compiler's warning CS0436 where it is used): no generated code can escape that.
    private static bool ReplacesReferencedType(Compilation compilation) =>
        compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>()
            .Where(t => t.ContainingType is null && t.ContainingNamespace is { IsGlobalNamespace: false })
            .Any(t => compilation.GetTypesByMetadataName(t.ContainingNamespace.ToDisplayString() + "." + t.MetadataName).Length > 1);

    private static string LineOf(Diagnostic d) =>
        d.Location.SourceTree is { } tree ? tree.GetText().Lines.GetLineFromPosition(d.Location.SourceSpan.Start).ToString().Trim() : "";

    private static List<Diagnostic> Errors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    private static bool SameProblem(Diagnostic before, Diagnostic after) =>
        before.Location.SourceTree?.FilePath == after.Location.SourceTree?.FilePath
        && (before.Id == after.Id ? before.Location.SourceSpan == after.Location.SourceSpan : before.Location.SourceSpan.OverlapsWith(after.Location.SourceSpan));

    // The compilation's generated trees are new instances with the generator's paths; match them by path.
    private static bool IsGenerated(SyntaxTree tree, HashSet<SyntaxTree> generated) =>
        generated.Contains(tree) || generated.Any(g => g.FilePath == tree.FilePath);
}

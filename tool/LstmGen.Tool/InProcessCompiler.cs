using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmGen.Tool;

/// <summary>An assembly compiled in-process, loaded in its own collectible context; disposing unloads it.</summary>
internal sealed class CompiledAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public CompiledAssembly(AssemblyLoadContext context, Assembly assembly, IReadOnlyList<Diagnostic> diagnostics)
    {
        _context = context;
        Assembly = assembly;
        Diagnostics = diagnostics;
    }

    public Assembly Assembly { get; }

    /// <summary>The generator's and the compiler's warnings (errors make <see cref="InProcessCompiler.Compile"/> throw).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }

    /// <summary>A new instance of the type named <paramref name="fullName"/>.</summary>
    public object Create(string fullName) =>
        Activator.CreateInstance(Assembly.GetType(fullName, throwOnError: true)!)!;

    public void Dispose() => _context.Unload();
}

/// <summary>
/// Runs the LstmGen generator and the C# compiler in-process over a source text, as a build does, and loads the result.
/// The LstmGen runtime types the code uses resolve to the ones this process already has loaded, so instances can be
/// used through ILstmModel / ILstmLayer.
/// </summary>
internal static class InProcessCompiler
{
    /// <summary>C# 12: the newest the generator's Roslyn (4.8) parses.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp12);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(LstmWeights).Assembly.Location)
            .Append(typeof(KerasWeightsFile).Assembly.Location)
            .Distinct()
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray());

    /// <summary>Generates and compiles <paramref name="sources"/> (optimised, as a Release build) and loads the assembly.</summary>
    /// <exception cref="InvalidOperationException">The generator or the compiler reports an error (listed in the message).</exception>
    public static CompiledAssembly Compile(params string[] sources)
    {
        string name = "LstmGen.Tool.Compiled" + Guid.NewGuid().ToString("N");
        var input = CSharpCompilation.Create(name,
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Model{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release,
                nullableContextOptions: NullableContextOptions.Enable));
        var driver = CSharpGeneratorDriver.Create([new LstmGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver.RunGeneratorsAndUpdateCompilation(input, out var output, out var generatorDiagnostics);
        using var image = new MemoryStream();
        var emit = output.Emit(image);
        var diagnostics = generatorDiagnostics.Concat(emit.Diagnostics).Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0 || !emit.Success)
            throw new InvalidOperationException("the generated code does not compile: " + string.Join("; ", errors.Take(5)));
        image.Position = 0;
        var context = new AssemblyLoadContext(name, isCollectible: true);
        return new CompiledAssembly(context, context.LoadFromStream(image), diagnostics);
    }
}

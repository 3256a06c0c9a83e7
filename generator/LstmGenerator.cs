using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>
/// The incremental pipelines: classes carrying [LstmLayer] (one layer) and classes carrying [LstmModel]
/// (a stack of [Lstm]/[Gru]/[Dense] layers); each is parsed into a spec of plain values, its diagnostics reported
/// and its source emitted. A third set of pipelines reports layer attributes on classes without [LstmModel].
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LstmGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps, for caching tests.</summary>
    public static class TrackingNames
    {
        /// <summary>The parsed layers (spec and diagnostics).</summary>
        public const string Layers = "LstmGen.Layers";

        /// <summary>The specs alone: plain values, the input of emission.</summary>
        public const string Specs = "LstmGen.Specs";

        /// <summary>The diagnostics alone.</summary>
        public const string Diagnostics = "LstmGen.Diagnostics";

        /// <summary>The parsed [LstmModel] classes.</summary>
        public const string Models = "LstmGen.Models";

        /// <summary>The model specs alone.</summary>
        public const string ModelSpecs = "LstmGen.ModelSpecs";

        /// <summary>The model diagnostics alone.</summary>
        public const string ModelDiagnostics = "LstmGen.ModelDiagnostics";
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var layers = Register(context, AttributeNames.LstmLayer, "LstmLayer", LayerParser.Parse, LayerEmitter.Emit,
            TrackingNames.Layers, TrackingNames.Specs, TrackingNames.Diagnostics);
        var models = Register(context, AttributeNames.LstmModel, "LstmModel", ModelParser.Parse, ModelEmitter.Emit,
            TrackingNames.Models, TrackingNames.ModelSpecs, TrackingNames.ModelDiagnostics);

        // One warning per compilation when it is not optimised and has generated classes: a Debug build compiles the kernels
        // unoptimised. The options are selected out of the compilation, so the output re-runs only when they or the
        // generated classes change.
        var classes = layers.Collect().Combine(models.Collect())
            .Select(static (both, _) => new EquatableArray<string>(both.Left.Concat(both.Right).OfType<string>().ToArray()));
        var unoptimised = context.CompilationProvider.Select(static (compilation, _) => compilation.Options.OptimizationLevel == OptimizationLevel.Debug);
        context.RegisterSourceOutput(classes.Combine(unoptimised), static (spc, input) =>
        {
            if (input.Right && input.Left.Length > 0)
                spc.ReportDiagnostic(Diagnostic.Create(Diagnostics.Unoptimised, Location.None, Format.Names(input.Left.ToArray())));
        });

        // Layer attributes need an [LstmModel] on their class; one pipeline per attribute (FAWMN takes one name).
        foreach (var (layerAttribute, _) in AttributeNames.ModelLayers)
        {
            var orphans = context.SyntaxProvider.ForAttributeWithMetadataName(
                layerAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ModelParser.ParseOrphanLayers(ctx, ct));
            context.RegisterSourceOutput(orphans, static (spc, list) => Report(spc, list));
        }
    }

    // One attribute's pipeline, split in two outputs: emission sees only equatable plain values (the spec, and the members
    // the user declared in the class, usually none), so it re-runs only when the class's shape or those members change; it
    // reports the user's members that clash with emitted ones (LSTMGEN008). Hint names depend on the names of all classes
    // of the kind (GeneratedFile.HintName), collected apart from the specs, so a class's output re-runs when a class is
    // added, removed or renamed, not when another class's sizes change. The parse diagnostics keep their source
    // locations so #pragma can suppress them.
    // Returns the names of the classes it emits (null for a class it does not).
    private static IncrementalValuesProvider<string?> Register<TSpec>(IncrementalGeneratorInitializationContext context, string attribute,
        string kind, Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TSpec>> parse, Func<TSpec, string> emit,
        string parsedName, string specsName, string diagnosticsName) where TSpec : class, IClassSpec
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => IsClass(node), parse)
            .WithTrackingName(parsedName);
        var specs = parsed.Select(static (result, _) => result.Emission).WithTrackingName(specsName);
        var generated = specs.Select(static (emission, _) => emission is null ? null : new GeneratedClass(emission.Spec)).Collect()
            .Select(static (all, _) => new EquatableArray<GeneratedClass>(all.OfType<GeneratedClass>().ToArray()));
        context.RegisterSourceOutput(specs.Combine(generated), (spc, input) =>
        {
            if (input.Left is { } emission)
                EmittedMembers.AddOrReport(spc, emission, kind, GeneratedFile.HintName(new GeneratedClass(emission.Spec), input.Right, kind),
                    emit(emission.Spec));
        });
        var diagnostics = parsed.Select(static (result, _) => result.Diagnostics).WithTrackingName(diagnosticsName);
        context.RegisterSourceOutput(diagnostics, static (spc, list) => Report(spc, list));
        return specs.Select(static (emission, _) => emission?.Spec.ClassName);
    }

    // A class or a record class; structs are left to the compiler's own error on the attribute usage.
    private static bool IsClass(SyntaxNode node) =>
        node is ClassDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.Text: not "struct" };

    private static void Report(SourceProductionContext context, EquatableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
            context.ReportDiagnostic(diagnostic);
    }
}

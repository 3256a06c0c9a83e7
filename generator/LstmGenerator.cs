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
        Register(context, AttributeNames.LstmLayer, LayerParser.Parse,
            static (spc, spec) => spc.AddSource(LayerEmitter.HintName(spec), LayerEmitter.Emit(spec)),
            TrackingNames.Layers, TrackingNames.Specs, TrackingNames.Diagnostics);
        Register(context, AttributeNames.LstmModel, ModelParser.Parse,
            static (spc, spec) => spc.AddSource(ModelEmitter.HintName(spec), ModelEmitter.Emit(spec)),
            TrackingNames.Models, TrackingNames.ModelSpecs, TrackingNames.ModelDiagnostics);

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

    // One attribute's pipeline, split in two outputs: emission sees only the equatable spec, so it re-runs only when the
    // class's shape changes; the diagnostics keep their source locations so #pragma can suppress them.
    private static void Register<TSpec>(IncrementalGeneratorInitializationContext context, string attribute,
        Func<GeneratorAttributeSyntaxContext, CancellationToken, ParseResult<TSpec>> parse, Action<SourceProductionContext, TSpec> emit,
        string parsedName, string specsName, string diagnosticsName) where TSpec : class
    {
        var parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(attribute, static (node, _) => IsClass(node), parse)
            .WithTrackingName(parsedName);
        var specs = parsed.Select(static (result, _) => result.Spec).WithTrackingName(specsName);
        context.RegisterSourceOutput(specs, (spc, spec) =>
        {
            if (spec is not null)
                emit(spc, spec);
        });
        var diagnostics = parsed.Select(static (result, _) => result.Diagnostics).WithTrackingName(diagnosticsName);
        context.RegisterSourceOutput(diagnostics, static (spc, list) => Report(spc, list));
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

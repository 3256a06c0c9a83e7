using Microsoft.CodeAnalysis;
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
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var layers = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.LstmLayer, static (node, _) => IsClass(node), static (ctx, ct) => LayerParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Layers);

        // Two outputs: emission sees only the equatable spec, so it re-runs only when the layer's
        // shape changes; diagnostics keep their source locations so #pragma can suppress them.
        var specs = layers.Select(static (layer, _) => layer.Spec).WithTrackingName(TrackingNames.Specs);
        context.RegisterSourceOutput(specs, static (spc, spec) =>
        {
            if (spec is not null)
                spc.AddSource(LayerEmitter.HintName(spec), LayerEmitter.Emit(spec));
        });
        var diagnostics = layers.Select(static (layer, _) => layer.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) => Report(spc, list));

        // Whole models: the same split into an equatable spec (emission) and diagnostics.
        var models = context.SyntaxProvider
            .ForAttributeWithMetadataName(AttributeNames.LstmModel, static (node, _) => IsClass(node), static (ctx, ct) => ModelParser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Models);
        var modelSpecs = models.Select(static (model, _) => model.Spec).WithTrackingName(TrackingNames.ModelSpecs);
        context.RegisterSourceOutput(modelSpecs, static (spc, spec) =>
        {
            if (spec is not null)
                spc.AddSource(ModelEmitter.HintName(spec), ModelEmitter.Emit(spec));
        });
        context.RegisterSourceOutput(models.Select(static (model, _) => model.Diagnostics), static (spc, list) => Report(spc, list));

        // Layer attributes need an [LstmModel] on their class; one pipeline per attribute (FAWMN takes one name).
        foreach (var layerAttribute in AttributeNames.ModelLayers)
        {
            var orphans = context.SyntaxProvider.ForAttributeWithMetadataName(
                layerAttribute,
                static (node, _) => node is TypeDeclarationSyntax,
                static (ctx, ct) => ModelParser.ParseOrphanLayers(ctx, ct));
            context.RegisterSourceOutput(orphans, static (spc, list) => Report(spc, list));
        }
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

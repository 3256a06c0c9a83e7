using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>
/// The incremental pipeline: find classes carrying [LstmLayer], parse each into a value model,
/// report its diagnostics and emit its kernel.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class LstmLayerGenerator : IIncrementalGenerator
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
    }

    internal const string AttributeName = "LstmGen.LstmLayerAttribute";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var layers = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                AttributeName,
                static (node, _) => node is ClassDeclarationSyntax or RecordDeclarationSyntax { ClassOrStructKeyword.Text: not "struct" },
                static (ctx, ct) => Parser.Parse(ctx, ct))
            .WithTrackingName(TrackingNames.Layers);

        // Two outputs: emission sees only the equatable spec, so it re-runs only when the layer's
        // shape changes; diagnostics keep their source locations so #pragma can suppress them.
        var specs = layers.Select(static (layer, _) => layer.Spec).WithTrackingName(TrackingNames.Specs);
        context.RegisterSourceOutput(specs, static (spc, spec) =>
        {
            if (spec is not null)
                spc.AddSource(Emitter.HintName(spec), Emitter.Emit(spec));
        });

        var diagnostics = layers.Select(static (layer, _) => layer.Diagnostics).WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (spc, list) =>
        {
            foreach (var diagnostic in list)
                spc.ReportDiagnostic(diagnostic);
        });
    }
}

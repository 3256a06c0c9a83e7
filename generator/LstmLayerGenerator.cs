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

        context.RegisterSourceOutput(layers, static (spc, layer) =>
        {
            foreach (var diagnostic in layer.Diagnostics)
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            if (layer.Spec is { } spec)
                spc.AddSource(Emitter.HintName(spec), Emitter.Emit(spec));
        });
    }
}

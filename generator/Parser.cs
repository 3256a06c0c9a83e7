using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LstmGen.GeneratedCodeSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>Turns one [LstmLayer] class into a <see cref="LayerResult"/>. Never throws on odd source.</summary>
internal static class Parser
{
    private static readonly string[] GeneratedMembers =
        { "Input", "Units", "Steps", "ReturnSequences", "ParameterCount", "LoadWeights", "Forward", "Step", "ResetState" };

    public static LayerResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
            return new LayerResult(null, default);

        var attribute = context.Attributes.FirstOrDefault();
        // [LstmLayer] on several partial declarations of one class is the compiler's CS0579; answer only
        // for the first so the class gets one kernel and one set of diagnostics.
        var first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == LstmLayerGenerator.AttributeName);
        if (attribute is null || first?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent != declaration)
            return new LayerResult(null, default);
        var attributeSyntax = attribute?.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var nameLocation = declaration.Identifier.GetLocation();
        string name = type.Name;

        void Report(DiagnosticDescriptor d, Location? where, params object[] args) =>
            diagnostics.Add(Diagnostic.Create(d, where, args));

        CheckClass(type, nameLocation, "LstmLayer", GeneratedMembers, diagnostics, cancellationToken);

        // The sizes. An argument the compiler already rejects (wrong type, not constant) stops emission
        // without a diagnostic of ours: the compiler's error is the useful one.
        var attributeLocation = attributeSyntax?.GetLocation();
        bool unusable = false;
        int? ReadInt(string property, bool required)
        {
            var syntax = FindArgument(attributeSyntax, property);
            if (syntax is null)
            {
                if (required) Report(Diagnostics.Missing, attributeLocation, name, property, "LstmLayer", "LstmLayer(Input = 28, Units = 128)");
                return null;
            }
            var constant = attribute!.NamedArguments.FirstOrDefault(a => a.Key == property).Value;
            if (constant.Kind != TypedConstantKind.Primitive || constant.Value is not int value)
            {
                unusable = true;
                return null;
            }
            if (value < 1)
            {
                Report(Diagnostics.NotPositive, syntax.GetLocation(), name, property, value.ToString(), "LstmLayer");
                return null;
            }
            return value;
        }

        int? input = ReadInt("Input", required: true);
        int? units = ReadInt("Units", required: true);
        int? steps = ReadInt("Steps", required: false);
        bool returnSequences = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "ReturnSequences").Value.Value is true;
        // RecurrentWeights: a WeightPrecision; a cast of any other number is refused.
        var recurrentPrecision = WeightPrecision.Single;
        if (attribute?.NamedArguments.FirstOrDefault(a => a.Key == "RecurrentWeights").Value is { Value: int precision })
        {
            if (precision is >= (int)WeightPrecision.Single and <= (int)WeightPrecision.BFloat16)
                recurrentPrecision = (WeightPrecision)precision;
            else
                Report(Diagnostics.UnsupportedOption, FindArgument(attributeSyntax, "RecurrentWeights")?.GetLocation(), name, "LstmLayer",
                    "RecurrentWeights", precision.ToString(), "use WeightPrecision.Single, Half or BFloat16");
        }

        bool stateOnStack = true;
        if (input is int i && units is int u)
        {
            // Limits: packed weights must fit one array, and a sequence's input/output must fit a span.
            long packed = KernelSizing.PackedLstmFloats(i, u);
            if (packed > int.MaxValue)
                Report(Diagnostics.TooLarge, FindArgument(attributeSyntax, "Units")?.GetLocation(),
                    name, "4·Units·(Input+Units+1) (packed)", packed.ToString(), int.MaxValue.ToString(), "LstmLayer");
            else if (steps is int s && (long)s * System.Math.Max(i, u) > int.MaxValue)
                Report(Diagnostics.TooLarge, FindArgument(attributeSyntax, "Steps")?.GetLocation(),
                    name, "Steps·max(Input, Units)", ((long)s * System.Math.Max(i, u)).ToString(), int.MaxValue.ToString(), "LstmLayer");
            else
            {
                long stateBytes = KernelSizing.ForwardStateFloats(u, steps ?? 0) * sizeof(float);
                stateOnStack = stateBytes <= KernelSizing.ForwardStackBudgetBytes;
                if (!stateOnStack)
                    Report(Diagnostics.StateOffStack, attributeLocation, name, stateBytes.ToString(), KernelSizing.ForwardStackBudgetBytes.ToString());
            }
        }

        bool hasError = unusable || input is null || units is null
            || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)
            || (FindArgument(attributeSyntax, "Steps") is not null && steps is null);
        var spec = hasError
            ? null
            : new LayerSpec(
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                name, declaration is RecordDeclarationSyntax ? "record class" : "class", input!.Value, units!.Value, steps ?? 0, returnSequences, stateOnStack, recurrentPrecision);
        return new LayerResult(spec, new EquatableArray<Diagnostic>(diagnostics.ToArray()));
    }

    /// <summary>
    /// The class shape both generators need: partial, not static, top level, not generic, and no member of its own
    /// named like one the generator adds. Reports at the class name (or the clashing member).
    /// </summary>
    internal static void CheckClass(INamedTypeSymbol type, Location nameLocation, string attribute, IEnumerable<string> generatedMembers,
        List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        string name = type.Name;
        if (!type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax c
                && c.Modifiers.Any(m => m.Text == "partial")))
            diagnostics.Add(Diagnostic.Create(Diagnostics.NotPartial, nameLocation, name, attribute));
        if (type.IsStatic)
            diagnostics.Add(Diagnostic.Create(Diagnostics.Static, nameLocation, name));
        if (type.ContainingType is { } outer)
            diagnostics.Add(Diagnostic.Create(Diagnostics.Nested, nameLocation, name, outer.Name, attribute));
        if (type.IsGenericType)
            diagnostics.Add(Diagnostic.Create(Diagnostics.Generic, nameLocation, name, attribute));
        foreach (var member in generatedMembers)
            foreach (var existing in type.GetMembers(member))
                if (!existing.IsImplicitlyDeclared)
                    diagnostics.Add(Diagnostic.Create(Diagnostics.MemberClash, existing.Locations.FirstOrDefault(), name, member, attribute));
    }

    internal static AttributeArgumentSyntax? FindArgument(AttributeSyntax? attribute, string property) =>
        attribute?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);
}

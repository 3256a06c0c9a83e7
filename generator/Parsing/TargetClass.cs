using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>The class an [LstmLayer] or [LstmModel] attribute targets, as both parsers see it.</summary>
internal static class TargetClass
{
    /// <summary>Whether <paramref name="type"/> carries an attribute of this metadata name.</summary>
    public static bool Has(INamedTypeSymbol type, string attributeName) =>
        type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == attributeName);

    /// <summary>
    /// The class, its declaration and the attribute of <paramref name="context"/>; null when the target is not a class (or
    /// one without a name yet, or in a namespace without one: the compiler reports the syntax error), or
    /// when this declaration does not carry the class's first such attribute: the attribute on several partial
    /// declarations of one class is the compiler's CS0579, and only the first answers, so the class gets one source and
    /// one set of diagnostics.
    /// </summary>
    public static (INamedTypeSymbol Type, TypeDeclarationSyntax Declaration, AttributeData Attribute)? Find(
        GeneratorAttributeSyntaxContext context, string attributeName, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration
            || declaration.Identifier.IsMissing || InNamelessNamespace(type) || context.Attributes.FirstOrDefault() is not { } attribute)
            return null;
        var first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == attributeName);
        return first?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent == declaration ? (type, declaration, attribute) : null;
    }

    // "namespace, System { ... }" while typing: the compiler makes a namespace named "", which no source can name.
    private static bool InNamelessNamespace(INamedTypeSymbol type)
    {
        for (var ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            if (ns.Name.Length == 0)
                return true;
        return false;
    }

    /// <summary>The namespace to emit into; null for the global namespace.</summary>
    public static string? Namespace(INamedTypeSymbol type) =>
        type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null;

    /// <summary>The keyword of the emitted partial declaration: "class" or "record class".</summary>
    public static string Keyword(TypeDeclarationSyntax declaration) => declaration is RecordDeclarationSyntax ? "record class" : "class";

    /// <summary>
    /// The class shape both generators need: partial, not static, top level, not generic, not file-local, and no member of its own
    /// named like one the generator adds. Reports at the class name (or the clashing member).
    /// </summary>
    public static void Check(INamedTypeSymbol type, TypeDeclarationSyntax declaration, string attribute, IEnumerable<string> generatedMembers,
        ParseReport report, CancellationToken cancellationToken)
    {
        string name = type.Name;
        var nameLocation = declaration.Identifier.GetLocation();
        if (!type.DeclaringSyntaxReferences.Any(r => r.GetSyntax(cancellationToken) is TypeDeclarationSyntax c
                && c.Modifiers.Any(m => m.Text == "partial")))
            report.Add(Diagnostics.NotPartial, nameLocation, name, attribute);
        if (type.IsStatic)
            report.Add(Diagnostics.Static, nameLocation, name);
        if (type.ContainingType is { } outer)
            report.Add(Diagnostics.Nested, nameLocation, name, outer.Name, attribute);
        if (type.IsGenericType)
            report.Add(Diagnostics.Generic, nameLocation, name, attribute);
        if (type.IsFileLocal)
            report.Add(Diagnostics.FileLocal, nameLocation, name, attribute);
        foreach (var member in generatedMembers)
            foreach (var existing in type.GetMembers(member))
                if (!existing.IsImplicitlyDeclared)
                    report.Add(Diagnostics.MemberClash, existing.Locations.FirstOrDefault(), name, member, attribute);
    }

    /// <summary>
    /// The members the user declared in the class beyond the public <paramref name="checkedMembers"/> <see cref="Check"/>
    /// already reported: the emit stage checks them against every member the emitted source adds,
    /// private ones included (fields, kernel methods, layout constants), for LSTMGEN008 (<see cref="EmittedMembers"/>).
    /// </summary>
    public static EquatableArray<UserMember> OwnMembers(INamedTypeSymbol type, IEnumerable<string> checkedMembers) =>
        new(type.GetMembers()
            .Where(m => !m.IsImplicitlyDeclared && !checkedMembers.Contains(m.Name) && m.Locations.FirstOrDefault() is { IsInSource: true })
            .Select(m => new UserMember(m.Name, m is IMethodSymbol method ? Signature(method) : null, m.Locations[0]))
            .ToArray());

    // A method's parameter list as the emitter writes it: ref kinds, then types with global:: names and keywords.
    private static string Signature(IMethodSymbol method) => string.Join(", ", method.Parameters.Select(p =>
        (p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => "" })
        + p.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)));
}

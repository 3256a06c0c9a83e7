using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>
/// The emit stage's last step: add the emitted source, unless members the user declared clash with members it declares
/// (LSTMGEN008), in which case it reports each of them instead, since the source would add only the compiler's
/// duplicate-member errors. A member of the same name clashes unless both are methods whose parameters differ
/// (overloads). The emitted source is the one list of its members, so it is parsed only when the user declared members of
/// their own.
/// </summary>
internal static class EmittedMembers
{
    public static void AddOrReport<TSpec>(SourceProductionContext context, Emission<TSpec> emission, string attribute, string hintName, string source)
        where TSpec : class, IClassSpec
    {
        var clashes = Clashes(source, emission.OwnMembers, context.CancellationToken);
        if (clashes.Count == 0)
        {
            context.AddSource(hintName, source);
            return;
        }
        foreach (var member in clashes)
            context.ReportDiagnostic(Diagnostic.Create(Diagnostics.MemberClash, member.Location, emission.Spec.ClassName, member.Name, attribute));
    }

    private static List<UserMember> Clashes(string source, EquatableArray<UserMember> own, CancellationToken cancellationToken)
    {
        var clashes = new List<UserMember>();
        if (own.Length == 0)
            return clashes;
        var emitted = Declared(source, cancellationToken);
        foreach (var member in own)
            if (emitted.TryGetValue(member.Name, out var signatures)
                && (signatures is null || member.Signature is null || signatures.Contains(member.Signature)))
                clashes.Add(member);
        return clashes;
    }

    // The members the generated source declares in its (one, top-level) class, by name: the parameter lists of the methods
    // of that name, or null when a member of that name is not a method. Explicit interface implementations take no name.
    private static Dictionary<string, HashSet<string>?> Declared(string source, CancellationToken cancellationToken)
    {
        var root = CSharpSyntaxTree.ParseText(source, cancellationToken: cancellationToken).GetRoot(cancellationToken);
        var members = new Dictionary<string, HashSet<string>?>();
        void NotMethod(string name) => members[name] = null;
        foreach (var member in root.DescendantNodes().OfType<TypeDeclarationSyntax>().First().Members)
        {
            switch (member)
            {
                case BaseFieldDeclarationSyntax field:
                    foreach (var variable in field.Declaration.Variables)
                        NotMethod(variable.Identifier.ValueText);
                    break;
                case MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } method:
                    string name = method.Identifier.ValueText;
                    if (!members.TryGetValue(name, out var signatures))
                        members[name] = signatures = new HashSet<string>();
                    signatures?.Add(string.Join(", ", method.ParameterList.Parameters.Select(p => (p.Modifiers.ToString() + " " + p.Type).Trim())));
                    break;
                case PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } property:
                    NotMethod(property.Identifier.ValueText);
                    break;
                case BaseTypeDeclarationSyntax nested:
                    NotMethod(nested.Identifier.ValueText);
                    break;
            }
        }
        return members;
    }
}

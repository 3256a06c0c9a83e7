namespace LstmGen.Generator;

/// <summary>What every generated file shares: its hint name and the lines after its header.</summary>
internal static class GeneratedFile
{
    /// <summary>
    /// The hint name of one generated file: "Namespace.Class.LstmLayer.g.cs" (<paramref name="kind"/> "LstmLayer" or
    /// "LstmModel"), without the '@' of escaped keywords (namespace @class.x), which hint names must not contain.
    /// Roslyn compares hint names ignoring case and throws on a repeat, and two classes can share a name in that
    /// comparison: L and l (valid C#), or a class and a record named L (the compiler's CS0101, after which the generator
    /// must still not throw). So among <paramref name="all"/> the classes of this kind, those sharing a name are ordered
    /// by their exact names: the first keeps the plain name and the others get ".2", ".3", ... before ".g.cs". A class's
    /// name then changes only when such a namesake comes or goes.
    /// </summary>
    public static string HintName(GeneratedClass generated, EquatableArray<GeneratedClass> all, string kind)
    {
        string plain = Plain(generated, kind);
        int rank = all.Count(other => string.Equals(Plain(other, kind), plain, StringComparison.OrdinalIgnoreCase)
            && string.CompareOrdinal(other.Identity, generated.Identity) < 0);
        return plain + (rank == 0 ? "" : "." + (rank + 1).ToString(CultureInfo.InvariantCulture)) + ".g.cs";
    }

    private static string Plain(GeneratedClass generated, string kind) =>
        (generated.Namespace is null ? "" : generated.Namespace.Replace("@", "") + ".") + generated.ClassName + "." + kind;

    /// <summary>A public constant with its one-line summary, then a blank line.</summary>
    public static void WriteConstant(IndentedWriter w, string summary, string declaration)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public const {declaration};");
        w.Line();
    }

    /// <summary>
    /// Nullable context and the namespace. No using directives: the code names every type with its global:: namespace
    /// (<see cref="Global"/>), so types the user declares beside the class cannot capture its names.
    /// </summary>
    public static void WritePreamble(IndentedWriter w, string? ns)
    {
        w.Line("#nullable enable");
        w.Line();
        if (ns is not null)
        {
            w.Line($"namespace {ns};");
            w.Line();
        }
    }

    /// <summary>The generator's version, as the generated types' GeneratedCode attribute records it: this assembly's version.</summary>
    public static readonly string Version = typeof(GeneratedFile).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

    /// <summary>[GeneratedCode("LstmGen", version)] on a generated type, the marker tools (analyzers, coverage) go by, as the .NET generators write it.</summary>
    public static void WriteGeneratedCode(IndentedWriter w) => w.Line($"[{Global.GeneratedCode}(\"LstmGen\", \"{Version}\")]");
}

/// <summary>The names that tell generated classes apart, all their hint names depend on.</summary>
internal sealed record GeneratedClass(string? Namespace, string ClassName, string Keyword)
{
    public GeneratedClass(IClassSpec spec) : this(spec.Namespace, spec.ClassName, spec.Keyword) { }

    /// <summary>The exact namespace, name and keyword.</summary>
    public string Identity => Keyword + " " + Namespace + "." + ClassName;
}

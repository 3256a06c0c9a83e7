namespace LstmGen.Generator;

/// <summary>What every generated file shares: its hint name and the lines after its header.</summary>
internal static class GeneratedFile
{
    /// <summary>
    /// "Namespace.Class.LstmLayer.g.cs" (<paramref name="kind"/> "LstmLayer" or "LstmModel"), without the '@' of escaped
    /// keywords (namespace @class.x), which hint names must not contain.
    /// </summary>
    public static string HintName(string? ns, string className, string kind) =>
        (ns is null ? "" : ns.Replace("@", "") + ".") + className + "." + kind + ".g.cs";

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

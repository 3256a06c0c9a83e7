namespace LstmGen.Generator;

/// <summary>What every generated file shares: its hint name and the lines after its header.</summary>
internal static class GeneratedFile
{
    /// <summary>"Namespace.Class.LstmLayer.g.cs" (<paramref name="kind"/> "LstmLayer" or "LstmModel").</summary>
    public static string HintName(string? ns, string className, string kind) =>
        (ns is null ? "" : ns + ".") + className + "." + kind + ".g.cs";

    /// <summary>A public constant with its one-line summary, then a blank line.</summary>
    public static void WriteConstant(IndentedWriter w, string summary, string declaration)
    {
        w.Line($"/// <summary>{summary}</summary>");
        w.Line($"public const {declaration};");
        w.Line();
    }

    /// <summary>Nullable context, usings, the namespace.</summary>
    public static void WritePreamble(IndentedWriter w, string? ns)
    {
        w.Line("#nullable enable");
        w.Line("using System;");
        w.Line("using System.Runtime.CompilerServices;");
        w.Line("using System.Runtime.InteropServices;");
        w.Line("using System.Runtime.Intrinsics;");
        w.Line("using LstmGen;");
        w.Line("using LstmGen.GeneratedCodeSupport;");
        w.Line();
        if (ns is not null)
        {
            w.Line($"namespace {ns};");
            w.Line();
        }
    }
}

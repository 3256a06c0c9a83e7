namespace LstmGen.Generator;

/// <summary>The argument checks the generated public methods of layers and models start with, and their docs.</summary>
internal static class ArgumentChecks
{
    /// <summary>
    /// <c>if (condition) throw new ArgumentException(message, nameof(parameter));</c> over two lines. The message is the
    /// text of an interpolated string, so holes in braces show the actual values.
    /// </summary>
    public static void Write(IndentedWriter w, string condition, string parameter, string message, bool interpolated = true)
    {
        w.Line($"if ({condition})");
        w.Line($"    throw new {Global.ArgumentException}({(interpolated ? "$" : "")}\"{message}\", nameof({parameter}));");
    }

    /// <summary>The exceptions of a method that checks its spans' lengths and needs loaded weights.</summary>
    public static void WriteDocs(IndentedWriter w)
    {
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">No weights were loaded.</exception>");
    }
}

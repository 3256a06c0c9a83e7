namespace LstmGen.Generator;

/// <summary>The argument checks the generated public methods of layers and models start with, and their docs.</summary>
internal static class ArgumentChecks
{
    private const string NoInlining = "global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)";

    /// <summary>
    /// <c>if (condition) throw new ArgumentException(message, nameof(parameter));</c>. The message is the text of an
    /// interpolated string, so holes in braces show the actual values. When it has holes, the exception is built by a
    /// static local function that is never inlined, and the holes become its arguments: formatting an interpolated
    /// string inline would put a DefaultInterpolatedStringHandler in the checking method's frame, which the JIT then
    /// zeroes on every call (with a 512-bit store on AVX-512 CPUs), and would make a small method too big to inline.
    /// </summary>
    public static void Write(IndentedWriter w, string condition, string parameter, string message, bool interpolated = true)
    {
        var holes = new List<string>();
        string text = interpolated ? LiftHoles(message, holes) : message;
        if (holes.Count == 0)
        {
            w.Line($"if ({condition})");
            w.Line($"    throw new {Global.ArgumentException}({(interpolated ? "$" : "")}\"{text}\", nameof({parameter}));");
            return;
        }
        string typeParameters = string.Join(", ", holes.Select((_, k) => $"T{k}"));
        string parameters = string.Join(", ", holes.Select((_, k) => $"T{k} a{k}"));
        using (w.Block($"if ({condition})"))
        {
            w.Line($"[{NoInlining}]");
            w.Line($"static {Global.ArgumentException} Error<{typeParameters}>({parameters}) => new($\"{text}\", \"{parameter}\");");
            w.Line($"throw Error({string.Join(", ", holes)});");
        }
    }

    /// <summary>
    /// Replaces each hole of an interpolated string's text, {expression} or {expression:format}, by {aK:format}, K
    /// counting from 0, and collects the expressions in <paramref name="holes"/>. Doubled braces stay literal.
    /// </summary>
    private static string LiftHoles(string message, List<string> holes)
    {
        var text = new System.Text.StringBuilder(message.Length);
        for (int k = 0; k < message.Length; k++)
        {
            char ch = message[k];
            bool doubled = k + 1 < message.Length && message[k + 1] == ch;
            if ((ch == '{' || ch == '}') && doubled)
            {
                text.Append(ch).Append(ch);
                k++;
                continue;
            }
            if (ch != '{')
            {
                text.Append(ch);
                continue;
            }
            // The hole runs to the brace that closes it; a ':' or ',' outside brackets starts its format or alignment.
            int depth = 0, end = k + 1, split = -1;
            for (; end < message.Length; end++)
            {
                char c = message[end];
                if (c is '(' or '[' or '{')
                    depth++;
                else if (c is ')' or ']')
                    depth--;
                else if (c == '}')
                {
                    if (depth == 0)
                        break;
                    depth--;
                }
                else if (c is ':' or ',' && depth == 0 && split < 0)
                    split = end;
            }
            int expressionEnd = split < 0 ? end : split;
            text.Append("{a").Append(holes.Count).Append(message, expressionEnd, end - expressionEnd).Append('}');
            holes.Add(message.Substring(k + 1, expressionEnd - k - 1));
            k = end;
        }
        return text.ToString();
    }

    /// <summary>The exceptions of a method that checks its spans' lengths and needs loaded weights.</summary>
    public static void WriteDocs(IndentedWriter w)
    {
        w.Line("/// <exception cref=\"global::System.ArgumentException\">A span has the wrong length.</exception>");
        w.Line("/// <exception cref=\"global::System.InvalidOperationException\">No weights were loaded.</exception>");
    }
}

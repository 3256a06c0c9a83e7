using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LstmGen.Generator;

/// <summary>How numbers and words appear in emitted source and in messages.</summary>
internal static class Format
{
    /// <summary>A number with thousands separators, for comments and docs: 80384 → "80,384".</summary>
    public static string Grouped(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number as code and diagnostic messages write it, the same in every culture.</summary>
    public static string Plain(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc cref="Plain(long)"/>
    public static string Plain(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A double as messages write it: the shortest text that reads back as the same value, in every culture.</summary>
    public static string Plain(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double back) && back.Equals(value)
            ? text
            : value.ToString("G17", CultureInfo.InvariantCulture);  // "R" did not round-trip on older .NET Framework
    }

    /// <summary>A finite double as a C# literal that reads back as the same value: 0.2 → "0.2", 0 → "0.0".</summary>
    public static string Literal(double value)
    {
        string text = Plain(value);
        return text.IndexOfAny(new[] { '.', 'E', 'e' }) < 0 ? text + ".0" : text;
    }

    /// <summary>"'A'", "'A' and 'B'", "'A', 'B', 'C' and 2 more": class names for a message.</summary>
    public static string Names(string[] names)
    {
        var quoted = names.Take(3).Select(n => $"'{n}'").ToList();
        if (names.Length > 3)
            quoted.Add($"{names.Length - 3} more");
        return quoted.Count == 1 ? quoted[0] : string.Join(", ", quoted.Take(quoted.Count - 1)) + " and " + quoted[quoted.Count - 1];
    }

    /// <summary>"1 column", "2 columns".</summary>
    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A <c>//</c> comment of <paramref name="text"/>, wrapped at word boundaries into lines of about 120 characters.</summary>
    public static string[] Comment(string text)
    {
        var lines = new List<string>();
        var line = new StringBuilder("//");
        foreach (var word in text.Split(' '))
        {
            if (line.Length + 1 + word.Length > 120 && line.Length > 2)
            {
                lines.Add(line.ToString());
                line.Clear().Append("//");
            }
            line.Append(' ').Append(word);
        }
        lines.Add(line.ToString());
        return lines.ToArray();
    }

    /// <summary>A name as code declares it: with an '@' when it is a keyword (a class declared as <c>@class</c>).</summary>
    public static string Identifier(string name) => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

    /// <summary>A C# bool literal.</summary>
    public static string Literal(bool value) => value ? "true" : "false";
}

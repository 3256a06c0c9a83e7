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

    /// <summary>"1 column", "2 columns".</summary>
    public static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    /// <summary>A C# bool literal.</summary>
    public static string Literal(bool value) => value ? "true" : "false";
}

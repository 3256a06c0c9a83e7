namespace LstmGen.Generator;

/// <summary>What parsing one class found: its diagnostics, and whether anything stops its emission.</summary>
internal sealed class ParseReport
{
    private readonly List<Diagnostic> _diagnostics = new();

    public ParseReport(string className) => ClassName = className;

    /// <summary>The class's name, the first argument of most messages.</summary>
    public string ClassName { get; }

    /// <summary>
    /// Set when something stops emission without an error of ours: an argument the compiler already rejects (wrong type,
    /// not a constant), whose compiler error is the useful one; also set with our errors that make a size unknown.
    /// </summary>
    public bool Unusable { get; set; }

    /// <summary>Whether the class must not be emitted: unusable, or an error was reported.</summary>
    public bool HasErrors => Unusable || _diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);

    public EquatableArray<Diagnostic> Diagnostics => new(_diagnostics.ToArray());

    public void Add(DiagnosticDescriptor descriptor, Location? location, params object[] args) =>
        _diagnostics.Add(Diagnostic.Create(descriptor, location, args));
}

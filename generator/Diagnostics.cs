using Microsoft.CodeAnalysis;

namespace LstmGen.Generator;

/// <summary>Every diagnostic the generator reports. IDs are tracked in AnalyzerReleases.*.md.</summary>
internal static class Diagnostics
{
    private const string Category = "LstmGen";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "LSTMGEN001", "The class must be partial",
        "'{0}' carries [LstmLayer] but is not declared partial; add the 'partial' modifier so the generator can add the kernel to it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPositive = new(
        "LSTMGEN002", "Layer sizes must be positive",
        "[LstmLayer] on '{0}': {1} must be at least 1, but it is {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Missing = new(
        "LSTMGEN003", "A required layer size is missing",
        "[LstmLayer] on '{0}' does not set {1}; write for example [LstmLayer(Input = 28, Units = 128)]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Nested = new(
        "LSTMGEN004", "Nested types are not supported",
        "'{0}' is nested in '{1}'; declare the [LstmLayer] class at namespace level",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Generic = new(
        "LSTMGEN005", "Generic types are not supported",
        "'{0}' is generic; [LstmLayer] needs a non-generic class because its sizes are constants",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TooLarge = new(
        "LSTMGEN006", "Layer size beyond the supported range",
        "[LstmLayer] on '{0}': {1} = {2} is beyond the supported maximum of {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor StateOffStack = new(
        "LSTMGEN007", "State too large for the stack",
        "[LstmLayer] on '{0}': Forward's scratch (state and projected inputs) needs {1} bytes, more than the {2}-byte stack budget; the generated kernel keeps it in buffers allocated once per instance, so Forward is not safe to call concurrently on one instance",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MemberClash = new(
        "LSTMGEN008", "Member name already used",
        "'{0}' already declares '{1}', which [LstmLayer] generates; rename or remove it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Static = new(
        "LSTMGEN009", "The class must not be static",
        "'{0}' is static, but a layer is an object that holds weights and state; remove 'static'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}

namespace LstmGen.Generator;

/// <summary>
/// Every diagnostic the generator reports. IDs are tracked in AnalyzerReleases.*.md; each links to its heading in
/// docs/diagnostics.md (one per ID, anchored by the lower-case ID).
/// </summary>
internal static class Diagnostics
{
    private const string Category = "LstmGen";

    private const string Help = "https://github.com/lstmgen/lstmgen/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor NotPartial = new(
        "LSTMGEN001", "The class must be partial",
        "'{0}' carries [{1}] but is not declared partial; add the 'partial' modifier so the generator can add the kernel to it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen001");

    public static readonly DiagnosticDescriptor NotPositive = new(
        "LSTMGEN002", "Layer sizes must be positive",
        "[{3}] on '{0}': {1} must be at least 1, but it is {2}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen002");

    public static readonly DiagnosticDescriptor Missing = new(
        "LSTMGEN003", "A required layer size is missing",
        "[{2}] on '{0}' does not set {1}; write for example [{3}]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen003");

    public static readonly DiagnosticDescriptor Nested = new(
        "LSTMGEN004", "Nested types are not supported",
        "'{0}' is nested in '{1}'; declare the [{2}] class at namespace level",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen004");

    public static readonly DiagnosticDescriptor Generic = new(
        "LSTMGEN005", "Generic types are not supported",
        "'{0}' is generic; [{1}] needs a non-generic class because its sizes are constants",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen005");

    public static readonly DiagnosticDescriptor TooLarge = new(
        "LSTMGEN006", "Layer size beyond the supported range",
        "[{4}] on '{0}': {1} = {2} is beyond the supported maximum of {3}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen006");

    public static readonly DiagnosticDescriptor StateOffStack = new(
        "LSTMGEN007", "State too large for the stack",
        "[LstmLayer] on '{0}': Forward's scratch (state and projected inputs) needs {1} bytes, more than the {2}-byte stack budget; the generated kernel keeps it in buffers allocated once per instance, so Forward is not safe to call concurrently on one instance",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen007");

    public static readonly DiagnosticDescriptor MemberClash = new(
        "LSTMGEN008", "Member name already used",
        "'{0}' already declares '{1}', which [{2}] generates; rename or remove it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen008");

    public static readonly DiagnosticDescriptor Static = new(
        "LSTMGEN009", "The class must not be static",
        "'{0}' is static, but a layer is an object that holds weights and state; remove 'static'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen009");

    public static readonly DiagnosticDescriptor FileLocal = new(
        "LSTMGEN020", "File-local types are not supported",
        "'{0}' is file-local; [{1}] adds its members in a file of their own, which a file-local class cannot span; remove 'file'",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen020");

    public static readonly DiagnosticDescriptor Unoptimised = new(
        "LSTMGEN021", "The generated kernels are compiled unoptimised",
        "This compilation is not optimised (a Debug build), so the kernels generated for {0} run about 5–10× slower than in an optimised build; build with -c Release, or set <Optimize>true</Optimize> in the project",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen021");

    // ---- Models ([LstmModel] with [Lstm], [Dense], [Dropout] layers) ----

    public static readonly DiagnosticDescriptor LayerWithoutModel = new(
        "LSTMGEN010", "Layer attribute without [LstmModel]",
        "[{0}] on '{1}' describes a model layer, but '{1}' has no [LstmModel]; add [LstmModel(Input = ..., Steps = ...)] before the layers (or use [LstmLayer] for a single LSTM)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen010");

    public static readonly DiagnosticDescriptor EmptyModel = new(
        "LSTMGEN011", "The model has no layers",
        "[LstmModel] on '{0}' has no layers; add [Lstm(...)] and [Dense(...)] attributes, in layer order",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen011");

    public static readonly DiagnosticDescriptor NeedsSequence = new(
        "LSTMGEN012", "A recurrent layer needs a sequence",
        "[{3}] on '{0}' (layer {1}) reads a sequence, but layer {2} before it outputs a single vector; set ReturnSequences = true on the last LSTM before it",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen012");

    public static readonly DiagnosticDescriptor InputMismatch = new(
        "LSTMGEN013", "Layers do not chain",
        "[{1}] on '{0}' (layer {2}) declares Input = {3}, but {4} gives {5} features per step",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen013");

    public static readonly DiagnosticDescriptor BadActivation = new(
        "LSTMGEN014", "Activation not supported here",
        "[{1}] on '{0}': {2} = {3} is not supported; use {4}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen014");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = new(
        "LSTMGEN015", "Softmax before the last layer",
        "[Dense] on '{0}' (layer {1}) uses Softmax but is not the last layer; the next layer then reads probabilities, which is rarely intended",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen015");

    public static readonly DiagnosticDescriptor LayerAndModel = new(
        "LSTMGEN016", "[LstmLayer] and [LstmModel] on one class",
        "'{0}' carries both [LstmLayer] and [LstmModel]; a class is either one layer or a model: for a one-layer model use [LstmModel] with one [Lstm]",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen016");

    public static readonly DiagnosticDescriptor NeedsWholeSequence = new(
        "LSTMGEN018", "Layer needs the whole sequence",
        "[Lstm] on '{0}' (layer {1}): {2} needs the whole sequence, so streaming Step cannot run it; set Streaming = false on [LstmModel] (Predict only)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen018");

    public static readonly DiagnosticDescriptor UnsupportedOption = new(
        "LSTMGEN017", "Layer option not supported",
        "[{1}] on '{0}': {2} = {3} is not supported; {4}",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen017");

    public static readonly DiagnosticDescriptor BadDropoutRate = new(
        "LSTMGEN019", "Dropout rate out of range",
        "[Dropout] on '{0}': Rate = {1} is not a drop probability; use a value from 0 up to, but not including, 1",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: Help + "lstmgen019");
}

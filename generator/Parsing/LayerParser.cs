namespace LstmGen.Generator;

/// <summary>Turns one [LstmLayer] class into a <see cref="ParseResult{TSpec}"/>. Never throws on odd source.</summary>
internal static class LayerParser
{
    private const string Example = "LstmLayer(Input = 28, Units = 128)";

    private static readonly string[] GeneratedMembers =
        { "Input", "Units", "Steps", "ReturnSequences", "ParameterCount", "LoadWeights", "Forward", "Step", "ResetState" };

    public static ParseResult<LayerSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (TargetClass.Find(context, AttributeNames.LstmLayer, cancellationToken) is not var (type, declaration, data))
            return ParseResult<LayerSpec>.None;

        var report = new ParseReport(type.Name);
        TargetClass.Check(type, declaration, "LstmLayer", GeneratedMembers, report, cancellationToken);
        var attribute = new AttributeReader(report, data, "LstmLayer", cancellationToken);
        int? input = attribute.Size("Input", Example);
        int? units = attribute.Size("Units", Example);
        int? steps = attribute.Size("Steps", example: null);
        bool returnSequences = attribute.Flag("ReturnSequences", fallback: false);
        var recurrentPrecision = attribute.Precision("RecurrentWeights");
        bool stateOnStack = input is not int i || units is not int u || CheckSizes(attribute, report, i, u, steps);

        bool hasError = report.HasErrors || input is null || units is null || (attribute.Argument("Steps") is not null && steps is null);
        var spec = hasError
            ? null
            : new LayerSpec(TargetClass.Namespace(type), type.Name, TargetClass.Keyword(declaration), input!.Value, units!.Value, steps ?? 0,
                returnSequences, stateOnStack, recurrentPrecision);
        return new ParseResult<LayerSpec>(spec, report.Diagnostics, spec is null ? default : TargetClass.OwnMembers(type, GeneratedMembers));
    }

    // The limits (packed weights fit one array, a sequence's input/output fits a span: LSTMGEN006) and where Forward's
    // scratch lives (LSTMGEN007 when off the stack). Returns whether the scratch is on the stack.
    private static bool CheckSizes(AttributeReader attribute, ParseReport report, int input, int units, int? steps)
    {
        decimal packed = KernelSizing.PackedLstmFloats(input, units);
        long sequence = steps is int s ? (long)s * System.Math.Max(input, units) : 0;
        if (packed > int.MaxValue)
            report.Add(Diagnostics.TooLarge, attribute.ArgumentLocation("Units"), report.ClassName,
                "4·Units·(Input+Units+1) (packed)", Format.Plain(packed), Format.Plain(int.MaxValue), "LstmLayer");
        else if (sequence > int.MaxValue)
            report.Add(Diagnostics.TooLarge, attribute.ArgumentLocation("Steps"), report.ClassName,
                "Steps·max(Input, Units)", Format.Plain(sequence), Format.Plain(int.MaxValue), "LstmLayer");
        else
        {
            long stateBytes = KernelSizing.ForwardStateFloats(units, steps ?? 0) * sizeof(float);
            if (stateBytes > KernelSizing.ForwardStackBudgetBytes)
            {
                report.Add(Diagnostics.StateOffStack, attribute.Location, report.ClassName,
                    Format.Plain(stateBytes), Format.Plain(KernelSizing.ForwardStackBudgetBytes));
                return false;
            }
        }
        return true;
    }
}

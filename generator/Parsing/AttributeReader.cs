using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>
/// Reads the named arguments of one attribute application, for both parsers, and reports the shared diagnostics
/// (LSTMGEN002, 003, 014) at the argument's span. An argument the compiler already rejects (wrong type, not a
/// constant) gets no diagnostic of ours and marks the class <see cref="ParseReport.Unusable"/>.
/// </summary>
internal sealed class AttributeReader
{
    private readonly ParseReport _report;
    private readonly AttributeData _data;

    public AttributeReader(ParseReport report, AttributeData data, string name, CancellationToken cancellationToken)
    {
        _report = report;
        _data = data;
        Name = name;
        Syntax = data.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
    }

    /// <summary>The attribute as messages name it: "LstmLayer", "Lstm", "Dense", ...</summary>
    public string Name { get; }

    public AttributeSyntax? Syntax { get; }

    /// <summary>The whole attribute's span, where a missing argument is reported.</summary>
    public Location? Location => Syntax?.GetLocation();

    /// <summary>The <c>Property = value</c> argument as written, or null when absent.</summary>
    public AttributeArgumentSyntax? Argument(string property) =>
        Syntax?.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property);

    public Location? ArgumentLocation(string property) => Argument(property)?.GetLocation();

    /// <summary>The argument's constant as the compiler bound it (Kind Error when absent or not a constant).</summary>
    public TypedConstant Value(string property) => _data.NamedArguments.FirstOrDefault(a => a.Key == property).Value;

    /// <summary>A bool property: its value, or <paramref name="fallback"/> when absent or not a bool.</summary>
    public bool Flag(string property, bool fallback) => Value(property).Value is bool value ? value : fallback;

    /// <summary>
    /// A size: null when absent (LSTMGEN003 when an <paramref name="example"/> says it is required), not a constant,
    /// or below 1 (LSTMGEN002).
    /// </summary>
    public int? Size(string property, string? example)
    {
        var argument = Argument(property);
        if (argument is null)
        {
            if (example is not null)
            {
                _report.Add(Diagnostics.Missing, Location, _report.ClassName, property, Name, example);
                _report.Unusable = true;
            }
            return null;
        }
        var constant = Value(property);
        if (constant.Kind != TypedConstantKind.Primitive || constant.Value is not int value)
        {
            _report.Unusable = true;
            return null;
        }
        if (value < 1)
        {
            _report.Add(Diagnostics.NotPositive, argument.GetLocation(), _report.ClassName, property, Format.Plain(value), Name);
            _report.Unusable = true;
            return null;
        }
        return value;
    }

    /// <summary>
    /// RecurrentWeights ([LstmLayer], [Lstm], [Gru]): a WeightPrecision, Single when absent; a cast of any other number is
    /// refused (LSTMGEN017).
    /// </summary>
    public WeightPrecision Precision(string property)
    {
        if (Value(property) is not { Value: int precision })
            return WeightPrecision.Single;
        if (precision is >= (int)WeightPrecision.Single and <= (int)WeightPrecision.Int8)
            return (WeightPrecision)precision;
        _report.Add(Diagnostics.UnsupportedOption, ArgumentLocation(property), _report.ClassName, Name,
            property, Format.Plain(precision), "use WeightPrecision.Single, Half, BFloat16 or Int8");
        return WeightPrecision.Single;
    }

    /// <summary>An activation: <paramref name="fallback"/> when absent; LSTMGEN014 when not one of <paramref name="allowed"/>.</summary>
    public Activation Activation(string property, Activation fallback, Activation[] allowed)
    {
        if (Argument(property) is null)
            return fallback;
        var constant = Value(property);
        if (constant.Kind != TypedConstantKind.Enum || constant.Value is not int value)
        {
            _report.Unusable = true;
            return fallback;
        }
        var activation = (Activation)value;
        if (!allowed.Contains(activation))
        {
            _report.Add(Diagnostics.BadActivation, ArgumentLocation(property) ?? Location, _report.ClassName, Name, property,
                System.Enum.IsDefined(typeof(Activation), activation) ? activation.ToString() : Format.Plain(value),
                string.Join(", ", allowed.Select(a => "Activation." + a)));
            _report.Unusable = true;
        }
        return activation;
    }
}

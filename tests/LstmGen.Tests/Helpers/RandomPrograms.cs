using System.Collections.Generic;
using CsCheck;

namespace LstmGen.Tests;

/// <summary>
/// Random C# programs as users might write them around LstmGen's attributes, for property tests of the generator: a few
/// declarations per file, each a type carrying [LstmLayer], [LstmModel] and layer attributes ([Lstm], [Gru], [Dense],
/// [Dropout]) in any order and number, with arguments that are valid, zero, negative, huge, of the wrong type, not constant,
/// duplicated or missing, on types that are nested, generic, static, records, structs, interfaces, file-local or not
/// partial, named like the generator's own members and types; some files then get a syntax error cut or pasted in.
/// Sizes are mostly small (1 to 6), so that the kernels the generator emits for the valid ones stay cheap to compile.
/// </summary>
internal static class RandomPrograms
{
    // ---- Attribute arguments: each a C# expression, or null for "not written" ----

    private static readonly Gen<string> SmallSize = Gen.Int[1, 6].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>An int argument: mostly small and valid; else zero, negative, huge, of another type, not constant, or an odd constant.</summary>
    private static readonly Gen<string> Size = Gen.Frequency(
        (40, SmallSize),
        (1, Gen.OneOf("0", "-1", "-3", "int.MinValue", "-2147483647")),
        (1, Gen.OneOf("int.MaxValue", "1000000", "1 << 30", "46341", "30000", "65536", "2337", "100000", "0x7FFF_FFFF")),
        (1, Gen.OneOf("\"x\"", "2.5", "true", "'c'", "null", "2L", "3u", "Activation.Tanh", "default", "\"\"", "2.0f")),
        (1, Gen.OneOf("System.Environment.ProcessorCount", "int.Parse(\"3\")", "Shared.Field", "Shared.Property", "new int()", "typeof(int)",
            "nameof(Shared)", "Undefined", "Shared.Method()")),
        (1, Gen.OneOf("2 + 1", "unchecked(int.MaxValue + 1)", "int.MaxValue + 1", "1 << 40", "(int)3.9", "sizeof(int)", "Shared.Const",
            "-(-3)", "0x10", "(byte)2", "(short)-2", "checked(2 * 3)", "(int)1e10", "unchecked((int)1e10)")));

    private static readonly Gen<string> Flag = Gen.Frequency(
        (20, Gen.OneOf("true", "false")),
        (1, Gen.OneOf("1", "\"yes\"", "null", "System.Environment.Is64BitProcess", "!false", "Shared.Const == 3", "default")));

    private static readonly Gen<string> ActivationValue = Gen.Frequency(
        (20, Gen.OneOf("Linear", "Relu", "Tanh", "Sigmoid", "Softmax", "HardSigmoid", "HardSigmoidKeras2").Select(a => "Activation." + a)),
        (1, Gen.OneOf("(Activation)42", "(Activation)(-1)", "7", "global::LstmGen.Activation.Relu", "Activation.Nope", "default", "\"Tanh\"",
            "(Activation)int.MaxValue", "Shared.Act")));

    private static readonly Gen<string> PrecisionValue = Gen.OneOf(
        "WeightPrecision.Single", "WeightPrecision.Half", "WeightPrecision.BFloat16", "(WeightPrecision)7", "(WeightPrecision)(-1)", "1",
        "default", "WeightPrecision.Double");

    private static readonly Gen<string> Rate = Gen.OneOf(
        "0", "0.5", "0.25f", "0.9999999", "1", "1.0", "-0.1", "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity",
        "double.Epsilon", "1e308", "-0.0", "\"x\"", "(double)(1 / 3)", "Shared.Field", "true", "0.1m");

    // ---- Attributes ----

    // One attribute: its name as the user spells it, and its properties with the value generator each takes.
    private static Gen<string> Attribute(string name, params (string Property, Gen<string> Value, int PercentWritten)[] properties)
    {
        var spelled = Gen.Frequency((8, Gen.Const(name)), (1, Gen.Const(name + "Attribute")), (1, Gen.Const("LstmGen." + name)),
            (1, Gen.Const("global::LstmGen." + name + "Attribute")));
        var arguments = properties
            .Select(p => Gen.Int[0, 99].SelectMany(roll => roll < p.PercentWritten ? p.Value.Select(v => (string?)(p.Property + " = " + v)) : Gen.Const((string?)null)))
            .ToArray();
        var written = arguments.Aggregate(Gen.Const(() => new List<string>()), (list, argument) =>
            Gen.Select(list, argument, (l, a) => a is null ? l : new List<string>(l) { a }));
        var oddities = Gen.Frequency(
            (10, Gen.Const((string?)null)),
            (1, Gen.Const<string?>("Nonsense = 1")),
            (1, Gen.OneOf(properties.Select(p => p.Property).ToArray()).Select(p => (string?)(p + " = 2"))),   // duplicated or added
            (1, Gen.Const<string?>("2, 3")));                                                                          // positional
        return Gen.Select(spelled, written, oddities, Gen.Int[0, 9], Gen.Bool, (n, args, odd, order, parens) =>
        {
            if (odd is not null)
                args.Insert(odd == "2, 3" ? 0 : order % (args.Count + 1), odd);
            if (order == 0 && args.Count > 1)
                args.Reverse();
            return args.Count == 0 && parens ? n : n + "(" + string.Join(", ", args) + ")";
        });
    }

    private static readonly Gen<string> LstmLayer = Attribute("LstmLayer",
        ("Input", Size, 90), ("Units", Size, 90), ("Steps", Size, 60), ("ReturnSequences", Flag, 30), ("RecurrentWeights", PrecisionValue, 20));

    private static readonly Gen<string> LstmModel = Attribute("LstmModel", ("Input", Size, 90), ("Steps", Size, 90), ("Streaming", Flag, 30));

    private static readonly Gen<string> Lstm = Attribute("Lstm",
        ("Units", Size, 90), ("Input", Size, 15), ("ReturnSequences", Flag, 50), ("Bidirectional", Flag, 15), ("GoBackwards", Flag, 10),
        ("Activation", ActivationValue, 15), ("RecurrentActivation", ActivationValue, 15));

    private static readonly Gen<string> Gru = Attribute("Gru",
        ("Units", Size, 90), ("Input", Size, 15), ("ReturnSequences", Flag, 50), ("ResetAfter", Flag, 25),
        ("Activation", ActivationValue, 15), ("RecurrentActivation", ActivationValue, 15));

    private static readonly Gen<string> Dense = Attribute("Dense", ("Units", Size, 90), ("Input", Size, 15), ("Activation", ActivationValue, 30));

    private static readonly Gen<string> Dropout = Attribute("Dropout", ("Rate", Rate, 80));

    private static readonly Gen<string> ModelLayer = Gen.Frequency((4, Lstm), (2, Gru), (4, Dense), (2, Dropout));

    /// <summary>The attributes of one type, in the order written.</summary>
    private static readonly Gen<List<string>> Attributes = Gen.Frequency(
        (6, LstmLayer.Select(a => new List<string> { a })),
        (8, Gen.Select(LstmModel, ModelLayer.List[0, 4], Gen.Int[0, 9], (m, layers, at) =>
        {
            layers.Insert(at < 7 ? 0 : at % (layers.Count + 1), m);   // [LstmModel] mostly first, sometimes among or after its layers
            return layers;
        })),
        (1, Gen.Select(LstmLayer, LstmModel, ModelLayer.List[0, 2], (l, m, layers) => new List<string> { m, l }.Concat(layers).ToList())),
        (1, ModelLayer.List[1, 2]),
        (1, Gen.Select(LstmLayer, LstmLayer, (a, b) => new List<string> { a, b })),
        (1, Gen.Select(LstmModel, LstmModel, Lstm, (a, b, l) => new List<string> { a, b, l })),
        (1, Gen.Const(new List<string>())));

    // ---- Types ----

    /// <summary>
    /// Type names: plain (with namesakes that differ only in case, which hint names must tell apart), named like the types
    /// the generated code uses, or identifiers that need escaping.
    /// </summary>
    private static readonly Gen<string> TypeName = Gen.Frequency(
        (8, Gen.OneOf("L", "M", "Net", "Layer2", "l")),
        (1, Gen.OneOf("Activation", "LstmWeights", "ModelWeights", "Span", "Math", "Vector256", "ILstmLayer", "LstmKernel")),
        (1, Gen.OneOf("@class", "@event", "Ünits", "L\\u0041", "@L", "async", "record", "_", "__arglist_")));

    /// <summary>Members named like those the generator adds (public and private), plus an ordinary one.</summary>
    private static readonly Gen<string> Member = Gen.Select(
        Gen.OneOf("Forward", "ForwardBatch", "ForwardBatchParallel", "Input", "Units", "Steps", "Predict", "Step", "ResetState",
            "LoadWeights", "StateLength", "ForwardStateLength", "_lstmPacked", "_lstmStream", "RunBatch", "BatchGroup", "BatchSteps",
            "Run", "RunSequence", "Layer0Kernel", "Layer1Units", "_layer0Packed", "_sequenceA", "_vectorA", "Output", "Architecture",
            "GetState", "SetState", "OutputLength", "PaddedUnitsVector256", "Plain"),
        Gen.OneOf("public void {0}() {{ }}", "private int {0};", "public const int {0} = 1;", "public class {0} {{ }}",
            "public int {0} => 0;", "public static void {0}(int x) {{ }}"),
        (name, shape) => string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, name));

    private static readonly Gen<string> Keyword = Gen.Frequency(
        (16, Gen.Const("partial class")),
        (1, Gen.OneOf("class", "static partial class", "sealed partial class", "abstract partial class", "unsafe partial class")),
        (1, Gen.OneOf("partial record", "partial record class", "sealed partial record", "partial record struct", "partial struct",
            "readonly partial struct", "partial interface", "file partial class", "file class", "record", "struct", "interface", "enum",
            "delegate")));

    private static readonly Gen<string> Modifier = Gen.Frequency((4, Gen.Const("public ")), (2, Gen.Const("")), (1, Gen.OneOf("internal ", "private ", "protected ")));

    private static readonly Gen<string> TypeSuffix = Gen.Frequency(
        (10, Gen.Const("")),
        (1, Gen.OneOf("<T>", "<T, U>", " : System.IDisposable", " : ILstmLayer", " : Shared", " : L", "<T> where T : struct", " : System.Attribute")));

    /// <summary>One type: attributes, then the declaration with a body of zero to two members.</summary>
    private static readonly Gen<string> TypeDeclaration = Gen.Select(Attributes, Gen.Bool, Modifier, Keyword, TypeName, TypeSuffix, Gen.Frequency((6, Gen.Const(0)), (1, Gen.Int[1, 2])).SelectMany(n => Member.List[n]),
        Gen.Frequency((8, Gen.Const(false)), (1, Gen.Const(true))),
        (attributes, oneList, modifier, keyword, name, suffix, members, unused) =>
        {
            string lists = attributes.Count == 0 ? "" : oneList ? "[" + string.Join(", ", attributes) + "] " : string.Concat(attributes.Select(a => "[" + a + "] "));
            if (keyword == "enum")
                return $"{lists}{modifier}enum {name} {{ A }}";
            if (keyword == "delegate")
                return $"{lists}{modifier}delegate void {name}();";
            return $"{lists}{modifier}{keyword} {name}{suffix} {{ {string.Join(" ", members)} }}";
        });

    /// <summary>A type at namespace level, or nested one or two deep in another type.</summary>
    private static readonly Gen<string> Placed = Gen.Select(TypeDeclaration,
        Gen.Frequency((8, Gen.Const("{0}")), (1, Gen.OneOf("public partial class Outer {{ {0} }}", "public class Outer<T> {{ {0} }}",
            "public struct OuterStruct {{ {0} }}", "public static partial class OuterStatic {{ {0} }}", "public partial class Outer {{ partial class Middle {{ {0} }} }}",
            "public interface IOuter {{ {0} }}"))),
        (declaration, nesting) => string.Format(System.Globalization.CultureInfo.InvariantCulture, nesting, declaration));

    /// <summary>A declaration in the global namespace or a block-scoped one.</summary>
    private static readonly Gen<string> Namespaced = Gen.Select(Placed,
        Gen.Frequency((3, Gen.Const((string?)null)), (3, Gen.OneOf<string?>("N", "n", "N.Inner", "A.B.C", "@class.x", "LstmGen", "System", "N.L"))),
        (declaration, ns) => ns is null ? declaration : $"namespace {ns} {{ {declaration} }}");

    // The helper every program may refer to: fields and properties that are not constants, a constant, an activation.
    private const string SharedType = "public class Shared { public static int Field = 3; public static int Property => 3; public const int Const = 3; "
        + "public static int Method() => 3; public const LstmGen.Activation Act = LstmGen.Activation.Relu; }";

    /// <summary>Most files unchanged; some cut short, with a span deleted, or with a stray token pasted in.</summary>
    private static readonly Gen<double> Fraction = Gen.Int[0, 9999].Select(i => i / 10000.0);

    private static readonly Gen<Func<string, string>> SyntaxError = Gen.Frequency(
        (12, Gen.Const<Func<string, string>>(text => text)),
        (1, Fraction.Select<double, Func<string, string>>(at => text => text.Substring(0, (int)(at * text.Length)))),
        (1, Gen.Select(Fraction, Gen.Int[1, 12], (at, length) => (Func<string, string>)(text =>
        {
            int start = (int)(at * text.Length);
            return text.Remove(start, Math.Min(length, text.Length - start));
        }))),
        (1, Gen.Select(Fraction, Gen.OneOf("(", ")", "{", "}", "[", "]", "=", ";", ",", "class", "partial", "\"", "/*", "#if", "<", "@", "\\u"),
            (at, token) => (Func<string, string>)(text => text.Insert((int)(at * text.Length), token)))));

    /// <summary>A file: usings, a few declarations (the first file sometimes in a file-scoped namespace), maybe a syntax error.</summary>
    private static Gen<string> File(int index) => Gen.Select(
        Gen.Frequency((8, Gen.Const("using LstmGen;\n")), (1, Gen.OneOf("", "using static LstmGen.Activation;\n", "using LstmGen;\nusing Activation = System.Int32;\n"))),
        Gen.Frequency((6, Gen.Const((string?)null)), (1, Gen.OneOf<string?>("N", "Other.Place"))),
        Namespaced.List[1, 4],
        SyntaxError,
        (usings, fileNamespace, declarations, error) =>
        {
            // A file-scoped namespace admits no block namespace after it: then the declarations sit in it directly.
            var body = fileNamespace is null
                ? declarations
                : declarations.Select(d => d.StartsWith("namespace ", StringComparison.Ordinal) ? d.Substring(d.IndexOf('{') + 2, d.Length - d.IndexOf('{') - 4) : d).ToList();
            string text = usings + (fileNamespace is null ? "" : $"namespace {fileNamespace};\n") + string.Join("\n", body) + "\n"
                + (index == 0 ? SharedType + "\n" : "");
            return error(text);
        });

    /// <summary>A program: one or two source files.</summary>
    public static readonly Gen<string[]> Program =
        Gen.Select(File(0), Gen.Frequency((4, Gen.Const((string?)null)), (1, File(1).Select(s => (string?)s))),
            (first, second) => second is null ? new[] { first } : new[] { first, second });
}

using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Tests;

/// <summary>
/// The generated code names every type with its global:: namespace, so user types named like the ones it uses, declared
/// beside the generated class, change nothing: every shape the snapshots cover (layers and models, every recurrent
/// precision, every SIMD path, streaming or not, a record, a class in the global namespace) compiles without an error or
/// a warning next to them; so do user types named like the contextual keywords var, dynamic, nint, nuint, unmanaged,
/// notnull and nameof, which the generated code therefore never relies on. Each generated type carries
/// [GeneratedCode("LstmGen", version)].
/// </summary>
public sealed class GeneratedNameCollisionTests
{
    // The shapes, declared as a user would (attribute arguments spelled global:: because Activation and WeightPrecision
    // are taken by the user's own types here).
    private const string Shapes = """
        [LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class FashionLstm { }
        [LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] internal partial class OddLayer { }
        [LstmLayer(Input = 1, Units = 8)] public partial class StreamingLayer { }
        [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = global::LstmGen.WeightPrecision.Half)] public partial class HalfLayer { }
        [LstmLayer(Input = 3, Units = 21, Steps = 5, RecurrentWeights = global::LstmGen.WeightPrecision.BFloat16)] public partial class BFloat16Layer { }
        [LstmLayer(Input = 4, Units = 3000, Steps = 2)] public partial class BigLayer { }
        [LstmLayer(Input = 2, Units = 3, Steps = 4)] public sealed partial record SmallRecord { }
        [LstmModel(Input = 28, Steps = 28)]
        [Lstm(Units = 128, ReturnSequences = true)] [Lstm(Units = 64)] [Dense(Units = 10, Activation = global::LstmGen.Activation.Softmax)]
        public partial class FashionClassifier { }
        [LstmModel(Input = 3, Steps = 4)]
        [Gru(Units = 5, RecurrentActivation = global::LstmGen.Activation.HardSigmoid)] [Dense(Units = 2, Activation = global::LstmGen.Activation.Sigmoid)]
        public partial class TinyGru { }
        [LstmModel(Input = 3, Steps = 4)] [Gru(Units = 5, ResetAfter = false)] [Dense(Units = 2)] public partial class TinyResetBeforeGru { }
        [LstmModel(Input = 4, Steps = 7, Streaming = false)]
        [Lstm(Units = 6, ReturnSequences = true, Bidirectional = true)] [Lstm(Units = 5, ReturnSequences = true, GoBackwards = true)] [Dense(Units = 3)]
        public partial class Directions { }
        [LstmModel(Input = 5, Steps = 3)]
        [Dropout(Rate = 0.25)] [Dense(Units = 4, Activation = global::LstmGen.Activation.Relu)] [Lstm(Units = 6, ReturnSequences = true, Activation = global::LstmGen.Activation.Relu, RecurrentActivation = global::LstmGen.Activation.HardSigmoidKeras2)]
        [Dense(Units = 3, Activation = global::LstmGen.Activation.Tanh)] [Dropout(Rate = 0.5)] [Dense(Units = 2, Activation = global::LstmGen.Activation.HardSigmoid)]
        public partial class Heads { }
        """;

    private const int ShapeCount = 12;

    // Types named like every type the generated code uses, generic where ours are, and static classes with members of
    // our members' names, so that a name bound to one of them would compile into something else or fail. Then types
    // named like the contextual keywords that mean something only while no type of their name is in scope: a local
    // declared with var would get the user's var, nameof(x) would call the user's nameof.
    private const string LookAlikes = """
        public enum Activation { A }
        public enum WeightPrecision { A }
        public class LstmWeights { }
        public class GruWeights { }
        public class DenseWeights { }
        public class BidirectionalWeights { }
        public class ModelWeights { public int Layers => 0; }
        public class ModelArchitecture { }
        public class ModelLayer { }
        public interface ILstmLayer { }
        public interface ILstmBatchLayer { }
        public interface ILstmModel { }
        public class LstmGen { }
        public class System { }
        public class Span<T> { }
        public class ReadOnlySpan<T> { }
        public class Memory<T> { }
        public class ReadOnlyMemory<T> { }
        public static class Math { public static int Min(int a, int b) => 0; }
        public static class MathF { }
        public static class Array { public static void Clear(float[] a) { } }
        public static class Unsafe { public static ref float Add(ref float r, int n) => ref r; }
        public static class MemoryMarshal { }
        public static class MemoryExtensions { }
        public class ArgumentException : global::System.Exception { }
        public class ArgumentNullException : global::System.Exception { }
        public class ArgumentOutOfRangeException : global::System.Exception { }
        public class InvalidOperationException : global::System.Exception { }
        public class NotSupportedException : global::System.Exception { }
        public static class Vector128 { public static bool IsHardwareAccelerated => false; }
        public static class Vector256 { public static bool IsHardwareAccelerated => false; }
        public static class Vector512 { public static bool IsHardwareAccelerated => false; }
        public struct Vector128<T> { }
        public struct Vector256<T> { }
        public struct Vector512<T> { }
        public static class LstmMath { }
        public static class LstmLayout { }
        public static class LstmHalf { }
        public static class LstmBFloat16 { }
        public static class LstmBatch { }
        public static class ModelKernels { }
        public class GeneratedCodeAttribute : global::System.Attribute { }
        public class var { }
        public class dynamic { }
        public class nint { }
        public class nuint { }
        public class unmanaged { }
        public class notnull { }
        public class nameof { }
        """;

    public static TheoryData<string> Placements() => new() { "a namespace", "a nested namespace", "the global namespace" };

    [Theory]
    [MemberData(nameof(Placements))]
    public void GeneratedCodeIgnoresUserTypesNamedLikeItsOwn(string placement)
    {
        // In a namespace with the look-alikes; in a namespace whose parent holds them; or all in the global namespace.
        string source = placement switch
        {
            "a namespace" => $"using LstmGen;\nnamespace User.Models;\n{Shapes}\n{LookAlikes}\n{Probe}",
            "a nested namespace" => $"using LstmGen;\nnamespace User\n{{\n{LookAlikes}\n{Probe}\nnamespace Models\n{{\n{Shapes}\n}}\n}}",
            // In the global namespace a type named LstmGen or System would break the user's own code (using LstmGen;), so not those.
            _ => $"using LstmGen;\n{Shapes}\n{LookAlikes.Replace("public class LstmGen { }\n", "").Replace("public class System { }\n", "")}\n{Probe}",
        };
        var parse = GeneratorHarness.ParseOptions.WithDocumentationMode(DocumentationMode.Diagnose);
        var input = GeneratorHarness.Compile().AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, parse, "User.cs"));
        var driver = CSharpGeneratorDriver.Create(new[] { new LstmGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(input, out var output, out _);
        var run = driver.GetRunResult().Results.Single();
        Assert.Null(run.Exception);
        Assert.Equal(ShapeCount, run.GeneratedSources.Length);
        Assert.All(run.Diagnostics, d => Assert.Equal("LSTMGEN007", d.Id));  // BigLayer's state lives in buffers: a warning only

        // The look-alikes are in scope where the generated classes are: a name the generated code left unqualified would bind to them.
        var probe = output.GetTypeByMetadataName(placement == "the global namespace" ? "Probe" : "User" + (placement == "a namespace" ? ".Models" : "") + ".Probe")!;
        Assert.Equal(placement == "the global namespace" ? "Span<T>" : "User" + (placement == "a namespace" ? ".Models" : "") + ".Span<T>",
            ((IPropertySymbol)probe.GetMembers("Field").Single()).Type.OriginalDefinition.ToDisplayString());

        Assert.Equal("var", ((IPropertySymbol)probe.GetMembers("Keyword").Single()).Type.Name);

        // CS8981 (a lower-case type name) is the user's own warning, on the look-alikes.
        var problems = output.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error || (d.Severity == DiagnosticSeverity.Warning && d.Id != "CS1591"))
            .Where(d => !(d.Id == "CS8981" && d.Location.SourceTree?.FilePath == "User.cs"))
            .ToList();
        Assert.True(problems.Count == 0, $"{problems.Count} errors and warnings, the first: " + string.Join("\n", problems.Take(10)));
    }

    // Members typed with the user's Span and var, to show the look-alikes shadow System's names and the keywords where the
    // generated code lives.
    private const string Probe = "public static class Probe { public static Span<float> Field => null!; public static var Keyword => null!; }";

    [Fact]
    public void GeneratedTypesCarryGeneratedCodeAndTheFilesNoUsings()
    {
        var (result, output, _) = GeneratorHarness.Run("using LstmGen;\nnamespace N;\n" + Shapes);
        string version = typeof(LstmGenerator).Assembly.GetName().Version!.ToString();
        Assert.Matches(@"^\d+\.\d+\.\d+\.\d+$", version);
        Assert.Equal(ShapeCount, result.GeneratedSources.Length);
        foreach (var source in result.GeneratedSources)
        {
            Assert.DoesNotContain(source.SourceText.Lines, line => line.ToString().StartsWith("using ", StringComparison.Ordinal));
            var tree = output.SyntaxTrees.Single(t => t.FilePath.EndsWith(source.HintName, StringComparison.Ordinal));
            var model = output.GetSemanticModel(tree);
            var types = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Select(t => model.GetDeclaredSymbol(t)!).ToList();
            Assert.NotEmpty(types);
            foreach (var type in types)
            {
                // Attributes declared in this file only: the user's partial declaration has none.
                var attribute = Assert.Single(type.GetAttributes(), a => a.AttributeClass?.ToDisplayString() == "System.CodeDom.Compiler.GeneratedCodeAttribute");
                Assert.Equal(new object?[] { "LstmGen", version }, attribute.ConstructorArguments.Select(a => a.Value));
            }
        }
    }
}

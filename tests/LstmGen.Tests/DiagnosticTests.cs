using System.Linq;
using System.Reflection;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LstmGen.Tests;

/// <summary>Each LSTMGEN diagnostic, at its exact span. [| and |] in a source mark the expected span.</summary>
public sealed class DiagnosticTests
{
    [Theory]
    [InlineData("LSTMGEN001", "[LstmLayer(Input = 2, Units = 3, Steps = 4)] public class [|NotPartial|] { }")]
    [InlineData("LSTMGEN002", "[LstmLayer([|Input = 0|], Units = 3, Steps = 4)] public partial class L { }")]
    [InlineData("LSTMGEN002", "[LstmLayer(Input = 2, [|Units = -5|], Steps = 4)] public partial class L { }")]
    [InlineData("LSTMGEN002", "[LstmLayer(Input = 2, Units = 3, [|Steps = 0|])] public partial class L { }")]
    [InlineData("LSTMGEN003", "[[|LstmLayer(Units = 3, Steps = 4)|]] public partial class L { }")]
    [InlineData("LSTMGEN003", "[[|LstmLayer(Input = 3)|]] public partial class L { }")]
    [InlineData("LSTMGEN004", "public partial class Outer { [LstmLayer(Input = 2, Units = 3)] public partial class [|Inner|] { } }")]
    [InlineData("LSTMGEN005", "[LstmLayer(Input = 2, Units = 3)] public partial class [|G|]<T> { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = 2, [|Units = 30000|], Steps = 4)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = 2000, Units = 3, [|Steps = 2000000|])] public partial class L { }")]
    [InlineData("LSTMGEN007", "[[|LstmLayer(Input = 2, Units = 3000)|]] public partial class L { }")]
    [InlineData("LSTMGEN017", "[LstmLayer(Input = 2, Units = 3, [|RecurrentWeights = (WeightPrecision)7|])] public partial class L { }")]
    [InlineData("LSTMGEN008", "[LstmLayer(Input = 2, Units = 3)] public partial class L { public void [|Forward|]() { } }")]
    [InlineData("LSTMGEN009", "[LstmLayer(Input = 2, Units = 3)] public static partial class [|S|] { }")]
    [InlineData("LSTMGEN020", "[LstmLayer(Input = 2, Units = 3)] file partial class [|F|] { }")]
    // Members the generator adds beyond the public ones: a method it declares too, private fields and constants.
    [InlineData("LSTMGEN008", "[LstmLayer(Input = 2, Units = 3)] public partial class L { public const int [|ForwardBatchParallel|] = 1; }")]
    [InlineData("LSTMGEN008", "[LstmLayer(Input = 2, Units = 3)] public partial class L { private int [|_lstmPacked|]; }")]
    [InlineData("LSTMGEN008", "[LstmLayer(Input = 2, Units = 3)] public partial class L { private const int [|StateLength|] = 0; }")]
    public void ReportsAtExactSpan(string id, string markedSource)
    {
        var (_, diagnostic) = GeneratorHarness.AssertReportedAt(id, markedSource);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void ErrorsStopEmissionWarningsDoNot()
    {
        var (errorResult, _, _) = GeneratorHarness.Run("using LstmGen; [LstmLayer(Input = 0, Units = 3)] public partial class L { }");
        Assert.Empty(errorResult.GeneratedSources);

        var (warnResult, _, compile) = GeneratorHarness.Run("using LstmGen; [LstmLayer(Input = 2, Units = 3000)] public partial class L { }");
        Assert.Single(warnResult.GeneratedSources);
        Assert.Empty(compile.Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void MessagesNameTheAttributeAndValues()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen; [LstmLayer(Input = 2, Units = -5)] public partial class Layer { }");
        var message = Assert.Single(result.Diagnostics).GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains("Layer", message);
        Assert.Contains("Units", message);
        Assert.Contains("-5", message);
    }

    /// <summary>Every descriptor links to its heading in docs/diagnostics.md, anchored by the lower-case ID.</summary>
    [Fact]
    public void EveryDiagnosticLinksToItsDocsHeading()
    {
        var descriptors = typeof(LstmGenerator).Assembly.GetType("LstmGen.Generator.Diagnostics", throwOnError: true)!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .ToList();
        Assert.Equal(21, descriptors.Select(d => d.Id).Distinct().Count());
        Assert.All(descriptors, d =>
            Assert.Equal("https://github.com/lstmgen/lstmgen/blob/main/docs/diagnostics.md#" + d.Id.ToLowerInvariant(), d.HelpLinkUri));
    }
}

using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
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
    public void ReportsAtExactSpan(string id, string markedSource)
    {
        int start = markedSource.IndexOf("[|", System.StringComparison.Ordinal);
        int end = markedSource.IndexOf("|]", System.StringComparison.Ordinal) - 2;
        string body = markedSource.Replace("[|", "").Replace("|]", "");
        string source = "using LstmGen;\nnamespace N;\n" + body;
        int prefix = source.Length - body.Length;

        var (result, _, _) = GeneratorHarness.Run(source);

        Assert.Null(result.Exception);
        var diagnostic = Assert.Single(result.Diagnostics, d => d.Id == id);
        Assert.Equal(new TextSpan(prefix + start, end - start), diagnostic.Location.SourceSpan);
        Assert.Equal("Source0.cs", diagnostic.Location.SourceTree?.FilePath ?? diagnostic.Location.GetLineSpan().Path);
        // A location inside the syntax tree, so #pragma warning disable and editorconfig severities apply.
        Assert.True(diagnostic.Location.IsInSource, "diagnostic location is not in source");
        // Exactly one LSTMGEN diagnostic per case: no noise around the real problem.
        Assert.Single(result.Diagnostics, d => d.Id.StartsWith("LSTMGEN", System.StringComparison.Ordinal));
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
}

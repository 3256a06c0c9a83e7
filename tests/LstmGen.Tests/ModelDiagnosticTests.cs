using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace LstmGen.Tests;

/// <summary>Each model diagnostic (and the shared class-shape ones on [LstmModel]) at its exact span; [| |] marks it.</summary>
public sealed class ModelDiagnosticTests
{
    private const string M = "[LstmModel(Input = 2, Steps = 3)] ";

    [Theory]
    // A layer attribute without [LstmModel], for each layer kind.
    [InlineData("LSTMGEN010", "[[|Lstm(Units = 3)|]] public partial class L { }")]
    [InlineData("LSTMGEN010", "[[|Dense(Units = 3)|]] public partial class L { }")]
    [InlineData("LSTMGEN010", "[[|Dropout(Rate = 0.5)|]] public partial class L { }")]
    // No layers (Dropout alone holds none).
    [InlineData("LSTMGEN011", "[[|LstmModel(Input = 2, Steps = 3)|]] public partial class M { }")]
    [InlineData("LSTMGEN011", "[[|LstmModel(Input = 2, Steps = 3)|]] [Dropout(Rate = 0.1)] public partial class M { }")]
    // An LSTM after a single vector: after a last-state LSTM, and after a Dense that follows one.
    [InlineData("LSTMGEN012", M + "[Lstm(Units = 4)] [[|Lstm(Units = 5)|]] public partial class M { }")]
    [InlineData("LSTMGEN012", M + "[Lstm(Units = 4)] [Dense(Units = 3)] [[|Lstm(Units = 5)|]] public partial class M { }")]
    [InlineData("LSTMGEN012", M + "[Gru(Units = 4)] [[|Gru(Units = 5)|]] public partial class M { }")]
    [InlineData("LSTMGEN010", "[[|Gru(Units = 3)|]] public partial class L { }")]
    [InlineData("LSTMGEN014", M + "[Gru(Units = 4, [|RecurrentActivation = Activation.Relu|])] public partial class M { }")]
    // Bidirectional and GoBackwards need Streaming = false; not both on one layer.
    [InlineData("LSTMGEN018", M + "[Lstm(Units = 4, [|Bidirectional = true|])] public partial class M { }")]
    [InlineData("LSTMGEN018", M + "[Lstm(Units = 4, ReturnSequences = true)] [Lstm(Units = 4, [|GoBackwards = true|])] public partial class M { }")]
    [InlineData("LSTMGEN017", "[LstmModel(Input = 2, Steps = 3, Streaming = false)] [Lstm(Units = 4, Bidirectional = true, [|GoBackwards = true|])] public partial class M { }")]
    // RecurrentWeights: Half under a cell with an unbounded h; an undefined WeightPrecision.
    [InlineData("LSTMGEN017", M + "[Lstm(Units = 4, Activation = Activation.Relu, [|RecurrentWeights = WeightPrecision.Half|])] public partial class M { }")]
    [InlineData("LSTMGEN017", M + "[Gru(Units = 4, Activation = Activation.Linear, [|RecurrentWeights = WeightPrecision.Half|])] public partial class M { }")]
    [InlineData("LSTMGEN017", M + "[Gru(Units = 4, [|RecurrentWeights = (WeightPrecision)9|])] public partial class M { }")]
    // Layers that do not chain: a declared Input differing from the previous output.
    [InlineData("LSTMGEN013", M + "[Lstm(Units = 4, ReturnSequences = true)] [Dense(Units = 3, [|Input = 5|])] public partial class M { }")]
    [InlineData("LSTMGEN013", M + "[Lstm([|Input = 3|], Units = 4)] public partial class M { }")]
    // Activations a role does not support.
    [InlineData("LSTMGEN014", M + "[Lstm(Units = 4, [|Activation = Activation.Softmax|])] public partial class M { }")]
    [InlineData("LSTMGEN014", M + "[Lstm(Units = 4, [|RecurrentActivation = Activation.Tanh|])] public partial class M { }")]
    [InlineData("LSTMGEN014", M + "[Lstm(Units = 4)] [Dense(Units = 4, [|Activation = (Activation)42|])] public partial class M { }")]
    // Softmax before the last layer (a warning).
    [InlineData("LSTMGEN015", M + "[Lstm(Units = 4)] [Dense(Units = 4, [|Activation = Activation.Softmax|])] [Dense(Units = 2)] public partial class M { }")]
    // One class, both forms.
    [InlineData("LSTMGEN016", "[[|LstmModel(Input = 2, Steps = 3)|]] [LstmLayer(Input = 2, Units = 3)] [Lstm(Units = 3)] public partial class M { }")]
    // A Dropout rate that is not a drop probability in [0, 1): 1 (PyTorch accepts it, the inverted scale 1/(1 − p) does not), negative, NaN.
    [InlineData("LSTMGEN019", M + "[Lstm(Units = 3, ReturnSequences = true)] [Dropout([|Rate = 1|])] [Dense(Units = 2)] public partial class M { }")]
    [InlineData("LSTMGEN019", M + "[Dropout([|Rate = -0.1|])] [Lstm(Units = 3)] public partial class M { }")]
    [InlineData("LSTMGEN019", M + "[Lstm(Units = 3)] [Dropout([|Rate = double.NaN|])] public partial class M { }")]
    // The shared diagnostics, on models.
    [InlineData("LSTMGEN001", M + "[Lstm(Units = 3)] public class [|M|] { }")]
    [InlineData("LSTMGEN002", M + "[Lstm([|Units = 0|])] public partial class M { }")]
    [InlineData("LSTMGEN002", "[LstmModel(Input = 2, [|Steps = -1|])] [Lstm(Units = 3)] public partial class M { }")]
    [InlineData("LSTMGEN003", M + "[Lstm(Units = 3)] [[|Dense(Activation = Activation.Relu)|]] public partial class M { }")]
    [InlineData("LSTMGEN003", "[[|LstmModel(Steps = 2)|]] [Lstm(Units = 3)] public partial class M { }")] // Input is required, Steps is not
    [InlineData("LSTMGEN004", "public partial class Outer { " + M + "[Lstm(Units = 3)] public partial class [|Inner|] { } }")]
    [InlineData("LSTMGEN005", M + "[Lstm(Units = 3)] public partial class [|G|]<T> { }")]
    [InlineData("LSTMGEN006", M + "[Lstm([|Units = 30000|])] public partial class M { }")]
    [InlineData("LSTMGEN008", M + "[Lstm(Units = 3)] public partial class M { public void [|Predict|]() { } }")]
    [InlineData("LSTMGEN008", M + "[Lstm(Units = 3)] public partial class M { private int [|Layer0Kernel|]; }")]
    [InlineData("LSTMGEN008", M + "[Lstm(Units = 3)] public partial class M { public static string [|Architecture|] => \"\"; }")]
    [InlineData("LSTMGEN009", M + "[Lstm(Units = 3)] public static partial class [|S|] { }")]
    [InlineData("LSTMGEN020", M + "[Lstm(Units = 3)] file partial class [|F|] { }")]
    [InlineData("LSTMGEN008", M + "[Lstm(Units = 3)] public partial class M { private int [|_layer0Packed|]; }")]
    public void ReportsAtExactSpan(string id, string markedSource)
    {
        var (result, diagnostic) = GeneratorHarness.AssertReportedAt(id, markedSource);
        // Errors stop the model's emission; the warning does not.
        bool modelEmitted = result.GeneratedSources.Any(s => s.HintName.EndsWith(".LstmModel.g.cs", System.StringComparison.Ordinal));
        Assert.Equal(diagnostic.Severity != DiagnosticSeverity.Error, modelEmitted);
    }

    [Fact]
    public void DropoutRateMessageShowsTheValue()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen; " + M + "[Lstm(Units = 3)] [Dropout(Rate = 1.5)] public partial class Net { }");
        Assert.Equal("[Dropout] on 'Net': Rate = 1.5 is not a drop probability; use a value from 0 up to, but not including, 1",
            Assert.Single(result.Diagnostics).GetMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void HalfUnderAnUnboundedCellIsRefusedAndTheOtherPrecisionsAreNot()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen; " + M +
            "[Lstm(Units = 4, ReturnSequences = true, Activation = Activation.Relu, RecurrentWeights = WeightPrecision.Half)] public partial class Net { }");
        Assert.Equal("[Lstm] on 'Net': RecurrentWeights = WeightPrecision.Half is not supported; Half needs |h| ≤ 1, which Activation = Relu does not keep; use BFloat16 or Int8",
            Assert.Single(result.Diagnostics).GetMessage(CultureInfo.InvariantCulture));
        foreach (string precision in new[] { "Int8", "BFloat16", "Single" })
            GeneratorHarness.GenerateClean(M + $"[Lstm(Units = 4, ReturnSequences = true, Activation = Activation.Relu, RecurrentWeights = WeightPrecision.{precision})] " +
                $"[Gru(Units = 3, Activation = Activation.Linear, RecurrentWeights = WeightPrecision.{precision})] public partial class Net {{ }}");
        GeneratorHarness.GenerateClean(M + "[Lstm(Units = 4, ReturnSequences = true, Activation = Activation.Sigmoid, RecurrentActivation = Activation.HardSigmoid, " +
            "RecurrentWeights = WeightPrecision.Half)] [Gru(Units = 3, RecurrentWeights = WeightPrecision.Half)] public partial class Net { }");
    }

    [Fact]
    public void MessagesNameTheLayersAndSizes()
    {
        var (result, _, _) = GeneratorHarness.Run("using LstmGen; " + M +
            "[Lstm(Units = 4, ReturnSequences = true)] [Dense(Units = 6)] [Lstm(Input = 5, Units = 2)] public partial class Net { }");
        string message = Assert.Single(result.Diagnostics).GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("Net", message);
        Assert.Contains("layer 2", message);
        Assert.Contains("Input = 5", message);
        Assert.Contains("layer 1 ([Dense]) gives 6", message);
    }
}

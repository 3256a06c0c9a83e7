using System.Diagnostics;
using LstmGen.Generator;
using Microsoft.CodeAnalysis;

namespace LstmGen.Tests;

/// <summary>
/// Sizes far beyond what fits an array (a million units, int.MaxValue steps or inputs, products that overflow an int) get
/// their diagnostic within a second and never make the compiler allocate much: the generator checks sizes in 64 bits or
/// decimal before it emits anything, and emits nothing after an error. The largest sizes it accepts emit code whose
/// length does not grow with the sizes (loops bound by constants, not unrolled), so compiling it stays cheap too.
/// </summary>
[Collection(nameof(GeneratorPropertyTests))]
[Trait("Category", "GeneratorProperties")]
public sealed class HugeSizeTests(ITestOutputHelper output)
{
    private const double MaxSeconds = 1;
    private const long MaxAllocatedBytes = 100L << 20;

    [Theory]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = 28, Units = 1000000, Steps = 28)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = 28, Units = 128, Steps = int.MaxValue)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = int.MaxValue, Units = 128)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = 46341, Units = 46341, Steps = 46341)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmLayer(Input = int.MaxValue, Units = int.MaxValue, Steps = int.MaxValue)] public partial class L { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = 28, Steps = 28)] [Lstm(Units = 1000000)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = 28, Steps = 28)] [Gru(Units = 1000000)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = 28, Steps = int.MaxValue)] [Lstm(Units = 128)] [Dense(Units = 10)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = int.MaxValue, Steps = 28)] [Lstm(Units = 128)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = 28, Steps = 28)] [Lstm(Units = 128, ReturnSequences = true)] [Dense(Units = int.MaxValue)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = 46341, Steps = 46341, Streaming = false)] [Lstm(Units = 46341, Bidirectional = true)] [Dense(Units = 46341)] public partial class M { }")]
    [InlineData("LSTMGEN006", "[LstmModel(Input = int.MaxValue, Steps = int.MaxValue)] [Lstm(Units = int.MaxValue)] [Gru(Input = int.MaxValue, Units = int.MaxValue)] [Dense(Units = int.MaxValue)] public partial class M { }")]
    public void HugeSizesAreReportedQuicklyAndCheaply(string id, string declaration)
    {
        string source = "using LstmGen;\n" + declaration;
        Measure(source);   // warm-up: JIT, metadata references
        var (result, seconds, allocated) = Measure(source);
        output.WriteLine($"{seconds * 1000:F1} ms, {allocated / 1e6:F1} MB: {string.Join("; ", result.Diagnostics.Select(d => d.Id))}");

        Assert.Null(result.Exception);
        Assert.Contains(result.Diagnostics, d => d.Id == id && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(result.GeneratedSources);
        Assert.True(seconds < MaxSeconds, $"took {seconds:F2} s");
        Assert.True(allocated < MaxAllocatedBytes, $"allocated {allocated / 1e6:F0} MB");
    }

    /// <summary>
    /// Near the limits sizes are accepted (LSTMGEN006 is not reported): the emitted source is then no longer than for a
    /// small layer of the same SIMD paths, so the compiler's work does not grow with the sizes.
    /// </summary>
    [Theory]
    [InlineData("[LstmLayer(Input = 1, Units = 23000, Steps = 93000)] public partial class L { }", "[LstmLayer(Input = 1, Units = 48, Steps = 93)] public partial class L { }")]
    [InlineData("[LstmLayer(Input = 1, Units = 1, Steps = 2000000000)] public partial class L { }", "[LstmLayer(Input = 1, Units = 1, Steps = 2)] public partial class L { }")]
    [InlineData("[LstmModel(Input = 1, Steps = 1000)] [Lstm(Units = 20000, ReturnSequences = true)] [Dense(Units = 10)] public partial class M { }",
        "[LstmModel(Input = 1, Steps = 9)] [Lstm(Units = 48, ReturnSequences = true)] [Dense(Units = 10)] public partial class M { }")]
    public void LargestAcceptedSizesEmitBoundedCode(string large, string small)
    {
        Measure("using LstmGen;\n" + large);
        var (largeResult, seconds, allocated) = Measure("using LstmGen;\n" + large);
        var (smallResult, _, _) = Measure("using LstmGen;\n" + small);
        int largeLength = largeResult.GeneratedSources.Sum(s => s.SourceText.Length), smallLength = smallResult.GeneratedSources.Sum(s => s.SourceText.Length);
        output.WriteLine($"{seconds * 1000:F1} ms, {allocated / 1e6:F1} MB, {largeLength} chars of source (small: {smallLength}): "
            + string.Join("; ", largeResult.Diagnostics.Select(d => d.Id)));

        Assert.Null(largeResult.Exception);
        Assert.DoesNotContain(largeResult.Diagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.NotEmpty(largeResult.GeneratedSources);
        Assert.True(largeLength < smallLength * 1.2, $"{largeLength} chars of source for the large sizes, {smallLength} for the small");
    }

    // Parses, runs the generator and compiles its output on this thread (concurrentBuild off, so the allocation count
    // sees all of the compiler's work); returns the run, the seconds and the bytes allocated.
    private static (GeneratorRunResult Result, double Seconds, long Allocated) Measure(string source)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var stopwatch = Stopwatch.StartNew();
        var input = GeneratorHarness.Compile(source);
        input = input.WithOptions(input.Options.WithConcurrentBuild(false));
        var driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(input, out var withGenerated, out _);
        var errors = withGenerated.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.DoesNotContain(errors, e => e.Location.SourceTree?.FilePath.EndsWith(".g.cs", StringComparison.Ordinal) == true);
        return (driver.GetRunResult().Results.Single(), stopwatch.Elapsed.TotalSeconds, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

namespace LstmGen.Tool.Tests;

public class BenchTests
{
    [Theory]
    [MemberData(nameof(Fixtures.EveryFormat), MemberType = typeof(Fixtures))]
    public void BenchesEveryFormat(string file, string modules)
    {
        string[] args = ["bench", ToolRun.Fixture(file), "--iterations", "3", "--steps", "4"];
        var run = ToolRun.Of(modules.Length > 0 ? [.. args, "--modules", modules] : args);
        run.AssertSucceeded();
        Assert.Contains("whole model", run.Output);
        Assert.Contains("µs per step", run.Output);
        Assert.Contains("Median of 3 Stopwatch-timed runs", run.Output);
        if (ModelFile.Load(ToolRun.Fixture(file), modules.Length > 0 ? modules.Split(',') : []).Layers.Any(l => l.Weights is LstmWeights))
        {
            Assert.Contains("LstmKernel", run.Output);
            Assert.Contains("generated [LstmLayer]", run.Output);
        }
    }
}

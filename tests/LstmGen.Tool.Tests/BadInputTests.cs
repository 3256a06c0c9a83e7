using System.IO;

namespace LstmGen.Tool.Tests;

/// <summary>A bad file or argument gives one line on stderr and exit code 1, never a stack trace.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("lstmgen-bad").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (string command in new[] { "inspect", "scaffold", "convert", "bench" })
            foreach (string bad in new[] { "missing", "empty", "half.safetensors", "half.npz", "half.onnx", "half.h5", "half.keras", "half.json", "text", "bad_relu.onnx" })
                data.Add(command, bad);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadFileGivesOneLine(string command, string bad)
    {
        string path = Make(bad);
        var run = ToolRun.Of(command == "convert" ? [command, path, Path.Combine(_folder, "out.safetensors")] : [command, path]);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        string line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("lstmgen: ", line);
        Assert.Contains(Path.GetFileName(path), line);
        Assert.DoesNotContain("Exception", line);
        Assert.DoesNotContain("   at ", run.Error);
        Assert.False(File.Exists(Path.Combine(_folder, "out.safetensors")));
    }

    [Theory]
    [InlineData("scaffold", "--steps", "0")]
    [InlineData("scaffold", "--class", "not a name")]
    [InlineData("bench", "--iterations", "0")]
    [InlineData("inspect", "--no-such-option", "")]
    public void BadArgumentGivesOneLine(string command, string option, string value)
    {
        var run = ToolRun.Of(command, ToolRun.Fixture("torch/lstm_odd.safetensors"), option, value);
        Assert.Equal(1, run.ExitCode);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("lstmgen: ", run.Error);
    }

    [Theory]
    [InlineData("inspect")]
    [InlineData("scaffold")]
    [InlineData("convert")]
    [InlineData("bench")]
    public void EveryCommandHasHelp(string command)
    {
        var run = ToolRun.Of(command, "--help");
        run.AssertSucceeded();
        Assert.Contains("USAGE", run.Output);
        Assert.Contains("<file>", run.Output);
    }

    /// <summary>The bad file named by <paramref name="bad"/>: "half.X" is the first half of a fixture of that format.</summary>
    private string Make(string bad)
    {
        string path = Path.Combine(_folder, bad);
        string? source = bad switch
        {
            "half.safetensors" => "torch/lstm_odd.safetensors",
            "half.npz" => "torch/lstm_odd.npz",
            "half.onnx" => "torch/lstm_odd.onnx",
            "half.h5" => "keras2c/model.h5",
            "half.keras" => "keras3/model.keras",
            "half.json" => "rtneural/models/lstm.json",
            _ => null,
        };
        if (source is not null)
        {
            var bytes = File.ReadAllBytes(ToolRun.Fixture(source));
            File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        }
        else if (bad == "empty")
            File.WriteAllBytes(path, []);
        else if (bad == "text")
            File.WriteAllText(path, "x,y\n1,2\n");
        else if (bad == "bad_relu.onnx")
            File.Copy(ToolRun.Fixture("onnx/bad_relu.onnx"), path);
        return path;
    }
}

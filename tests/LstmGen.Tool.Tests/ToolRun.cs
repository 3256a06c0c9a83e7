using System.IO;
using LstmGen.Tool;
using Spectre.Console;

namespace LstmGen.Tool.Tests;

/// <summary>One run of the command line, as a user's shell would see it.</summary>
internal sealed record ToolRun(int ExitCode, string Output, string Error)
{
    public static ToolRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 160;
        int code = Cli.Run(args, console, error);
        return new ToolRun(code, output.ToString(), error.ToString());
    }

    /// <summary>A fixture of tests/LstmGen.Tests/Fixtures, copied next to the tests.</summary>
    public static string Fixture(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public void AssertSucceeded()
    {
        Assert.True(ExitCode == 0, $"exit code {ExitCode}: {Error}");
        Assert.Equal("", Error);
    }
}

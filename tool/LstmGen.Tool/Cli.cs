using System;
using System.IO;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary>The command line: the four commands, and every failure as one line on the error writer.</summary>
internal static class Cli
{
    /// <summary>Runs <paramref name="args"/>; tables and code go to <paramref name="console"/>, errors to <paramref name="error"/>.</summary>
    /// <returns>0 on success, 1 for a bad file or argument.</returns>
    public static int Run(string[] args, IAnsiConsole console, TextWriter error)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("lstmgen");
            config.ConfigureConsole(console);
            config.Settings.Registrar.RegisterInstance(console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.AddCommand<InspectCommand>("inspect")
                .WithDescription("Layers, shapes, gate order and parameter counts of a model file, and what Units means in it.")
                .WithExample("inspect", "model.safetensors");
            config.AddCommand<ScaffoldCommand>("scaffold")
                .WithDescription("Prints the C# [[LstmModel]] partial class that matches the file, with the call that loads it.")
                .WithExample("scaffold", "model.h5", "--class", "Classifier", "--namespace", "MyApp", "--steps", "28");
            config.AddCommand<ConvertCommand>("convert")
                .WithDescription("Writes the file's weights as a PyTorch state_dict in safetensors (float32).")
                .WithExample("convert", "model.onnx", "model.safetensors");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Times LstmKernel against kernels generated for the file's sizes, on random input.")
                .WithExample("bench", "model.safetensors", "--iterations", "500");
        });
        try
        {
            return app.Run(args);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            error.WriteLine("lstmgen: " + OneLine(e));
            return 1;
        }
    }

    /// <summary>The message of the exception a command threw (not Spectre's wrapper), on one line.</summary>
    private static string OneLine(Exception e)
    {
        if (e is CommandAppException and not CommandParseException && e.InnerException is not null)
            return OneLine(e.InnerException);
        string message = e is FileNotFoundException { FileName: { } file } ? $"{file}: file not found." : e.Message;
        return message.ReplaceLineEndings(" ");
    }
}

using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.CSharp;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary><c>lstmgen scaffold &lt;file&gt;</c>: prints the <c>[LstmModel]</c> class that matches the file, with its load call.</summary>
internal sealed class ScaffoldCommand(IAnsiConsole console) : Command<ScaffoldCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandOption("-c|--class <NAME>")]
        [Description("The class name. Default: the file name in PascalCase.")]
        public string? Class { get; init; }

        [CommandOption("-n|--namespace <NAME>")]
        [Description("A namespace for the class. Default: none.")]
        public string? Namespace { get; init; }

        [CommandOption("-s|--steps <N>")]
        [Description("The sequence length Predict takes ([[LstmModel]] Steps). Model files do not record it.")]
        public int? Steps { get; init; }

        [CommandOption("-r|--return-sequences <BOOL>")]
        [Description("Whether the last recurrent layer outputs every step (true) or its last state only (false). " +
            "Default: true for PyTorch and RTNeural files (nn.LSTM returns the sequence), false for Keras (return_sequences' default).")]
        public bool? ReturnSequences { get; init; }

        public override ValidationResult Validate() =>
            Steps is < 1 ? ValidationResult.Error("--steps must be 1 or more.")
            : Class is not null && !SyntaxFacts.IsValidIdentifier(Class) ? ValidationResult.Error($"--class: '{Class}' is not a C# identifier.")
            : Namespace is not null && !Namespace.Split('.').All(SyntaxFacts.IsValidIdentifier) ? ValidationResult.Error($"--namespace: '{Namespace}' is not a C# namespace.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = settings.Load();
        string name = settings.Class ?? ClassName(model.Path);
        console.Profile.Out.Writer.Write(ModelDeclaration.Source(model, name, settings.Namespace, settings.Steps, settings.ReturnSequences));
        return 0;
    }

    /// <summary>"lstm_stack2.safetensors" → "LstmStack2"; "Model" when nothing usable is left.</summary>
    internal static string ClassName(string path)
    {
        string stem = Path.GetFileName(path).Split('.')[0];
        var s = new StringBuilder();
        bool upper = true;
        foreach (char c in stem)
        {
            if (!char.IsAsciiLetterOrDigit(c)) { upper = true; continue; }
            s.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return s.Length == 0 || char.IsDigit(s[0]) ? "Model" + s : s.ToString();
    }
}

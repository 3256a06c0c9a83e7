using System.ComponentModel;
using System.Linq;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary><c>lstmgen convert &lt;in&gt; &lt;out.safetensors&gt;</c>: any model file as a PyTorch state_dict in safetensors.</summary>
internal sealed class ConvertCommand(IAnsiConsole console) : Command<ConvertCommand.Settings>
{
    internal sealed class Settings : ModelSettings
    {
        [CommandArgument(1, "<out>")]
        [Description("The .safetensors file to write (replaced if it exists).")]
        public string Output { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = settings.Load();
        // State_dict and Keras files keep their module / layer names; the others get nn.Sequential's "layers.0", "layers.1", ...
        var modules = model.Modules.Count > 0 ? model.Modules.ToArray()
            : Enumerable.Range(0, model.Layers.Count).Select(k => $"layers.{k}").ToArray();
        model.Weights.SaveSafetensors(settings.Output, modules);
        console.MarkupLineInterpolated($"Wrote [bold]{settings.Output}[/]: {model.Layers.Count} layers as PyTorch tensors (float32).");
        console.MarkupLineInterpolated($"Load it with ModelWeights.LoadSafetensors(path, {string.Join(", ", modules.Select(ModelFile.Literal))}).");
        var recorded = model.Layers.Where(l => l.Activation is not null || l.RecurrentActivation is not null).ToList();
        if (recorded.Count > 0)
            console.MarkupLineInterpolated(
                $"Safetensors holds weights only: the activations {settings.File} records ({string.Join("; ", recorded.Select(l => $"{l.Source}: {l.Activation}{(l.RecurrentActivation is { } r ? $", gates {r}" : "")}"))}) are not in it. Scaffold the original file to keep them in the attributes.");
        return 0;
    }
}

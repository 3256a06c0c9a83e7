using System.Globalization;
using System.Linq;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary><c>lstmgen inspect &lt;file&gt;</c>: the layers, shapes, gate order and parameter counts of a model file.</summary>
internal sealed class InspectCommand(IAnsiConsole console) : Command<ModelSettings>
{
    public override int Execute(CommandContext context, ModelSettings settings, CancellationToken cancellationToken)
    {
        var model = settings.Load();
        console.MarkupLineInterpolated($"[bold]{model.Path}[/]: {model.FormatName}");
        console.MarkupLineInterpolated($"Layer order: {model.OrderNote}");
        if (model.Modules.Count > 0)
            console.MarkupLineInterpolated($"Modules, in layer order: {string.Join(", ", model.Modules.Select(m => m.Length == 0 ? "\"\" (no prefix)" : m))}");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("#").AddColumn("in the file").AddColumn("layer").AddColumn("gate order").AddColumn("activations")
            .AddColumn(new TableColumn("params Keras").RightAligned()).AddColumn(new TableColumn("params PyTorch").RightAligned());
        var layout = new Tree("Weights as LstmGen holds them (rows × columns)");
        foreach (var (layer, k) in model.Layers.Select((l, k) => (l, k)))
        {
            var w = layer.Weights;
            string kind = $"{(w is BidirectionalWeights ? "BiLSTM" : w.Kind)} {w.InputSize} → {w.OutputSize}";
            table.AddRow(k.ToString(CultureInfo.InvariantCulture), Markup.Escape(layer.Source), kind, Markup.Escape(layer.GateOrder),
                Activations(layer), Count(LayerFacts.KerasParameters(w)), LayerFacts.PyTorchParameters(w) is { } p ? Count(p) : "-");
            layout.AddNode($"{k}: {kind}").AddNode(Markup.Escape(LayerFacts.Matrices(w)));
        }
        long keras = model.Layers.Sum(l => LayerFacts.KerasParameters(l.Weights));
        long? torch = model.Layers.Any(l => LayerFacts.PyTorchParameters(l.Weights) is null) ? null
            : model.Layers.Sum(l => LayerFacts.PyTorchParameters(l.Weights)!.Value);
        table.AddRow("", "[bold]total[/]", "", "", "", $"[bold]{Count(keras)}[/]", torch is { } t ? $"[bold]{Count(t)}[/]" : "-");
        console.Write(table);
        console.MarkupLine("Keras counts one bias vector per LSTM gate, 4·U·(I+U+1); PyTorch stores two, b_ih and b_hh, 4·U·(I+U+2). " +
            "LstmGen sums them on load. LstmGen's own gate order is PyTorch's i, f, g, o; loaders reorder the others.");
        console.Write(layout);
        if (model.Tensors.Count > 0)
        {
            var tree = new Tree("Tensors in " + Markup.Escape(System.IO.Path.GetFileName(model.Path)));
            foreach (var tensor in model.Tensors)
                tree.AddNode($"{Markup.Escape(tensor.Name)}  [grey]{Markup.Escape(tensor.DType + " " + tensor.ShapeText)}[/]");
            console.Write(tree);
        }
        console.WriteLine();
        console.MarkupLine(UnitsExplanation(model));
        return 0;
    }

    private static string Activations(LayerInfo layer)
    {
        if (layer.Activation is null && layer.RecurrentActivation is null)
            return "[grey]not recorded[/]";
        return layer.Weights is DenseWeights || layer.RecurrentActivation is null
            ? $"{layer.Activation}"
            : $"{layer.Activation?.ToString() ?? "?"}, gates {layer.RecurrentActivation}";
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>What Units means, told with this file's first recurrent layer.</summary>
    private static string UnitsExplanation(ModelFile model)
    {
        var first = model.Layers.FirstOrDefault(l => l.Weights is not DenseWeights);
        if (first is null)
            return "This file holds no recurrent layer.";
        var w = first.Weights;
        int units = LayerFacts.Units(w);
        string state = w is GruWeights ? $"h, a vector of {units} floats" : $"h and c, each a vector of {units} floats";
        return $"[bold]Units[/] is the size of the state: the first recurrent layer here, {Markup.Escape(first.Source)}, has Units = {units}. " +
            $"It keeps {state}, and updates them once per time step from {w.InputSize} input features. " +
            "Units is not the number of time steps: a weights file does not record a sequence length, and the same weights run " +
            "sequences of any length ([[LstmModel(Steps = ...)]] is the length Predict takes).";
    }
}

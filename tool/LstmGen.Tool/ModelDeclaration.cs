using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace LstmGen.Tool;

/// <summary>
/// The C# declaration of a model file's <c>[LstmModel]</c> class: one attribute per weighted layer, in order, and a
/// <c>Load</c> method holding the load call for the file. Scaffold prints it; bench compiles it.
/// </summary>
internal static class ModelDeclaration
{
    /// <summary>The class as a source file.</summary>
    /// <param name="model">The file.</param>
    /// <param name="className">The class's name.</param>
    /// <param name="ns">A namespace, or null for none.</param>
    /// <param name="steps">The [LstmModel] Steps; null writes 1 with a comment (model files do not record it).</param>
    /// <param name="lastReturnsSequences">Whether the last recurrent layer outputs every step; null for the file's convention
    /// (<see cref="ModelFile.RecurrentLayersReturnSequences"/>).</param>
    public static string Source(ModelFile model, string className, string? ns, int? steps, bool? lastReturnsSequences = null)
    {
        var layers = model.Layers;
        bool streaming = !layers.Any(l => l.Weights is BidirectionalWeights);
        var s = new StringBuilder();
        s.AppendLine($"// Scaffolded by lstmgen from {Path.GetFileName(model.Path)}: {model.FormatName}, {layers.Count} weighted layers.");
        s.AppendLine("using LstmGen;");
        s.AppendLine();
        if (ns is not null)
        {
            s.AppendLine($"namespace {ns};");
            s.AppendLine();
        }
        if (steps is null)
            s.AppendLine("// Steps: the sequence length Predict takes. Model files do not record it: set yours (lstmgen scaffold --steps N).");
        s.AppendLine($"[LstmModel(Input = {layers[0].Weights.InputSize}, Steps = {steps ?? 1}{(streaming ? "" : ", Streaming = false")})]");
        for (int k = 0; k < layers.Count; k++)
        {
            bool sequences = layers.Skip(k + 1).Any(l => IsRecurrent(l.Weights)) || (lastReturnsSequences ?? model.RecurrentLayersReturnSequences);
            s.AppendLine(Attribute(layers[k], sequences, model.Format));
        }
        s.AppendLine($"public partial class {className}");
        s.AppendLine("{");
        s.AppendLine($"    /// <summary>A new {className} with the weights of {Xml(Path.GetFileName(model.Path))} loaded.</summary>");
        s.AppendLine($"    public static {className} Load(string path = {ModelFile.Literal(model.Path)})");
        s.AppendLine("    {");
        s.AppendLine($"        var model = new {className}();");
        s.AppendLine($"        model.LoadWeights({model.LoadExpression("path")});");
        s.AppendLine("        return model;");
        s.AppendLine("    }");
        s.AppendLine("}");
        return s.ToString();
    }

    private static bool IsRecurrent(LayerWeights w) => w is not DenseWeights;

    private static string Attribute(LayerInfo layer, bool sequences, ModelFormat format)
    {
        var args = new List<string> { $"Units = {Units(layer.Weights)}" };
        string name;
        switch (layer.Weights)
        {
            case DenseWeights:
                name = "Dense";
                break;
            case GruWeights gru:
                name = "Gru";
                if (sequences) args.Add("ReturnSequences = true");
                if (!gru.ResetAfter) args.Add("ResetAfter = false");
                break;
            default:
                name = "Lstm";
                if (sequences) args.Add("ReturnSequences = true");
                if (layer.Weights is BidirectionalWeights) args.Add("Bidirectional = true");
                break;
        }
        var defaultActivation = layer.Weights is DenseWeights ? Activation.Linear : Activation.Tanh;
        if (layer.Activation is { } a && a != defaultActivation)
            args.Add($"Activation = Activation.{a}");
        if (layer.RecurrentActivation is { } r && r != Activation.Sigmoid)
            args.Add($"RecurrentActivation = Activation.{r}");
        string note = layer.Activation is null && layer.Weights is DenseWeights && format != ModelFormat.Keras
            ? "; its activation is not in the file (PyTorch applies it in forward): Linear here"
            : "";
        return $"[{name}({string.Join(", ", args)})] // {layer.Source}{note}";
    }

    private static int Units(LayerWeights w) => w switch
    {
        BidirectionalWeights b => b.Units,
        _ => w.OutputSize,
    };

    private static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}

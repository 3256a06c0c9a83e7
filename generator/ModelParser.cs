using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using LstmGen.GeneratedCodeSupport;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LstmGen.Generator;

/// <summary>Turns one [LstmModel] class and its layer attributes into a <see cref="ModelResult"/>. Never throws on odd source.</summary>
internal static class ModelParser
{
    internal const string LstmName = "LstmGen.LstmAttribute";
    internal const string GruName = "LstmGen.GruAttribute";
    internal const string DenseName = "LstmGen.DenseAttribute";
    internal const string DropoutName = "LstmGen.DropoutAttribute";

    private static readonly string[] FixedMembers =
        { "Input", "Steps", "Output", "OutputLength", "LayerCount", "ParameterCount", "StateLength", "LoadWeights", "Predict", "Step", "ResetState", "SetState", "GetState" };

    public static ModelResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        var diagnostics = new List<Diagnostic>();
        if (context.TargetSymbol is not INamedTypeSymbol type || context.TargetNode is not TypeDeclarationSyntax declaration)
            return new ModelResult(null, default);
        var model = context.Attributes.FirstOrDefault();
        // Several declarations of one partial class: answer only for the one carrying the first [LstmModel].
        var first = type.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == LstmLayerGenerator.ModelAttributeName);
        if (model is null || first?.ApplicationSyntaxReference?.GetSyntax(cancellationToken).Parent?.Parent != declaration)
            return new ModelResult(null, default);
        var modelSyntax = model.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
        var modelLocation = modelSyntax?.GetLocation();
        string name = type.Name;
        void Report(DiagnosticDescriptor d, Location? where, params object[] args) => diagnostics.Add(Diagnostic.Create(d, where, args));

        if (type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LstmLayerGenerator.AttributeName))
        {
            Report(Diagnostics.LayerAndModel, modelLocation, name);
            return new ModelResult(null, new EquatableArray<Diagnostic>(diagnostics.ToArray()));
        }

        var layerAttributes = type.GetAttributes()
            .Where(a => a.AttributeClass?.ToDisplayString() is LstmName or GruName or DenseName)
            .ToList();
        var members = FixedMembers.Concat(Enumerable.Range(0, layerAttributes.Count)
            .SelectMany(k => new[] { $"Layer{k}Kernel", $"Layer{k}Input", $"Layer{k}Units", $"Layer{k}StateOffset" })).ToList();
        Parser.CheckClass(type, declaration.Identifier.GetLocation(), "LstmModel", members, diagnostics, cancellationToken);

        bool unusable = false;
        // Reads an int property: null when absent (LSTMGEN003 if required), not a constant (the compiler says why), or below 1 (LSTMGEN002).
        int? ReadInt(AttributeData attribute, AttributeSyntax? syntax, string attributeName, string example, string property, bool required)
        {
            var argument = Parser.FindArgument(syntax, property);
            if (argument is null)
            {
                if (required)
                {
                    Report(Diagnostics.Missing, syntax?.GetLocation(), name, property, attributeName, example);
                    unusable = true;
                }
                return null;
            }
            var constant = attribute.NamedArguments.FirstOrDefault(a => a.Key == property).Value;
            if (constant.Kind != TypedConstantKind.Primitive || constant.Value is not int value)
            {
                unusable = true;
                return null;
            }
            if (value < 1)
            {
                Report(Diagnostics.NotPositive, argument.GetLocation(), name, property, value.ToString(CultureInfo.InvariantCulture), attributeName);
                unusable = true;
                return null;
            }
            return value;
        }

        Activation ReadActivation(AttributeData attribute, AttributeSyntax? syntax, string attributeName, string property,
            Activation fallback, Activation[] allowed)
        {
            if (Parser.FindArgument(syntax, property) is null)
                return fallback;
            var constant = attribute.NamedArguments.FirstOrDefault(a => a.Key == property).Value;
            if (constant.Kind != TypedConstantKind.Enum || constant.Value is not int value)
            {
                unusable = true; // not a constant of the enum: the compiler reports it
                return fallback;
            }
            var kind = (Activation)value;
            if (!allowed.Contains(kind))
            {
                Report(Diagnostics.BadActivation, Parser.FindArgument(syntax, property)?.GetLocation() ?? syntax?.GetLocation(), name, attributeName,
                    property, System.Enum.IsDefined(typeof(Activation), kind) ? kind.ToString() : value.ToString(CultureInfo.InvariantCulture),
                    string.Join(", ", allowed.Select(a => "Activation." + a)));
                unusable = true;
            }
            return kind;
        }

        int? input = ReadInt(model, modelSyntax, "LstmModel", "LstmModel(Input = 28, Steps = 28)", "Input", required: true);
        int? steps = ReadInt(model, modelSyntax, "LstmModel", "LstmModel(Input = 28, Steps = 28)", "Steps", required: true);
        bool streaming = model.NamedArguments.FirstOrDefault(a => a.Key == "Streaming").Value.Value is not false;
        bool Flag(AttributeData attribute, string property) => attribute.NamedArguments.FirstOrDefault(a => a.Key == property).Value.Value is true;

        var everyActivation = new[]
        {
            Activation.Linear, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Softmax,
            Activation.HardSigmoid, Activation.HardSigmoidKeras2,
        };
        var cellActivations = everyActivation.Where(a => a != Activation.Softmax).ToArray();
        var gateActivations = new[] { Activation.Sigmoid, Activation.HardSigmoid, Activation.HardSigmoidKeras2 };

        var layers = new List<ModelLayerSpec>();
        int width = input ?? 0;       // features per step out of the previous layer (0 once unknown)
        bool sequence = true;         // whether the previous layer outputs a sequence (the model input is one)
        string previous = "the model input";
        long parameters = 0;
        for (int k = 0; k < layerAttributes.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var attribute = layerAttributes[k];
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
            string className = attribute.AttributeClass!.ToDisplayString();
            bool isGru = className == GruName, isRecurrent = isGru || className == LstmName;
            string attributeName = isGru ? "Gru" : isRecurrent ? "Lstm" : "Dense";
            int? units = ReadInt(attribute, syntax, attributeName, attributeName + "(Units = 64)", "Units", required: true);
            int? declaredInput = ReadInt(attribute, syntax, attributeName, attributeName + "(Units = 64)", "Input", required: false);
            if (declaredInput is int di && width > 0 && di != width)
            {
                Report(Diagnostics.InputMismatch, Parser.FindArgument(syntax, "Input")!.GetLocation(), name, attributeName, k, di, previous, width);
                unusable = true;
            }
            int layerInput = width > 0 ? width : declaredInput ?? 0;

            ModelLayerSpec? layer = null;
            if (isRecurrent)
            {
                if (!sequence)
                {
                    Report(Diagnostics.NeedsSequence, syntax?.GetLocation(), name, k, k - 1, attributeName);
                    unusable = true;
                }
                // Keras reset_after=False (r applied to h before the recurrent product) runs a two-pass step.
                bool resetAfter = !isGru || attribute.NamedArguments.FirstOrDefault(a => a.Key == "ResetAfter").Value.Value is not false;
                bool returnSequences = Flag(attribute, "ReturnSequences");
                bool bidirectional = !isGru && Flag(attribute, "Bidirectional"), backwards = !isGru && Flag(attribute, "GoBackwards");
                if (bidirectional && backwards)
                {
                    Report(Diagnostics.UnsupportedOption, Parser.FindArgument(syntax, "GoBackwards")?.GetLocation(), name, attributeName, "GoBackwards", "true",
                        "a Bidirectional layer already reads the sequence both ways");
                    unusable = true;
                }
                else if ((bidirectional || backwards) && streaming)
                {
                    string option = bidirectional ? "Bidirectional" : "GoBackwards";
                    Report(Diagnostics.NeedsWholeSequence, Parser.FindArgument(syntax, option)?.GetLocation(), name, k, option);
                    unusable = true;
                }
                var activation = ReadActivation(attribute, syntax, attributeName, "Activation", Activation.Tanh, cellActivations);
                var recurrent = ReadActivation(attribute, syntax, attributeName, "RecurrentActivation", Activation.Sigmoid, gateActivations);
                if (units is int u && layerInput > 0)
                {
                    long packed = KernelSizing.PackedLstmFloats(layerInput, u);
                    if (packed > int.MaxValue)
                    {
                        Report(Diagnostics.TooLarge, Parser.FindArgument(syntax, "Units")?.GetLocation(), name,
                            "4·Units·(Input+Units+1) (packed)", packed.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture), attributeName);
                        unusable = true;
                    }
                    layer = new ModelLayerSpec(isGru ? ModelLayerKind.Gru : ModelLayerKind.Lstm, layerInput, u, returnSequences, activation, recurrent, true, returnSequences,
                        bidirectional, backwards, resetAfter);
                }
                sequence = returnSequences;
            }
            else
            {
                var activation = ReadActivation(attribute, syntax, attributeName, "Activation", Activation.Linear, everyActivation);
                if (activation == Activation.Softmax && k < layerAttributes.Count - 1)
                    Report(Diagnostics.SoftmaxNotLast, Parser.FindArgument(syntax, "Activation")?.GetLocation(), name, k);
                if (units is int u && layerInput > 0)
                {
                    long packed = KernelSizing.PackedDenseFloats(layerInput, u);
                    if (packed > int.MaxValue)
                    {
                        Report(Diagnostics.TooLarge, Parser.FindArgument(syntax, "Units")?.GetLocation(), name,
                            "(Input+1)·Units (packed)", packed.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture), "Dense");
                        unusable = true;
                    }
                    layer = new ModelLayerSpec(ModelLayerKind.Dense, layerInput, u, false, activation, Activation.Linear, sequence, sequence);
                }
            }
            if (layer is not null)
            {
                layers.Add(layer);
                parameters += layer.ParameterCount;
            }
            width = layer?.Output ?? units ?? 0;
            previous = $"layer {k} ([{attributeName}])";
        }

        if (layerAttributes.Count == 0)
        {
            Report(Diagnostics.EmptyModel, modelLocation, name);
            unusable = true;
        }
        if (!unusable && steps is int st)
        {
            long widest = System.Math.Max(input ?? 0, layers.Count == 0 ? 0 : layers.Max(l => l.Output));
            if ((long)st * widest > int.MaxValue)
            {
                Report(Diagnostics.TooLarge, Parser.FindArgument(modelSyntax, "Steps")?.GetLocation(), name,
                    "Steps·(widest layer)", ((long)st * widest).ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture), "LstmModel");
                unusable = true;
            }
            else if (parameters > int.MaxValue)
            {
                Report(Diagnostics.TooLarge, modelLocation, name, "the parameter count",
                    parameters.ToString(CultureInfo.InvariantCulture), int.MaxValue.ToString(CultureInfo.InvariantCulture), "LstmModel");
                unusable = true;
            }
        }

        bool hasError = unusable || input is null || steps is null || layers.Count != layerAttributes.Count
            || diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        var spec = hasError
            ? null
            : new ModelSpec(
                type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() : null,
                name, declaration is RecordDeclarationSyntax ? "record class" : "class", input!.Value, steps!.Value,
                new EquatableArray<ModelLayerSpec>(layers.ToArray()), streaming);
        return new ModelResult(spec, new EquatableArray<Diagnostic>(diagnostics.ToArray()));
    }

    /// <summary>[Lstm], [Gru], [Dense] or [Dropout] on a class without [LstmModel]: LSTMGEN010 at each such attribute.</summary>
    public static EquatableArray<Diagnostic> ParseOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type
            || type.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == LstmLayerGenerator.ModelAttributeName))
            return default;
        var diagnostics = new List<Diagnostic>();
        foreach (var attribute in context.Attributes)
        {
            var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken);
            string shortName = attribute.AttributeClass?.Name is { } n && n.EndsWith("Attribute") ? n.Substring(0, n.Length - "Attribute".Length) : "?";
            diagnostics.Add(Diagnostic.Create(Diagnostics.LayerWithoutModel, syntax?.GetLocation(), shortName, type.Name));
        }
        return new EquatableArray<Diagnostic>(diagnostics.ToArray());
    }
}

namespace LstmGen.Generator;

/// <summary>Turns one [LstmModel] class and its layer attributes into a <see cref="ParseResult{TSpec}"/>. Never throws on odd source.</summary>
internal static class ModelParser
{
    private const string Example = "LstmModel(Input = 28, Steps = 28)";

    private static readonly string[] FixedMembers =
        { "Input", "Steps", "Output", "OutputLength", "LayerCount", "ParameterCount", "StateLength", "Architecture", "LoadWeights", "Predict", "PredictBatch", "Step", "ResetState", "SetState", "GetState" };

    private static readonly Activation[] EveryActivation =
    {
        Activation.Linear, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.Softmax,
        Activation.HardSigmoid, Activation.HardSigmoidKeras2,
    };

    private static readonly Activation[] CellActivations = EveryActivation.Where(a => a != Activation.Softmax).ToArray();

    private static readonly Activation[] GateActivations = { Activation.Sigmoid, Activation.HardSigmoid, Activation.HardSigmoidKeras2 };

    public static ParseResult<ModelSpec> Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (TargetClass.Find(context, AttributeNames.LstmModel, cancellationToken) is not var (type, declaration, data))
            return ParseResult<ModelSpec>.None;
        var report = new ParseReport(type.Name);
        var model = new AttributeReader(report, data, "LstmModel", cancellationToken);
        if (TargetClass.Has(type, AttributeNames.LstmLayer))
        {
            report.Add(Diagnostics.LayerAndModel, model.Location, type.Name);
            return new ParseResult<ModelSpec>(null, report.Diagnostics);
        }

        // Every layer attribute in declaration order; Dropout's Kind is null.
        var declared = type.GetAttributes()
            .Select(a => (Attribute: a, Layer: AttributeNames.ModelLayers.FirstOrDefault(l => l.Name == a.AttributeClass?.ToDisplayString())))
            .Where(a => a.Layer.Name is not null)
            .Select(a => (a.Attribute, a.Layer.Kind))
            .ToList();
        var layerAttributes = declared.Where(a => a.Kind is not null).ToList();
        var members = FixedMembers.Concat(Enumerable.Range(0, layerAttributes.Count)
            .SelectMany(k => new[] { $"Layer{k}Kernel", $"Layer{k}Input", $"Layer{k}Units", $"Layer{k}StateOffset" })).ToList();
        TargetClass.Check(type, declaration, "LstmModel", members, report, cancellationToken);

        int? input = model.Size("Input", Example);
        int? steps = model.Size("Steps", example: null); // optional: without it Predict takes any number of steps
        bool streaming = model.Flag("Streaming", fallback: true);

        var layers = new List<ModelLayerSpec>();
        var dropouts = new List<DropoutSpec>();
        int width = input ?? 0;       // features per step out of the previous layer (0 once unknown)
        bool sequence = true;         // whether the previous layer outputs a sequence (the model input is one)
        string previous = "the model input";
        int k = -1;                   // the weighted layer's index: Dropout layers take none
        foreach (var (layerData, layerKind) in declared)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (layerKind is not { } kind)
            {
                if (ParseDropoutRate(new AttributeReader(report, layerData, "Dropout", cancellationToken), report) is double rate)
                    dropouts.Add(new DropoutSpec(k + 1, rate));
                continue;
            }
            k++;
            var attribute = new AttributeReader(report, layerData, kind.ToString(), cancellationToken);
            int? units = attribute.Size("Units", attribute.Name + "(Units = 64)");
            int? declaredInput = attribute.Size("Input", example: null);
            if (declaredInput is int di && width > 0 && di != width)
            {
                report.Add(Diagnostics.InputMismatch, attribute.ArgumentLocation("Input"), type.Name, attribute.Name, k, di, previous, width);
                report.Unusable = true;
            }
            int layerInput = width > 0 ? width : declaredInput ?? 0;

            ModelLayerSpec? layer;
            if (kind == ModelLayerKind.Dense)
                layer = ParseDense(attribute, report, k, k == layerAttributes.Count - 1, units, layerInput, sequence);
            else
            {
                layer = ParseRecurrent(attribute, report, kind, k, units, layerInput, sequence, streaming);
                sequence = attribute.Flag("ReturnSequences", fallback: false);
            }
            if (layer is not null)
                layers.Add(layer);
            width = layer?.Output ?? units ?? 0;
            previous = $"layer {k} ([{attribute.Name}])";
        }

        if (layerAttributes.Count == 0)
        {
            report.Add(Diagnostics.EmptyModel, model.Location, type.Name);
            report.Unusable = true;
        }
        if (!report.Unusable && steps is int st)
            CheckModelSizes(model, report, input ?? 0, st, layers);

        bool hasError = report.HasErrors || input is null || (model.Argument("Steps") is not null && steps is null) || layers.Count != layerAttributes.Count;
        var spec = hasError
            ? null
            : new ModelSpec(TargetClass.Namespace(type), type.Name, TargetClass.Keyword(declaration), input!.Value, steps ?? 0,
                new EquatableArray<ModelLayerSpec>(layers.ToArray()), streaming, new EquatableArray<DropoutSpec>(dropouts.ToArray()));
        return new ParseResult<ModelSpec>(spec, report.Diagnostics, spec is null ? default : TargetClass.OwnMembers(type, members));
    }

    // An [Lstm] or [Gru] layer: null when a size is unknown.
    private static ModelLayerSpec? ParseRecurrent(AttributeReader attribute, ParseReport report, ModelLayerKind kind, int k, int? units,
        int layerInput, bool sequence, bool streaming)
    {
        bool isGru = kind == ModelLayerKind.Gru;
        if (!sequence)
        {
            report.Add(Diagnostics.NeedsSequence, attribute.Location, report.ClassName, k, k - 1, attribute.Name);
            report.Unusable = true;
        }
        // Keras reset_after=False (r applied to h before the recurrent product) runs a two-pass step.
        bool resetAfter = !isGru || attribute.Flag("ResetAfter", fallback: true);
        bool returnSequences = attribute.Flag("ReturnSequences", fallback: false);
        bool bidirectional = !isGru && attribute.Flag("Bidirectional", fallback: false);
        bool backwards = !isGru && attribute.Flag("GoBackwards", fallback: false);
        if (bidirectional && backwards)
        {
            report.Add(Diagnostics.UnsupportedOption, attribute.ArgumentLocation("GoBackwards"), report.ClassName, attribute.Name, "GoBackwards", "true",
                "a Bidirectional layer already reads the sequence both ways");
            report.Unusable = true;
        }
        else if ((bidirectional || backwards) && streaming)
        {
            string option = bidirectional ? "Bidirectional" : "GoBackwards";
            report.Add(Diagnostics.NeedsWholeSequence, attribute.ArgumentLocation(option), report.ClassName, k, option);
            report.Unusable = true;
        }
        var activation = attribute.Activation("Activation", Activation.Tanh, CellActivations);
        var recurrent = attribute.Activation("RecurrentActivation", Activation.Sigmoid, GateActivations);
        var precision = attribute.Precision("RecurrentWeights");
        if (precision == WeightPrecision.Half && !BoundsH(activation))
            report.Add(Diagnostics.UnsupportedOption, attribute.ArgumentLocation("RecurrentWeights"), report.ClassName, attribute.Name,
                "RecurrentWeights", "WeightPrecision.Half", $"Half needs |h| ≤ 1, which Activation = {activation} does not keep; use BFloat16 or Int8");
        if (units is not int u || layerInput <= 0)
            return null;
        CheckPacked(attribute, report, KernelSizing.PackedLstmFloats(layerInput, u), "4·Units·(Input+Units+1) (packed)");
        return new ModelLayerSpec(kind, layerInput, u, returnSequences, activation, recurrent, true, returnSequences,
            bidirectional, backwards, resetAfter, precision);
    }

    // Whether a cell with this activation keeps |h| ≤ 1, as Half W_hh needs: its decoded weights are w·2⁻¹¹² (LstmHalf),
    // so the kernel multiplies h by 2¹¹², which overflows float32 once |h| reaches 2¹⁶, as an unbounded cell's h can. An
    // LSTM's h = gate∘act(c) and a GRU's h, a blend of act's values and the initial h, stay within act's range.
    private static bool BoundsH(Activation activation) =>
        activation is Activation.Tanh or Activation.Sigmoid or Activation.HardSigmoid or Activation.HardSigmoidKeras2;

    // A [Dropout] layer's Rate (0 when absent): a drop probability in [0, 1), as ModelLayer.Dropout takes it. Null, and the
    // class unusable, when it is not (LSTMGEN019) or not a constant double (the compiler's error).
    private static double? ParseDropoutRate(AttributeReader attribute, ParseReport report)
    {
        if (attribute.Argument("Rate") is null)
            return 0;
        if (attribute.Value("Rate").Value is not double rate)
        {
            report.Unusable = true;
            return null;
        }
        if (rate >= 0 && rate < 1)
            return rate;
        report.Add(Diagnostics.BadDropoutRate, attribute.ArgumentLocation("Rate"), report.ClassName, Format.Plain(rate));
        report.Unusable = true;
        return null;
    }

    // A [Dense] layer, applied per step after a sequence: null when a size is unknown.
    private static ModelLayerSpec? ParseDense(AttributeReader attribute, ParseReport report, int k, bool last, int? units, int layerInput, bool sequence)
    {
        var activation = attribute.Activation("Activation", Activation.Linear, EveryActivation);
        if (activation == Activation.Softmax && !last)
            report.Add(Diagnostics.SoftmaxNotLast, attribute.ArgumentLocation("Activation"), report.ClassName, k);
        if (units is not int u || layerInput <= 0)
            return null;
        CheckPacked(attribute, report, KernelSizing.PackedDenseFloats(layerInput, u), "(Input+1)·Units (packed)");
        return new ModelLayerSpec(ModelLayerKind.Dense, layerInput, u, false, activation, Activation.Linear, sequence, sequence);
    }

    // A layer's packed weights must fit one array (LSTMGEN006 at its Units).
    private static void CheckPacked(AttributeReader attribute, ParseReport report, decimal packed, string what)
    {
        if (packed <= int.MaxValue)
            return;
        report.Add(Diagnostics.TooLarge, attribute.ArgumentLocation("Units"), report.ClassName, what,
            Format.Plain(packed), Format.Plain(int.MaxValue), attribute.Name);
        report.Unusable = true;
    }

    // A whole sequence of the widest layer must fit a span, and the parameter count an int (LSTMGEN006).
    private static void CheckModelSizes(AttributeReader model, ParseReport report, int input, int steps, List<ModelLayerSpec> layers)
    {
        long widest = System.Math.Max(input, layers.Count == 0 ? 0 : layers.Max(l => l.Output));
        long parameters = layers.Sum(l => l.ParameterCount);
        if ((long)steps * widest > int.MaxValue)
        {
            report.Add(Diagnostics.TooLarge, model.ArgumentLocation("Steps"), report.ClassName,
                "Steps·(widest layer)", Format.Plain((long)steps * widest), Format.Plain(int.MaxValue), "LstmModel");
            report.Unusable = true;
        }
        else if (parameters > int.MaxValue)
        {
            report.Add(Diagnostics.TooLarge, model.Location, report.ClassName, "the parameter count",
                Format.Plain(parameters), Format.Plain(int.MaxValue), "LstmModel");
            report.Unusable = true;
        }
    }

    /// <summary>[Lstm], [Gru], [Dense] or [Dropout] on a class without [LstmModel]: LSTMGEN010 at each such attribute.</summary>
    public static EquatableArray<Diagnostic> ParseOrphanLayers(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        if (context.TargetSymbol is not INamedTypeSymbol type || TargetClass.Has(type, AttributeNames.LstmModel))
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

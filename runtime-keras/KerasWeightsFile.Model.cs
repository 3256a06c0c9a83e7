using System;
using System.Collections.Generic;
using System.Linq;

namespace LstmGen;

public sealed partial class KerasWeightsFile
{
    // Layers that hold no weights and do not change values at inference.
    private static readonly HashSet<string> PassThroughClasses = new(StringComparer.Ordinal) { "InputLayer", "Dropout", "SpatialDropout1D", "GaussianNoise", "GaussianDropout" };

    /// <summary>
    /// Reads every weighted layer of the file, in the file's layer order, as a <see cref="ModelWeights"/> for a generated
    /// <c>[LstmModel]</c>: LSTM layers become <see cref="LstmWeights"/>, GRU (either reset_after) <see cref="GruWeights"/>,
    /// Keras 2 Bidirectional(LSTM) <see cref="BidirectionalWeights"/>, Dense (also inside <c>TimeDistributed</c>)
    /// <see cref="DenseWeights"/> (kernel [in, out] transposed). Input and Dropout layers hold no weights and are skipped.
    /// </summary>
    /// <remarks>
    /// Where the file has a model config, each layer records its configured activations (<see cref="LayerWeights.Activation"/>:
    /// Keras <c>activation</c>; <see cref="LayerWeights.RecurrentActivation"/>: <c>recurrent_activation</c>), and a
    /// generated model's <c>LoadWeights</c> throws if its declared activations differ. <c>hard_sigmoid</c> means
    /// <see cref="Activation.HardSigmoidKeras2"/> in files written by Keras 2 (a <c>keras_version</c> below 3) and
    /// <see cref="Activation.HardSigmoid"/> in Keras 3 files. return_sequences is the model attributes' job.
    /// </remarks>
    /// <param name="layerNames">The layers to read, in model order (see <see cref="KerasLayerInfo.Name"/>); null for all of them
    /// in the file's order. Required for a Keras 3 <c>.weights.h5</c>, which records no layer order (its groups are
    /// named by class, <c>dense</c> before <c>lstm</c> alphabetically, whatever the model).</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <exception cref="LstmFormatException">A layer of a kind LstmGen models do not have (Conv1D, an Activation layer, a Keras 3 Bidirectional, ...),
    /// an activation LstmGen has no equivalent for (the message names the layer and the activation),
    /// a Keras 3 .weights.h5 without <paramref name="layerNames"/>, or any error <see cref="ReadLstm"/> and
    /// <see cref="ReadLayer"/> report. Thrown before anything is returned.</exception>
    public ModelWeights ReadModel(IReadOnlyList<string>? layerNames = null, LstmLoadOptions? options = null)
    {
        options ??= LstmLoadOptions.Default;
        if (layerNames is null && Format == KerasFormat.Keras3WeightsHdf5 && _entries.All(e => e.Config is null))
            throw new LstmFormatException(FileName, null, "a Keras 3 .weights.h5 does not record the order of its layers; pass the layer names in model order",
                "layerNames, e.g. [" + string.Join(", ", _entries.Select(e => $"\"{e.Info.Name}\"")) + "] reordered as the model's layers", "no layer names");
        var chosen = layerNames is null ? _entries : layerNames.Select(Find).ToList();
        var layers = new List<LayerWeights>();
        foreach (var entry in chosen)
        {
            string? className = entry.Config?.ClassName;
            if (IsLstm(entry))
            {
                layers.Add(ReadLstm(entry.Info.Name, options));
                continue;
            }
            if (className == "Bidirectional" || (className is null && entry.WeightNames is { } wn && wn.Any(n => HasSegment(n, "forward_")) && wn.Any(n => HasSegment(n, "backward_"))))
            {
                layers.Add(WithConfiguredActivations(entry, ReadBidirectional(entry, options), recurrent: true));
                continue;
            }
            if (className == "GRU")
            {
                layers.Add(WithConfiguredActivations(entry, ReadGru(entry, options), recurrent: true));
                continue;
            }
            var datasets = Datasets(entry);
            if (datasets.Count == 0 && (className is null || PassThroughClasses.Contains(className)))
                continue;
            if (className is null or "Dense" or "TimeDistributed" && LooksLikeDense(datasets))
            {
                layers.Add(WithConfiguredActivations(entry, ReadDense(entry, datasets, options), recurrent: false));
                continue;
            }
            throw new LstmFormatException(FileName, entry.Info.GroupPath,
                $"layer '{entry.Info.Name}' ({className ?? "unknown class"}) has no LstmGen model equivalent",
                "LSTM, GRU, Bidirectional(LSTM), Dense (or TimeDistributed(Dense)), Dropout or InputLayer layers",
                datasets.Count == 0 ? "a layer without weights" : "weights " + string.Join(", ", datasets.Select(d => $"{d.Name} {Shape(d.Shape)}")));
        }
        if (layers.Count == 0)
            throw new LstmFormatException(FileName, null, "no weighted layer found", "LSTM, GRU, Bidirectional(LSTM) or Dense layers", "layers " + DescribeLayers());
        return new ModelWeights(layers);
    }

    private static bool HasSegment(string weightName, string prefix) => weightName.Split('/').Any(p => p.StartsWith(prefix, StringComparison.Ordinal));

    // A Keras 2 Bidirectional(LSTM): weight_names <layer>/forward_lstm_n/{kernel, recurrent_kernel, bias}:0, then backward_lstm_n.
    private BidirectionalWeights ReadBidirectional(Entry entry, LstmLoadOptions options)
    {
        if (entry.WeightNames is not { } names)
            throw new LstmFormatException(FileName, entry.Info.GroupPath, "Keras 3 Bidirectional layers are not supported yet",
                "a Keras 2 .h5 (weight_names forward_*/backward_*)", Format.ToString());
        LstmWeights Direction(string prefix)
        {
            var mine = names.Where(n => HasSegment(n, prefix)).ToArray();
            string? Named(string role) => mine.FirstOrDefault(n => Role(n) == role);
            string? kernelName = Named("kernel"), recurrentName = Named("recurrent_kernel"), biasName = Named("bias");
            if (kernelName is null || recurrentName is null || mine.Length != (biasName is null ? 2 : 3))
                throw new LstmFormatException(FileName, entry.Info.GroupPath + " attribute 'weight_names'",
                    $"not the {prefix.TrimEnd('_')} LSTM of a Keras Bidirectional layer (only Bidirectional(LSTM) is supported)",
                    $"{prefix}*/kernel, recurrent_kernel and bias", mine.Length == 0 ? "none" : string.Join(", ", mine));
            DatasetRef kernel = Locate(entry, kernelName), recurrent = Locate(entry, recurrentName);
            DatasetRef? bias = biasName is null ? null : Locate(entry, biasName);
            if (recurrent.Shape.Length != 2 || recurrent.Shape[0] < 1 || recurrent.Shape[1] != 4L * recurrent.Shape[0])
                throw new LstmFormatException(FileName, recurrent.Path, "wrong shape for an LSTM recurrent kernel", "[U, 4U]", Shape(recurrent.Shape));
            int units = recurrent.Shape[0];
            if (kernel.Shape.Length != 2 || kernel.Shape[0] < 1 || kernel.Shape[1] != 4L * units)
                throw new LstmFormatException(FileName, kernel.Path, "wrong shape for an LSTM kernel", $"[I, {4 * units}]", Shape(kernel.Shape));
            if (bias is not null && (bias.Shape.Length != 1 || bias.Shape[0] != 4L * units))
                throw new LstmFormatException(FileName, bias.Path, "wrong shape for an LSTM bias", $"[{4 * units}]", Shape(bias.Shape));
            return LstmWeights.FromKeras(kernel.Shape[0], units, ReadData(kernel, options), ReadData(recurrent, options),
                bias is null ? Array.Empty<float>() : ReadData(bias, options));
        }
        var forward = Direction("forward_");
        var backward = Direction("backward_");
        if (forward.Input != backward.Input || forward.Units != backward.Units)
            throw new LstmFormatException(FileName, entry.Info.GroupPath, "the two directions differ in shape",
                $"backward like forward: Input = {forward.Input}, Units = {forward.Units}", $"Input = {backward.Input}, Units = {backward.Units}");
        return new BidirectionalWeights(forward, backward);
    }

    // A Keras GRU: kernel [I, 3U], recurrent kernel [U, 3U], bias [2, 3U] (reset_after=True) or [3U] (reset_after=False).
    private GruWeights ReadGru(Entry entry, LstmLoadOptions options)
    {
        var (kernel, recurrent, bias) = LstmDatasets(entry); // the same kernel / recurrent_kernel / bias roles as an LSTM
        if (recurrent.Shape.Length != 2 || recurrent.Shape[0] < 1 || recurrent.Shape[1] != 3L * recurrent.Shape[0])
            throw new LstmFormatException(FileName, recurrent.Path, "wrong shape for a GRU recurrent kernel", "[U, 3U]", Shape(recurrent.Shape));
        int units = recurrent.Shape[0];
        if (entry.Config?.Units is int declared && declared != units)
            throw new LstmFormatException(FileName, recurrent.Path, $"unit count mismatch: the config declares units = {declared}",
                $"[{declared}, {3 * declared}]", Shape(recurrent.Shape));
        if (kernel.Shape.Length != 2 || kernel.Shape[0] < 1 || kernel.Shape[1] != 3L * units)
            throw new LstmFormatException(FileName, kernel.Path, "wrong shape for a GRU kernel", $"[I, {3 * units}]", Shape(kernel.Shape));
        // The bias shape tells the convention: [2, 3U] is reset_after=True, [3U] reset_after=False.
        bool resetAfter = true;
        if (bias is not null)
        {
            if (bias.Shape is [var n] && n == 3 * units)
                resetAfter = false;
            else if (!(bias.Shape is [2, var b] && b == 3 * units))
                throw new LstmFormatException(FileName, bias.Path, "wrong shape for a GRU bias",
                    $"[2, {3 * units}] (reset_after=True) or [{3 * units}] (reset_after=False)", Shape(bias.Shape));
        }
        if (entry.Config?.ResetAfter is bool declaredResetAfter && bias is not null && declaredResetAfter != resetAfter)
            throw new LstmFormatException(FileName, bias.Path, $"the config declares reset_after = {(declaredResetAfter ? "True" : "False")}",
                declaredResetAfter ? $"[2, {3 * units}]" : $"[{3 * units}]", Shape(bias.Shape));
        if (bias is null && entry.Config?.ResetAfter is bool configured)
            resetAfter = configured;
        float[] k = ReadData(kernel, options), r = ReadData(recurrent, options);
        float[] bb = bias is null ? Array.Empty<float>() : ReadData(bias, options);
        return GruWeights.FromKeras(kernel.Shape[0], units, k, r, bb, resetAfter);
    }

    // kernel [in, out] and optionally bias [out], in that order (Keras 2 weight_names order, Keras 3 vars/0, vars/1).
    private static bool LooksLikeDense(List<DatasetRef> d) =>
        d.Count is 1 or 2 && d[0].Shape.Length == 2 && (d.Count == 1 || (d[1].Shape.Length == 1 && d[1].Shape[0] == d[0].Shape[1]));

    private DenseWeights ReadDense(Entry entry, List<DatasetRef> datasets, LstmLoadOptions options)
    {
        var kernel = datasets[0];
        int input = kernel.Shape[0], units = kernel.Shape[1];
        if (entry.Config?.Units is int declared && declared != units)
            throw new LstmFormatException(FileName, kernel.Path, $"unit count mismatch: the config declares units = {declared}",
                $"kernel [{input}, {declared}]", Shape(kernel.Shape));
        if (input < 1 || units < 1)
            throw new LstmFormatException(FileName, kernel.Path, "empty Dense kernel", "[in, out] with in, out ≥ 1", Shape(kernel.Shape));
        float[] k = ReadData(kernel, options);
        float[] b = datasets.Count == 2 ? ReadData(datasets[1], options) : Array.Empty<float>();
        return DenseWeights.FromKeras(input, units, k, b);
    }
}

using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.RegularExpressions;

namespace LstmGen;

/// <summary>
/// The parts of a Keras model config this package uses (layer names, classes, units, activations), read with
/// <see cref="JsonDocument"/> only, which is trim- and AOT-safe.
/// </summary>
internal static partial class KerasConfig
{
    /// <summary>A .keras archive's config.json: the top-level model's layers, in order.</summary>
    public static List<KerasLayerConfig> ParseKeras3(byte[] utf8, string file)
    {
        using var doc = Parse(utf8, file, "config.json");
        var layers = Layers(doc.RootElement)
            ?? throw new LstmFormatException(file, "config.json", "no layer list in the model config",
                "{\"class_name\": ..., \"config\": {\"layers\": [...]}}", "a config without config.layers");
        return layers;
    }

    /// <summary>A Keras 2 .h5's <c>model_config</c> attribute: layers by name (null when it has no layer list).</summary>
    public static Dictionary<string, KerasLayerConfig>? ParseKeras2(string json, string file)
    {
        using var doc = Parse(Encoding.UTF8.GetBytes(json), file, "/ attribute 'model_config'");
        var layers = Layers(doc.RootElement);
        if (layers is null) return null;
        var byName = new Dictionary<string, KerasLayerConfig>(StringComparer.Ordinal);
        foreach (var layer in layers)
            byName.TryAdd(layer.Name, layer);
        return byName;
    }

    private static JsonDocument Parse(byte[] utf8, string file, string what)
    {
        // JsonDocument checks UTF-8 only when a string is decoded (GetString then throws InvalidOperationException).
        if (!Utf8.IsValid(utf8))
            throw new LstmFormatException(file, what, "not valid UTF-8 (JSON text is UTF-8)", "UTF-8 text", "byte sequences that are not UTF-8");
        try
        {
            return JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            throw new LstmFormatException(file, what, "not valid JSON: " + e.Message, innerException: e);
        }
    }

    /// <summary>config.layers (Sequential, Functional, Model), or config itself when it is a list (Keras 2.2's old Sequential).</summary>
    private static List<KerasLayerConfig>? Layers(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("config", out var config))
            return null;
        JsonElement list;
        if (config.ValueKind == JsonValueKind.Array)
            list = config;
        else if (config.ValueKind == JsonValueKind.Object && config.TryGetProperty("layers", out var l) && l.ValueKind == JsonValueKind.Array)
            list = l;
        else
            return null;
        var result = new List<KerasLayerConfig>();
        foreach (var layer in list.EnumerateArray())
        {
            if (layer.ValueKind != JsonValueKind.Object) continue;
            string? className = String(layer, "class_name");
            layer.TryGetProperty("config", out var c);
            string? name = (c.ValueKind == JsonValueKind.Object ? String(c, "name") : null) ?? String(layer, "name");
            if (className is null || name is null) continue;
            int? units = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("units", out var u) && u.ValueKind == JsonValueKind.Number
                && u.TryGetInt32(out int n) ? n : null;
            bool? useBias = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("use_bias", out var b)
                && b.ValueKind is JsonValueKind.True or JsonValueKind.False ? b.GetBoolean() : null;
            bool? resetAfter = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("reset_after", out var ra)
                && ra.ValueKind is JsonValueKind.True or JsonValueKind.False ? ra.GetBoolean() : null;
            // A wrapper (Bidirectional, TimeDistributed) records the activations in its inner layer's config.
            var activations = c.ValueKind == JsonValueKind.Object && !c.TryGetProperty("activation", out _)
                && c.TryGetProperty("layer", out var inner) && inner.ValueKind == JsonValueKind.Object
                && inner.TryGetProperty("config", out var innerConfig) && innerConfig.ValueKind == JsonValueKind.Object ? innerConfig : c;
            result.Add(new KerasLayerConfig(name, className, units,
                activations.ValueKind == JsonValueKind.Object ? Activation(activations, "activation") : null,
                activations.ValueKind == JsonValueKind.Object ? Activation(activations, "recurrent_activation") : null, useBias) { ResetAfter = resetAfter });
        }
        return result;
    }

    private static string? String(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>"tanh", or a serialized activation object's name ({"class_name": ..., "config": {"name": ...}}).</summary>
    private static string? Activation(JsonElement config, string property)
    {
        if (!config.TryGetProperty(property, out var a)) return null;
        if (a.ValueKind == JsonValueKind.String) return a.GetString();
        if (a.ValueKind == JsonValueKind.Object)
            return (a.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object ? String(c, "name") : null) ?? String(a, "class_name");
        return null;
    }

    [GeneratedRegex(@"\W+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();

    [GeneratedRegex(@"(.)([A-Z][a-z]+)", RegexOptions.CultureInvariant)]
    private static partial Regex BeforeCapitalWord();

    [GeneratedRegex(@"([a-z])([A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex LowerUpper();

    /// <summary>Keras's <c>naming.to_snake_case</c>: "LSTM" → "lstm", "InputLayer" → "input_layer", "TimeDistributed" → "time_distributed".</summary>
    public static string ToSnakeCase(string name)
    {
        name = NonWord().Replace(name, "");
        name = BeforeCapitalWord().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }
}

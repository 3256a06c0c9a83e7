using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace LstmGen.Loading;

/// <summary>
/// Nested JSON number arrays as tensors, read with <see cref="JsonDocument"/> only (no reflection-based
/// serializer, so trimming and Native AOT are safe). Every malformation is an <see cref="LstmFormatException"/>.
/// </summary>
internal static class JsonTensors
{
    /// <summary>
    /// Parses <paramref name="utf8"/>. Python's <c>json</c> writes NaN and ±∞ as the bare tokens <c>NaN</c>,
    /// <c>Infinity</c> and <c>-Infinity</c>, which are not JSON; those are read as numbers (and rejected later
    /// unless <see cref="LstmLoadOptions.AllowNonFinite"/>) so the error names the tensor instead of a byte offset.
    /// </summary>
    public static JsonDocument Parse(byte[] utf8, string file)
    {
        // JsonDocument checks UTF-8 only when a string is decoded (GetString then throws InvalidOperationException).
        if (!Utf8.IsValid(utf8))
            throw new LstmFormatException(file, null, "not valid UTF-8 (JSON text is UTF-8)", "UTF-8 text", "byte sequences that are not UTF-8");
        var options = new JsonDocumentOptions { MaxDepth = 64 };
        try
        {
            return JsonDocument.Parse(utf8, options);
        }
        catch (JsonException first)
        {
            byte[]? quoted = QuoteBareNonFinite(utf8);
            if (quoted is not null)
            {
                try { return JsonDocument.Parse(quoted, options); }
                catch (JsonException) { /* report the original error below */ }
            }
            throw new LstmFormatException(file, null, "not valid JSON (truncated or corrupt file?): " + first.Message,
                innerException: first);
        }
    }

    /// <summary>A copy of <paramref name="json"/> with bare NaN/Infinity/-Infinity tokens quoted, or null if it has none.</summary>
    internal static byte[]? QuoteBareNonFinite(ReadOnlySpan<byte> json)
    {
        ReadOnlySpan<byte> nan = "NaN"u8, inf = "Infinity"u8, minusInf = "-Infinity"u8;
        List<byte>? output = null;
        bool inString = false, escaped = false;
        int copied = 0;
        for (int k = 0; k < json.Length; k++)
        {
            byte b = json[k];
            if (inString)
            {
                if (escaped) escaped = false;
                else if (b == (byte)'\\') escaped = true;
                else if (b == (byte)'"') inString = false;
                continue;
            }
            if (b == (byte)'"') { inString = true; continue; }
            int length = json.Slice(k).StartsWith(nan) ? nan.Length
                : json.Slice(k).StartsWith(inf) ? inf.Length
                : json.Slice(k).StartsWith(minusInf) ? minusInf.Length : 0;
            if (length == 0) continue;
            bool startsToken = k == 0 || !IsWordByte(json[k - 1]);
            bool endsToken = k + length == json.Length || !IsWordByte(json[k + length]);
            if (!startsToken || !endsToken) continue;
            output ??= new List<byte>(json.Length + 64);
            foreach (byte c in json.Slice(copied, k - copied)) output.Add(c);
            output.Add((byte)'"');
            foreach (byte c in json.Slice(k, length)) output.Add(c);
            output.Add((byte)'"');
            copied = k + length;
            k += length - 1;
        }
        if (output is null) return null;
        foreach (byte c in json.Slice(copied)) output.Add(c);
        return output.ToArray();
    }

    private static bool IsWordByte(byte b) => b is (byte)'_' or (byte)'.' or (byte)'+' or (byte)'-'
        || (b >= (byte)'0' && b <= (byte)'9') || (b >= (byte)'a' && b <= (byte)'z') || (b >= (byte)'A' && b <= (byte)'Z');

    /// <summary>
    /// Reads a rectangular nested array of numbers: its shape (outermost first) and its elements row-major
    /// as float32. A scalar number is a tensor of shape []. Throws for ragged arrays, non-numbers and
    /// empty dimensions, naming the element's index path.
    /// </summary>
    public static (long[] Shape, float[] Data) Read(JsonElement element, string file, string tensor)
    {
        var shape = new List<long>();
        for (var e = element; e.ValueKind == JsonValueKind.Array; e = e[0])
        {
            int n = e.GetArrayLength();
            if (n == 0)
                throw new LstmFormatException(file, tensor, "empty array" + (shape.Count == 0 ? "" : $" at {Index(shape.Count, null)}"),
                    "a non-empty rectangular array of numbers", "[]");
            shape.Add(n);
        }
        long total = 1;
        foreach (long d in shape)
            total = checked(total * d);
        if (total > Array.MaxLength)
            throw new LstmFormatException(file, tensor, "tensor too large", $"at most {Array.MaxLength} elements", total.ToString(CultureInfo.InvariantCulture));
        var data = new float[total];
        int written = 0;
        var path = new int[shape.Count];
        Flatten(element, 0, shape, path, data, ref written, file, tensor);
        return (shape.ToArray(), data);
    }

    private static void Flatten(JsonElement e, int depth, List<long> shape, int[] path, float[] data, ref int written,
        string file, string tensor)
    {
        if (depth == shape.Count)
        {
            data[written++] = Number(e, path, file, tensor);
            return;
        }
        if (e.ValueKind != JsonValueKind.Array)
            throw new LstmFormatException(file, tensor, $"element {Index(depth, path)} is {Describe(e)}, not an array (wrong nesting or ragged array)",
                $"an array of {shape[depth]}", Describe(e));
        int length = e.GetArrayLength();
        if (length != shape[depth])
            throw new LstmFormatException(file, tensor, $"ragged array: {Index(depth, path)} has {length} elements where the first row at that depth has {shape[depth]}",
                $"{shape[depth]} elements", $"{length}");
        int k = 0;
        foreach (var child in e.EnumerateArray())
        {
            path[depth] = k++;
            Flatten(child, depth + 1, shape, path, data, ref written, file, tensor);
        }
    }

    private static float Number(JsonElement e, int[] path, string file, string tensor)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Number:
                // double.Parse semantics: out-of-range magnitudes become ±∞ (then rejected as non-finite).
                return e.TryGetDouble(out double d) ? (float)d
                    : (float)double.Parse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
            case JsonValueKind.String:
                switch (e.GetString())
                {
                    case "NaN": return float.NaN;
                    case "Infinity": return float.PositiveInfinity;
                    case "-Infinity": return float.NegativeInfinity;
                }
                break;
        }
        throw new LstmFormatException(file, tensor, $"element {Index(path.Length, path)} is {Describe(e)}, not a number"
            + (e.ValueKind == JsonValueKind.Array ? " (wrong nesting or ragged array)" : ""), "a number", Describe(e));
    }

    /// <summary>"[2][5]" for the first <paramref name="depth"/> indices of <paramref name="path"/>; "[0]…" when path is null.</summary>
    private static string Index(int depth, int[]? path)
    {
        if (depth == 0) return "(the top level)";
        var sb = new StringBuilder();
        for (int k = 0; k < depth; k++)
            sb.Append('[').Append(path is null ? 0 : path[k]).Append(']');
        return sb.ToString();
    }

    public static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{Truncate(e.GetString() ?? "")}\"",
        JsonValueKind.Number => "the number " + e.GetRawText(),
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => $"an array of {e.GetArrayLength()}",
        JsonValueKind.Object => "an object",
        _ => e.ValueKind.ToString(),
    };

    private static string Truncate(string s) => s.Length <= 40 ? s : s.Substring(0, 40) + "...";
}

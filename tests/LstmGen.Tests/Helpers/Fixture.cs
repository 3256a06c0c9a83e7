using System.Globalization;
using System.IO;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// The fixture files (Fixtures/, copied next to the test assembly, each folder with its script or licence): the one
/// place that knows where they are and how their CSV and JSON files are read.
/// </summary>
internal static class Fixture
{
    /// <summary>The path of a fixture file, e.g. <c>Fixture.Path("torch", "lstm_odd.npz")</c>.</summary>
    public static string Path(params string[] parts) => System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(Path(parts));

    public static JsonDocument Json(params string[] parts) => JsonDocument.Parse(File.ReadAllText(Path(parts)));

    /// <summary>A CSV of numbers (numpy.savetxt): one row per non-blank line.</summary>
    public static double[][] Csv(params string[] parts) =>
        File.ReadLines(Path(parts)).Where(line => line.Trim().Length > 0)
            .Select(line => line.Split(',').Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
}

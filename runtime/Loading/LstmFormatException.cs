using System;

namespace LstmGen;

/// <summary>
/// A weights file is malformed or does not fit the layer asked for. Carries the file, the tensor
/// (when one is to blame) and the expected versus actual value, which the message repeats.
/// Loaders throw it before they change anything: no kernel is ever half-loaded.
/// </summary>
public sealed class LstmFormatException : FormatException
{
    /// <summary>Creates the exception; the message is composed from all parts.</summary>
    public LstmFormatException(string? fileName, string? tensor, string problem, string? expected = null, string? actual = null,
        Exception? innerException = null)
        : base(Compose(fileName, tensor, problem, expected, actual), innerException)
    {
        FileName = fileName;
        Tensor = tensor;
        Problem = problem;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The file (or stream name) being read, if known.</summary>
    public string? FileName { get; }

    /// <summary>The tensor, attribute or dataset at fault, if one is.</summary>
    public string? Tensor { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Problem { get; }

    /// <summary>What the loader expected (a shape, a value, a range), if it applies.</summary>
    public string? Expected { get; }

    /// <summary>What the file holds instead, if it applies.</summary>
    public string? Actual { get; }

    private static string Compose(string? file, string? tensor, string problem, string? expected, string? actual)
    {
        string where = (file, tensor) switch
        {
            (not null, not null) => $"{file}: '{tensor}': ",
            (not null, null) => $"{file}: ",
            (null, not null) => $"'{tensor}': ",
            _ => "",
        };
        string versus = (expected, actual) switch
        {
            (not null, not null) => $" (expected {expected}, got {actual})",
            (not null, null) => $" (expected {expected})",
            (null, not null) => $" (got {actual})",
            _ => "",
        };
        return where + problem + versus;
    }
}

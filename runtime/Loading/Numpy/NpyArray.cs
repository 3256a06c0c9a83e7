using System;
using System.Collections.Generic;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

/// <summary>
/// A NumPy array read from a <c>.npy</c> file (what <c>numpy.save</c> writes), converted to float32.
/// </summary>
/// <remarks>
/// <para>Reads format versions 1.0, 2.0 and 3.0 and the dtypes <c>'&lt;f2'</c>, <c>'&lt;f4'</c>,
/// <c>'&lt;f8'</c> and their big-endian forms <c>'&gt;f2'</c>, <c>'&gt;f4'</c>, <c>'&gt;f8'</c>.
/// Fortran-ordered (column-major) arrays are returned in row-major order like all others.</para>
/// <para>The header (a Python dict literal) is parsed by a strict parser, never evaluated. Object
/// arrays (pickles), structured dtypes, integer dtypes, a wrong magic, a malformed header and data
/// whose length does not match the shape are rejected with <see cref="LstmFormatException"/>.</para>
/// </remarks>
public sealed class NpyArray
{
    private readonly long[] _shape;

    private NpyArray(string dtype, long[] shape, float[] data)
    {
        DType = dtype;
        _shape = shape;
        Data = data;
    }

    /// <summary>The dtype as the file describes it, e.g. <c>&lt;f4</c>.</summary>
    public string DType { get; }

    /// <summary>The shape, outermost dimension first (empty for a 0-d array).</summary>
    public IReadOnlyList<long> Shape => _shape;

    /// <summary>The elements, row-major (C order), as float32. The array belongs to the caller.</summary>
    public float[] Data { get; }

    /// <summary>Reads a .npy file.</summary>
    /// <exception cref="LstmFormatException">The file is not a float .npy array or is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 4096, FileOptions.SequentialScan);
        return Read(stream, path);
    }

    /// <summary>
    /// Reads a .npy array from <paramref name="stream"/>, from its current position to its end (the
    /// stream is left open). A stream that cannot seek is first copied into memory.
    /// </summary>
    /// <param name="stream">The .npy bytes.</param>
    /// <param name="name">A name for error messages, or null.</param>
    /// <exception cref="LstmFormatException">The data is not a float .npy array or is malformed.</exception>
    public static NpyArray Read(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        string file = name ?? "<stream>";
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            stream = copy;
        }
        long start = stream.Position;
        var header = NpyFormat.ReadHeader(stream, file, null);
        long available = stream.Length - start - header.HeaderBytes;
        var data = NpyFormat.ReadData(stream, header, available, file, null);
        return new NpyArray(header.Descr, header.Shape, data);
    }

    /// <inheritdoc/>
    public override string ToString() => $"'{DType}' ({string.Join(", ", _shape)}{(_shape.Length == 1 ? "," : "")})";
}

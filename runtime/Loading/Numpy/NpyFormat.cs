using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace LstmGen.Loading;

/// <summary>
/// The NumPy .npy format (versions 1.0, 2.0 and 3.0): magic <c>\x93NUMPY</c>, version, header length,
/// a Python dict literal <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>, data.
/// The header is parsed by a strict literal parser (strings, True/False, integer tuples), never evaluated.
/// </summary>
internal static class NpyFormat
{
    /// <summary>The largest header accepted (numpy writes well under 1 KiB for float arrays).</summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>Reads and validates the header; the stream is left at the first data byte.</summary>
    public static NpyHeader ReadHeader(Stream stream, string file, string? tensor)
    {
        Span<byte> lead = stackalloc byte[10];
        int got = stream.ReadAtLeast(lead, 10, throwOnEndOfStream: false);
        // "\x93NUMPY" as the bytes 0x93 'N' 'U' 'M' 'P' 'Y' (the literal above is UTF-8, so compare by hand).
        ReadOnlySpan<byte> magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
        if (got < 6 || !lead.Slice(0, 6).SequenceEqual(magic))
            throw new LstmFormatException(file, tensor, "not a .npy file (wrong magic)", "\\x93NUMPY",
                got == 0 ? "an empty file" : Convert.ToHexString(lead.Slice(0, Math.Min(got, 6))));
        if (got < 10)
            throw new LstmFormatException(file, tensor, "truncated .npy header", "at least 10 bytes", $"{got} bytes");
        byte major = lead[6], minor = lead[7];
        if (major is < 1 or > 3 || minor != 0)
            throw new LstmFormatException(file, tensor, "unsupported .npy format version", "1.0, 2.0 or 3.0", $"{major}.{minor}");
        long length;
        int prefix;
        if (major == 1)
        {
            length = BinaryPrimitives.ReadUInt16LittleEndian(lead.Slice(8));
            prefix = 10;
        }
        else
        {
            Span<byte> two = stackalloc byte[2];
            if (stream.ReadAtLeast(two, 2, throwOnEndOfStream: false) < 2)
                throw new LstmFormatException(file, tensor, "truncated .npy header", "a 4-byte header length");
            length = BinaryPrimitives.ReadUInt32LittleEndian([lead[8], lead[9], two[0], two[1]]);
            prefix = 12;
        }
        if (length > MaxHeaderLength)
            throw new LstmFormatException(file, tensor, ".npy header is too long", $"at most {MaxHeaderLength} bytes", $"{length} bytes");
        var bytes = ReadClaimed(stream, (int)length)
            ?? throw new LstmFormatException(file, tensor, "truncated .npy header", $"{length} header bytes");
        string text;
        try
        {
            text = major == 3 ? new UTF8Encoding(false, true).GetString(bytes) : Encoding.Latin1.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new LstmFormatException(file, tensor, ".npy header is not valid UTF-8", innerException: e);
        }
        return Interpret(new LiteralParser(text, file, tensor).ParseDict(), prefix + length, file, tensor);
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes, or returns null if the stream ends first. The length is the file's own
    /// claim: the buffer grows with the bytes that arrive instead of being allocated for the claim up front.
    /// </summary>
    private static byte[]? ReadClaimed(Stream stream, int length)
    {
        if (stream.CanSeek && length > stream.Length - stream.Position)
            return null;
        var buffer = new byte[Math.Min(length, 4096)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(length, 2L * buffer.Length));
            int n = stream.Read(buffer, filled, buffer.Length - filled);
            if (n == 0)
                return null;
            filled += n;
        }
        return buffer;
    }

    private static NpyHeader Interpret(Dictionary<string, object> dict, long headerBytes, string file, string? tensor)
    {
        foreach (var key in dict.Keys)
            if (key is not ("descr" or "fortran_order" or "shape"))
                throw new LstmFormatException(file, tensor, $"unexpected key '{key}' in the .npy header", "descr, fortran_order and shape");
        foreach (var key in new[] { "descr", "fortran_order", "shape" })
            if (!dict.ContainsKey(key))
                throw new LstmFormatException(file, tensor, $"the .npy header lacks '{key}'", "descr, fortran_order and shape");
        if (dict["descr"] is not string descr)
            throw new LstmFormatException(file, tensor, "descr is not a string", "a dtype string such as '<f4'");
        if (dict["fortran_order"] is not bool fortran)
            throw new LstmFormatException(file, tensor, "fortran_order is not True or False");
        if (dict["shape"] is not long[] shape)
            throw new LstmFormatException(file, tensor, "shape is not a tuple of integers", "a tuple such as (3, 4)");

        (StoredFloat kind, bool bigEndian) = descr switch
        {
            "<f2" => (StoredFloat.Float16, false),
            ">f2" => (StoredFloat.Float16, true),
            "<f4" => (StoredFloat.Float32, false),
            ">f4" => (StoredFloat.Float32, true),
            "<f8" => (StoredFloat.Float64, false),
            ">f8" => (StoredFloat.Float64, true),
            "|O" or "O" or "<O" or ">O" or "=O" => throw new LstmFormatException(file, tensor,
                "object arrays (pickled Python objects) are not supported", "'<f2', '<f4' or '<f8'", $"'{descr}'"),
            _ => throw new LstmFormatException(file, tensor, "unsupported dtype: not a float16/32/64 with an explicit byte order",
                "'<f2', '<f4', '<f8' (or big-endian '>f2', '>f4', '>f8')", $"'{descr}'"),
        };
        long count = 1;
        foreach (long d in shape)
        {
            if (d != 0 && count > Array.MaxLength / d)
            {
                count = -1;
                break;
            }
            count *= d;
        }
        if (count < 0 || count > Array.MaxLength)
        {
            var text = "(" + string.Join(", ", shape) + ")";
            throw new LstmFormatException(file, tensor, "too many elements for one array", $"at most {Array.MaxLength}", $"shape {text}");
        }
        return new NpyHeader(descr, kind, bigEndian, fortran, shape, count, headerBytes);
    }

    /// <summary>
    /// Reads the data that follows the header, given the number of bytes that follow it, and returns
    /// it row-major (Fortran-ordered data is transposed). <paramref name="available"/> must match the shape exactly.
    /// </summary>
    public static float[] ReadData(Stream stream, NpyHeader header, long available, string file, string? tensor)
    {
        if (available != header.DataBytes)
            throw new LstmFormatException(file, tensor,
                available < header.DataBytes ? "the data is shorter than the header's shape (truncated file?)" : "the data is longer than the header's shape",
                $"{header.DataBytes} bytes for shape {header.ShapeText} '{header.Descr}'", $"{available} bytes");
        var data = FloatDecode.ReadExactly(stream, header.Count, header.Kind, header.BigEndian)
            ?? throw new LstmFormatException(file, tensor, "the data ends early (truncated or corrupt)",
                $"{header.DataBytes} bytes for shape {header.ShapeText}");
        return header.FortranOrder ? FortranToC(data, header.Shape) : data;
    }

    /// <summary>Reorders column-major (first index fastest) data to row-major (last index fastest).</summary>
    public static float[] FortranToC(float[] f, long[] shape)
    {
        int n = shape.Length;
        if (n < 2 || f.Length == 0)
            return f;
        var c = new float[f.Length];
        var stride = new long[n]; // Fortran strides
        stride[0] = 1;
        for (int k = 1; k < n; k++) stride[k] = stride[k - 1] * shape[k - 1];
        var index = new long[n];
        long offset = 0;
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = f[offset];
            for (int k = n - 1; k >= 0; k--)
            {
                offset += stride[k];
                if (++index[k] < shape[k]) break;
                offset -= stride[k] * shape[k];
                index[k] = 0;
            }
        }
        return c;
    }

    /// <summary>
    /// A strict parser for the subset of Python literals numpy writes in headers: a dict with string keys,
    /// and values that are strings (no escapes), True/False, integer tuples, or (to name the error) lists.
    /// </summary>
    private ref struct LiteralParser
    {
        private readonly string _s;
        private readonly string _file;
        private readonly string? _tensor;
        private int _p;

        public LiteralParser(string s, string file, string? tensor)
        {
            _s = s;
            _file = file;
            _tensor = tensor;
            _p = 0;
        }

        public Dictionary<string, object> ParseDict()
        {
            var dict = new Dictionary<string, object>(StringComparer.Ordinal);
            SkipSpace();
            Expect('{');
            SkipSpace();
            while (Peek() != '}')
            {
                string key = ParseString();
                SkipSpace();
                Expect(':');
                SkipSpace();
                object value = ParseValue(key);
                if (!dict.TryAdd(key, value))
                    throw Error($"duplicate key '{key}'");
                SkipSpace();
                if (Peek() == ',')
                {
                    _p++;
                    SkipSpace();
                }
                else if (Peek() != '}')
                    throw Error("expected ',' or '}'");
            }
            _p++;
            SkipSpace();
            if (_p != _s.Length)
                throw Error("unexpected text after the dict");
            return dict;
        }

        private object ParseValue(string key)
        {
            char c = Peek();
            if (c is '\'' or '"') return ParseString();
            if (c == '(') return ParseTuple();
            if (c == '[' && key == "descr")
                throw new LstmFormatException(_file, _tensor, "structured (record) arrays are not supported",
                    "a plain dtype such as '<f4'", "a list descr");
            if (Word("True")) return true;
            if (Word("False")) return false;
            throw Error("expected a string, True, False or a tuple");
        }

        private long[] ParseTuple()
        {
            Expect('(');
            SkipSpace();
            var items = new List<long>();
            bool comma = false;
            while (Peek() != ')')
            {
                items.Add(ParseInt());
                SkipSpace();
                comma = Peek() == ',';
                if (comma)
                {
                    _p++;
                    SkipSpace();
                }
                else if (Peek() != ')')
                    throw Error("expected ',' or ')' in the shape tuple");
            }
            _p++;
            if (items.Count == 1 && !comma)
                throw Error("'(n)' is a number, not a tuple; a 1-D shape is written '(n,)'");
            return items.ToArray();
        }

        private long ParseInt()
        {
            int start = _p;
            while (_p < _s.Length && char.IsAsciiDigit(_s[_p])) _p++;
            if (_p == start)
                throw Error("expected a non-negative integer");
            if (!long.TryParse(_s.AsSpan(start, _p - start), NumberStyles.None, CultureInfo.InvariantCulture, out long v))
                throw Error("integer out of range");
            if (_p < _s.Length && _s[_p] == 'L') _p++; // Python 2's long suffix, as in old files
            return v;
        }

        private string ParseString()
        {
            char quote = Peek();
            if (quote is not ('\'' or '"'))
                throw Error("expected a quoted string");
            int start = ++_p;
            while (_p < _s.Length && _s[_p] != quote)
            {
                if (_s[_p] is '\\' or '\n')
                    throw Error("escapes and line breaks in strings are not supported");
                _p++;
            }
            if (_p == _s.Length)
                throw Error("unterminated string");
            return _s.Substring(start, _p++ - start);
        }

        private bool Word(string word)
        {
            if (string.CompareOrdinal(_s, _p, word, 0, word.Length) != 0)
                return false;
            int end = _p + word.Length;
            if (end < _s.Length && (char.IsAsciiLetterOrDigit(_s[end]) || _s[end] == '_'))
                return false;
            _p = end;
            return true;
        }

        private void Expect(char c)
        {
            if (Peek() != c)
                throw Error($"expected '{c}'");
            _p++;
        }

        private char Peek() => _p < _s.Length ? _s[_p] : throw Error("unexpected end of the header");

        private void SkipSpace()
        {
            while (_p < _s.Length && _s[_p] is ' ' or '\t' or '\n' or '\r') _p++;
        }

        private LstmFormatException Error(string problem)
        {
            string near = _p < _s.Length ? _s.Substring(_p, Math.Min(20, _s.Length - _p)) : "end of header";
            return new LstmFormatException(_file, _tensor, "malformed .npy header: " + problem, actual: $"at offset {_p}: \"{near}\"");
        }
    }
}

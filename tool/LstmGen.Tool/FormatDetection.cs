using System;
using System.IO;
using System.IO.Compression;
using System.Linq;

namespace LstmGen.Tool;

/// <summary>The kinds of model file the tool reads.</summary>
internal enum ModelFormat
{
    Safetensors,
    Npz,
    Onnx,
    RtNeuralJson,
    Keras,
}

/// <summary>Tells a model file's format from its first bytes (and, for ONNX, which has no signature, its extension).</summary>
internal static class FormatDetection
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format of <paramref name="path"/>.</summary>
    /// <exception cref="ToolException">The file is missing, empty, or none of the formats.</exception>
    public static ModelFormat Detect(string path)
    {
        if (Directory.Exists(path))
            throw new ToolException($"{path}: is a folder, not a model file.");
        if (!File.Exists(path))
            throw new ToolException($"{path}: file not found.");
        var head = new byte[16];
        int n;
        using (var stream = File.OpenRead(path))
            n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (n == 0)
            throw new ToolException($"{path}: the file is empty.");
        var bytes = head.AsSpan(0, n);
        if (bytes.StartsWith(Hdf5Signature) || HasHdf5AfterUserBlock(path))
            return ModelFormat.Keras;
        if (bytes.StartsWith("PK\u0003\u0004"u8))
            return IsKerasArchive(path) ? ModelFormat.Keras : ModelFormat.Npz;
        if (n > 8 && BitConverter.ToUInt64(head, 0) is > 0 and < 100_000_000 && head[8] == (byte)'{')
            return ModelFormat.Safetensors;
        int first = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        if (first >= 0 && bytes[first] == (byte)'{')
            return ModelFormat.RtNeuralJson;
        if (path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            return ModelFormat.Onnx;
        throw new ToolException($"{path}: not a model file the tool reads (safetensors, .npz, .onnx, RTNeural .json, Keras .h5/.keras); " +
            $"it starts with {Convert.ToHexString(bytes[..Math.Min(n, 8)])}.");
    }

    /// <summary>HDF5 allows a user block of 512, 1024, 2048, ... bytes before its signature.</summary>
    private static bool HasHdf5AfterUserBlock(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[8];
        for (long offset = 512; offset + 8 <= stream.Length && offset <= 1 << 20; offset *= 2)
        {
            stream.Position = offset;
            if (stream.ReadAtLeast(buffer, 8, throwOnEndOfStream: false) == 8 && buffer.AsSpan().SequenceEqual(Hdf5Signature))
                return true;
        }
        return false;
    }

    /// <summary>A .keras archive holds config.json and model.weights.h5; an .npz holds .npy entries.</summary>
    private static bool IsKerasArchive(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            return zip.Entries.Any(e => e.FullName == "model.weights.h5");
        }
        catch (InvalidDataException e)
        {
            throw new ToolException($"{path}: a damaged zip archive ({e.Message}).");
        }
    }
}

using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text;

namespace LstmGen.Tests;

/// <summary>NumPy .npy and .npz files built in memory, as numpy writes them or with any header text.</summary>
internal static class NpyBytes
{
    /// <summary>A header dict in numpy's own spelling.</summary>
    public static string Dict(string descr, string shape, bool fortran = false) =>
        $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";

    /// <summary>A .npy file as numpy writes it: header padded with spaces and '\n' to a multiple of 64 bytes.</summary>
    public static byte[] Npy(string header, byte[] data, int major = 1, uint? headerLength = null)
    {
        int prefix = major == 1 ? 10 : 12;
        var text = new StringBuilder(header);
        while ((prefix + text.Length + 1) % 64 != 0) text.Append(' ');
        text.Append('\n');
        var h = major == 3 ? Encoding.UTF8.GetBytes(text.ToString()) : Encoding.Latin1.GetBytes(text.ToString());
        var ms = new MemoryStream();
        ms.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', (byte)major, 0]);
        if (major == 1) ms.Write(BitConverter.GetBytes((ushort)(headerLength ?? (uint)h.Length)));
        else ms.Write(BitConverter.GetBytes(headerLength ?? (uint)h.Length));
        ms.Write(h);
        ms.Write(data);
        return ms.ToArray();
    }

    public static string Shape(long[] shape) => "(" + string.Join(", ", shape) + (shape.Length == 1 ? ",)" : ")");

    /// <summary>An .npz of the given entries (name → .npy bytes); deflated or stored.</summary>
    public static byte[] Npz(IEnumerable<(string Name, byte[] Npy)> entries, bool compressed)
    {
        var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, npy) in entries)
            {
                var entry = zip.CreateEntry(name, compressed ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = entry.Open();
                s.Write(npy);
            }
        return ms.ToArray();
    }

    public static IEnumerable<(string, byte[])> NpzEntries(IEnumerable<(string Name, long[] Shape, float[] Data)> sd) =>
        sd.Select(t => (t.Name + ".npy", Npy(Dict("<f4", Shape(t.Shape)), LittleEndian.Floats(t.Data))));
}

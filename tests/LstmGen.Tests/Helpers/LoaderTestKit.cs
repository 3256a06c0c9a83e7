using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LstmGen;
using Xunit;
using Xunit.Abstractions;

namespace LstmGen.Tests;

// The layer the bad-file tests try to spoil: it must keep working with its old weights.
[LstmLayer(Input = 3, Units = 4, Steps = 5, ReturnSequences = true)] public partial class LdGuard3x4x5 { }

/// <summary>Builds loader test inputs in memory and checks that a failed load leaves a layer as it was.</summary>
internal static class LoaderTestKit
{
    public const int I = 3, U = 4;

    public static TestModel Model(int seed = 1) => new(I, U, seed);

    /// <summary>state_dict-style named float32 tensors of an nn.LSTM(3, 4).</summary>
    public static List<(string Name, long[] Shape, float[] Data)> StateDict(TestModel m, string prefix = "", string suffix = "_l0", bool bias = true)
    {
        var list = new List<(string, long[], float[])>
        {
            (prefix + "weight_ih" + suffix, new long[] { 4 * m.Units, m.Input }, m.WeightIh),
            (prefix + "weight_hh" + suffix, new long[] { 4 * m.Units, m.Units }, m.WeightHh),
        };
        if (bias)
        {
            list.Add((prefix + "bias_ih" + suffix, new long[] { 4 * m.Units }, m.BiasIh));
            list.Add((prefix + "bias_hh" + suffix, new long[] { 4 * m.Units }, m.BiasHh));
        }
        return list;
    }

    public static byte[] Bytes(float[] data)
    {
        var b = new byte[data.Length * 4];
        for (int k = 0; k < data.Length; k++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * k), data[k]);
        return b;
    }

    /// <summary>A valid safetensors file of F32 tensors, contiguous, in list order.</summary>
    public static byte[] Safetensors(IEnumerable<(string Name, long[] Shape, float[] Data)> tensors, string? metadata = "{\"format\":\"pt\"}")
    {
        var parts = new List<string>();
        if (metadata is not null) parts.Add($"\"__metadata__\":{metadata}");
        var data = new MemoryStream();
        foreach (var (name, shape, values) in tensors)
        {
            long begin = data.Length;
            data.Write(Bytes(values));
            parts.Add($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{begin},{data.Length}]}}");
        }
        return Raw("{" + string.Join(",", parts) + "}", data.ToArray());
    }

    /// <summary>A safetensors file with this exact header text (padded to 8 bytes) and data.</summary>
    public static byte[] Raw(string header, byte[] data, ulong? headerLength = null) => Raw(Encoding.UTF8.GetBytes(header), data, headerLength);

    public static byte[] Raw(byte[] header, byte[] data, ulong? headerLength = null)
    {
        var h = header.ToList();
        if (headerLength is null)
            while (h.Count % 8 != 0) h.Add((byte)' ');
        var file = new byte[8 + h.Count + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, headerLength ?? (ulong)h.Count);
        h.CopyTo(file, 8);
        data.CopyTo(file, 8 + h.Count);
        return file;
    }

    /// <summary>
    /// Loads good weights into a generated layer, runs <paramref name="badLoad"/> into it, expects an
    /// <see cref="LstmFormatException"/>, and checks the layer still computes exactly what it did before.
    /// </summary>
    public static LstmFormatException RejectedAndUnchanged(Func<LstmWeights> badLoad, ITestOutputHelper? output = null)
    {
        var layer = new LdGuard3x4x5();
        layer.LoadWeights(Model(99).Weights);
        var x = TestModel.Inputs(LdGuard3x4x5.Steps * I, seed: 5, amplitude: 1f);
        var before = new float[LdGuard3x4x5.Steps * U];
        layer.Forward(x, before);
        var e = Assert.Throws<LstmFormatException>(() => layer.LoadWeights(badLoad()));
        var after = new float[before.Length];
        layer.Forward(x, after);
        Assert.Equal(before, after);
        Assert.False(string.IsNullOrEmpty(e.Problem));
        Assert.StartsWith(e.FileName ?? "", e.Message);
        output?.WriteLine(e.Message);
        return e;
    }

    /// <summary>A read-only stream that cannot seek (as from a network or a pipe).</summary>
    public sealed class ForwardOnlyStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>
    /// A seekable stream that claims <paramref name="length"/> bytes: <paramref name="head"/> then zeros,
    /// produced on demand (a header whose tensors are "really there", without the memory).
    /// </summary>
    public sealed class HugeStream(byte[] head, long length) : Stream
    {
        public long BytesRead { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }
        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, Math.Max(0, length - Position));
            for (int k = 0; k < n; k++)
                buffer[offset + k] = Position + k < head.Length ? head[Position + k] : (byte)0;
            Position += n;
            BytesRead += n;
            return n;
        }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

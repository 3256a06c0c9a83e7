using System.IO;
using System.Text;

namespace LstmGen.Tests;

/// <summary>The safetensors reader: conversions, enumeration, and every malformed case rejected with a clear error.</summary>
public sealed class SafetensorsTests(ITestOutputHelper log)
{
    private static MemoryStream S(byte[] b) => new(b);

    private LstmFormatException Bad(byte[] file, string name = "bad.safetensors") =>
        LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadSafetensors(S(file), name), log);

    /// <summary>A file of these header entries (see <see cref="T"/>) and <paramref name="dataBytes"/> zero bytes of data, refused.</summary>
    private LstmFormatException BadHeader(int dataBytes, params string[] entries) =>
        Bad(SafetensorsBytes.Raw("{" + string.Join(",", entries) + "}", new byte[dataBytes]));

    private static string T(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";

    [Fact]
    public void InMemoryFileLoadsExactly()
    {
        var m = LoaderTestKit.Model(3);
        var bytes = SafetensorsBytes.FromTensors(LoaderTestKit.StateDict(m, "rnn."));
        var w = LstmWeights.LoadSafetensors(S(bytes), "mem");
        Assert.Equal(m.WeightIh, w.WeightIh.ToArray());
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
        Assert.Equal(m.Weights.Bias.ToArray(), w.Bias.ToArray());

        // From a stream that cannot seek, and from the middle of a stream (it starts where the stream is).
        var w2 = LstmWeights.LoadSafetensors(new NonSeekableStream(bytes), "pipe");
        Assert.Equal(m.WeightHh, w2.WeightHh.ToArray());
        var padded = new MemoryStream();
        padded.Write(new byte[13]);
        padded.Write(bytes);
        padded.Position = 13;
        Assert.Equal(m.WeightIh, LstmWeights.LoadSafetensors(padded, "offset").WeightIh.ToArray());
        Assert.True(padded.CanRead, "the caller's stream stays open");

        // bias=False: no bias tensors, zero bias.
        var nb = LstmWeights.LoadSafetensors(S(SafetensorsBytes.FromTensors(LoaderTestKit.StateDict(m, bias: false))));
        Assert.All(nb.Bias.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void ConvertsF16BF16F64()
    {
        // 1.5, -2, 65504 (largest half), 2^-24 (smallest half subnormal), -0
        ushort[] half = [0x3E00, 0xC000, 0x7BFF, 0x0001, 0x8000];
        float[] halfValues = [1.5f, -2f, 65504f, BitConverter.UInt32BitsToSingle(0x33800000) /* 2^-24 */, -0f];
        // bfloat16: 1.5, -2, 3.3895314e38 (largest), 1e-38-ish subnormal 0x0001 = 2^-133
        ushort[] bf = [0x3FC0, 0xC000, 0x7F7F, 0x0001];
        float[] bfValues = [1.5f, -2f, BitConverter.UInt32BitsToSingle(0x7F7F0000), BitConverter.UInt32BitsToSingle(0x00010000)];
        double[] f64 = [1.0 / 3, -1e-300, 123456789.123, 1e300];
        var data = new MemoryStream();
        foreach (var h in half) data.Write(BitConverter.GetBytes(h));
        foreach (var h in bf) data.Write(BitConverter.GetBytes(h));
        foreach (var d in f64) data.Write(BitConverter.GetBytes(d));
        string header = "{" + T("h", "F16", "[5]", 0, 10) + "," + T("b", "BF16", "[2,2]", 10, 18) + "," + T("d", "F64", "[4,1]", 18, 50) + "}";
        using var file = SafetensorsFile.Open(S(SafetensorsBytes.Raw(header, data.ToArray())), "dtypes");
        Assert.Equal(halfValues, file.ReadFloat32("h"));
        Assert.Equal(bfValues, file.ReadFloat32("b"));
        Assert.Equal(new[] { 1f / 3, -0f, 123456789.123f, float.PositiveInfinity }, file.ReadFloat32("d"));
        Assert.Equal(new[] { "h", "b", "d" }, file.Tensors.Select(t => t.Name));
        Assert.Equal(new long[] { 2, 2 }, file.Find("b")!.Shape);
        Assert.Empty(file.Metadata);
    }

    [Fact]
    public void TooShortFiles()
    {
        foreach (int n in new[] { 0, 1, 7 })
        {
            var e = Bad(new byte[n]);
            Assert.Equal("bad.safetensors", e.FileName);
            Assert.Equal("at least 8 bytes (the header length)", e.Expected);
            Assert.Equal($"{n} bytes", e.Actual);
        }
    }

    [Fact]
    public void HeaderLengthBeyondFileOrAbsurd()
    {
        var e = Bad(SafetensorsBytes.Raw("{}      ", [], headerLength: 9));
        Assert.Contains("past the end", e.Problem);
        Assert.Equal("at most 8 bytes", e.Expected);
        Assert.Equal("9 bytes", e.Actual);

        foreach (ulong n in new[] { 100_000_001UL, ulong.MaxValue, 1UL << 63 })
        {
            e = Bad(SafetensorsBytes.Raw("{}      ", [], headerLength: n));
            Assert.Contains("absurd", e.Problem);
            Assert.Equal($"{n} bytes", e.Actual);
        }
    }

    [Theory]
    [InlineData("[1, 2]      ")]
    [InlineData("{\"a\":      ")]
    [InlineData("{\"__metadata__\": {}} x")]
    [InlineData("{,}")]
    [InlineData("{'a': 1}")]
    [InlineData("{\"a\": {\"dtype\": \"F32\" /* c */}}")]
    [InlineData("   {}  ")]
    [InlineData("")]
    [InlineData("\"just a string\"")]
    public void InvalidJsonOrNotAnObject(string header)
    {
        var e = Bad(SafetensorsBytes.Raw(header, []));
        Assert.Null(e.Tensor);
        Assert.Contains("JSON", e.Problem);
    }

    [Fact]
    public void InvalidUtf8InHeader()
    {
        var header = Encoding.UTF8.GetBytes("{\"ab\":{}}").ToArray();
        header[3] = 0xFF;
        var e = Bad(SafetensorsBytes.Raw(header, []));
        Assert.Contains("JSON", e.Problem);
    }

    [Theory]
    [InlineData("F128")]
    [InlineData("f32")]
    [InlineData("float32")]
    [InlineData("")]
    public void UnknownDType(string dtype)
    {
        var e = BadHeader(4, T("weight_ih_l0", dtype, "[1]", 0, 4));
        Assert.Equal("weight_ih_l0", e.Tensor);
        Assert.Equal("unknown dtype", e.Problem);
        Assert.Equal(dtype, e.Actual);
        Assert.Contains("BF16", e.Expected);
    }

    [Fact]
    public void ShapeProductOverflowAndMismatch()
    {
        var e = BadHeader(4, T("w", "F32", "[4611686018427387904, 4]", 0, 4));
        Assert.Equal("w", e.Tensor);
        Assert.Contains("overflow", e.Problem);
        Assert.Equal("[4611686018427387904, 4]", e.Actual);

        // Fits in 64 bits as elements, but not as bytes.
        e = BadHeader(8, T("w", "F64", "[2305843009213693952]", 0, 8));
        Assert.Contains("byte range", e.Problem);
        Assert.Contains("overflow", e.Expected);

        e = BadHeader(40, T("w", "F32", "[3, 4]", 0, 40));
        Assert.Equal("shape does not match the tensor's byte range", e.Problem);
        Assert.Equal("[3, 4] × 4 bytes (F32) = 48 bytes", e.Expected);
        Assert.Equal("data_offsets [0, 40] = 40 bytes", e.Actual);
    }

    [Fact]
    public void OffsetsOutOfOrderPastTheEndOverlappingOrLeavingGaps()
    {
        var e = BadHeader(8, T("w", "F32", "[0]", 8, 0));
        Assert.Contains("out of order", e.Problem);
        Assert.Equal("[8, 0]", e.Actual);

        e = BadHeader(12, T("w", "F32", "[4]", 0, 16));
        Assert.Contains("past the end", e.Problem);
        Assert.Equal("end ≤ 12 (the data section's length)", e.Expected);
        Assert.Equal("end = 16", e.Actual);

        e = BadHeader(12, T("a", "F32", "[2]", 0, 8), T("b", "F32", "[2]", 4, 12));
        Assert.Equal("b", e.Tensor);
        Assert.Contains("overlaps tensor 'a'", e.Problem);

        e = BadHeader(12, T("a", "F32", "[1]", 0, 4), T("b", "F32", "[1]", 8, 12));
        Assert.Equal("b", e.Tensor);
        Assert.Contains("belong to no tensor", e.Problem);

        e = BadHeader(12, T("a", "F32", "[1]", 0, 4));
        Assert.Contains("last 8 bytes", e.Problem);

        // Listed out of order but contiguous: fine.
        var ok = SafetensorsBytes.Raw("{" + T("b", "F32", "[1]", 4, 8) + "," + T("a", "F32", "[1]", 0, 4) + "," + T("z", "F32", "[0]", 8, 8) + "}", new byte[8]);
        using var file = SafetensorsFile.Open(S(ok));
        Assert.Equal(new[] { "a", "b", "z" }, file.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void DuplicateNamesAndFields()
    {
        var e = BadHeader(8, T("weight_ih_l0", "F32", "[1]", 0, 4), T("weight_ih_l0", "F32", "[1]", 4, 8));
        Assert.Equal("weight_ih_l0", e.Tensor);
        Assert.Contains("duplicate name", e.Problem);

        e = Bad(SafetensorsBytes.Raw("{\"__metadata__\":{},\"__metadata__\":{}}", []));
        Assert.Contains("duplicate", e.Problem);

        e = Bad(SafetensorsBytes.Raw("{\"w\":{\"dtype\":\"F32\",\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]));
        Assert.Contains("duplicate field 'dtype'", e.Problem);

        e = Bad(SafetensorsBytes.Raw("{\"__metadata__\":{\"a\":\"1\",\"a\":\"2\"}}", []));
        Assert.Contains("duplicate metadata key 'a'", e.Problem);
    }

    [Theory]
    [InlineData("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", "lacks dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", "lacks shape")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", "lacks data_offsets")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", "two numbers")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", "non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", "non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", "non-negative integer")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}}", "not an array")]
    [InlineData("{\"w\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}", "not a string")]
    [InlineData("{\"w\":[1]}", "not a JSON object")]
    [InlineData("{\"__metadata__\":{\"a\":1}}", "not a string")]
    [InlineData("{\"__metadata__\":[]}", "not a JSON object")]
    public void MalformedEntries(string header, string problem)
    {
        var e = Bad(SafetensorsBytes.Raw(header, new byte[header.Contains("[0,4]") ? 4 : 0]));
        Assert.Contains(problem, e.Problem);
        Assert.NotNull(e.Tensor);
    }

    [Fact]
    public void UnknownFieldsAndNullMetadataAreAccepted()
    {
        var m = LoaderTestKit.Model(4);
        var tensors = LoaderTestKit.StateDict(m);
        var data = tensors.SelectMany(t => LittleEndian.Floats(t.Data)).ToArray();
        long offset = 0;
        var parts = tensors.Select(t =>
        {
            long begin = offset;
            offset += t.Data.Length * 4;
            return $"\"{t.Name}\":{{\"future\":{{\"x\":[1,2]}},\"dtype\":\"F32\",\"shape\":[{string.Join(",", t.Shape)}],\"data_offsets\":[{begin},{offset}]}}";
        });
        var w = LstmWeights.LoadSafetensors(S(SafetensorsBytes.Raw("{\"__metadata__\":null," + string.Join(",", parts) + "}", data)));
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
    }

    [Fact]
    public void MissingTensorsWrongShapesAndDTypes()
    {
        var m = LoaderTestKit.Model(5);
        var sd = LoaderTestKit.StateDict(m, "enc.");

        var e = Bad(SafetensorsBytes.FromTensors(sd.Where(t => !t.Name.Contains("weight_hh"))));
        Assert.Equal("enc.weight_hh_l0", e.Tensor);
        Assert.Equal("tensor not found", e.Problem);
        Assert.Contains("enc.weight_ih_l0", e.Actual);

        e = Bad(SafetensorsBytes.FromTensors(sd.Where(t => !t.Name.Contains("bias_hh"))));
        Assert.Equal("enc.bias_hh_l0", e.Tensor);

        LstmFormatException Reshaped(string tensor, long[] shape, float[]? data = null) =>
            Bad(SafetensorsBytes.FromTensors(sd.Select(t => t.Name.Contains(tensor) ? (t.Name, shape, data ?? t.Data) : t)));
        e = Reshaped("weight_hh", [16, 5], new float[80]);
        Assert.Equal("enc.weight_hh_l0", e.Tensor);
        Assert.Equal("[4H, H]", e.Expected);
        Assert.Equal("[16, 5]", e.Actual);

        e = Reshaped("weight_ih", [12, 4], new float[48]);
        Assert.Equal("enc.weight_ih_l0", e.Tensor);
        Assert.Equal("[16, I]", e.Expected);
        Assert.Equal("[12, 4]", e.Actual);

        e = Reshaped("bias_ih", [4, 4]);
        Assert.Equal("[16]", e.Expected);
        Assert.Equal("[4, 4]", e.Actual);

        // Right shape, integer dtype.
        string header = "{" + T("weight_ih_l0", "I32", "[16,3]", 0, 192) + "," + T("weight_hh_l0", "F32", "[16,4]", 192, 448) + "}";
        e = Bad(SafetensorsBytes.Raw(header, new byte[448]));
        Assert.Equal("weight_ih_l0", e.Tensor);
        Assert.Equal("I32", e.Actual);

        // Two LSTMs and no prefix given.
        var two = LoaderTestKit.StateDict(m, "a.").Concat(LoaderTestKit.StateDict(m, "b."));
        e = Bad(SafetensorsBytes.FromTensors(two));
        Assert.Contains("several", e.Problem);
        Assert.Contains("'a.'", e.Expected);
        Assert.Equal(m.WeightHh, LstmWeights.LoadSafetensors(S(SafetensorsBytes.FromTensors(two)), prefix: "b.").WeightHh.ToArray());

        // Projections (proj_size) are refused rather than misread.
        var proj = sd.Append(("enc.weight_hr_l0", new long[] { 2, 4 }, new float[8]));
        e = Bad(SafetensorsBytes.FromTensors(proj));
        Assert.Equal("enc.weight_hr_l0", e.Tensor);
    }

    [Fact]
    public void NonFiniteWeightsRejectedUnlessAllowed()
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            var m = LoaderTestKit.Model(6);
            m.WeightHh[7] = bad;
            var bytes = SafetensorsBytes.FromTensors(LoaderTestKit.StateDict(m));
            var e = Bad(bytes, "nan.safetensors");
            Assert.Equal("weight_hh_l0", e.Tensor);
            Assert.Equal("nan.safetensors", e.FileName);
            Assert.Contains("element 7", e.Problem);
            Assert.Equal("finite values", e.Expected);
            var w = LstmWeights.LoadSafetensors(S(bytes), options: new LstmLoadOptions { AllowNonFinite = true });
            Assert.Equal(bad, w.WeightHh[7]);
        }

        // F64 beyond float32's range becomes ∞, and is rejected the same way.
        var m2 = LoaderTestKit.Model(7);
        var data = new MemoryStream();
        foreach (var v in m2.WeightIh) data.Write(BitConverter.GetBytes((double)v));
        data.Write(BitConverter.GetBytes(1e300));
        foreach (var v in m2.WeightHh.Skip(1)) data.Write(BitConverter.GetBytes((double)v));
        string header = "{" + T("weight_ih_l0", "F64", "[16,3]", 0, 384) + "," + T("weight_hh_l0", "F64", "[16,4]", 384, 896) + "}";
        var ex = Bad(SafetensorsBytes.Raw(header, data.ToArray()));
        Assert.Equal("weight_hh_l0", ex.Tensor);
        Assert.Contains("element 0", ex.Problem);
    }

    /// <summary>A header that claims 10^12 elements in a small file allocates nothing near that.</summary>
    [Fact]
    public void TrillionElementClaimDoesNotAllocate()
    {
        string header = "{" + T("weight_ih_l0", "F32", "[4000000,250000]", 0, 4_000_000_000_000) + ","
            + T("weight_hh_l0", "F32", "[4000000,1000000]", 4_000_000_000_000, 20_000_000_000_000) + "}";
        var bytes = SafetensorsBytes.Raw(header, new byte[64]);
        LstmFormatException Attempt() => Assert.Throws<LstmFormatException>(() => LstmWeights.LoadSafetensors(new MemoryStream(bytes), "huge"));
        Attempt(); // warm up (JIT, exception machinery)
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Attempt();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        log.WriteLine($"{e.Message} — allocated {allocated} bytes");
        Assert.Contains("past the end", e.Problem);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
        LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadSafetensors(new MemoryStream(bytes), "huge"));
    }

    /// <summary>
    /// A stream that really is 160 GB long (zeros on demand): the header is consistent, so the shapes are
    /// what stops the load, before any tensor data is read or allocated.
    /// </summary>
    [Fact]
    public void HugeButConsistentFileIsRefusedBeforeReadingData()
    {
        const long H = 100_000, I = 1;
        long ihBytes = 4 * H * I * 4, hhBytes = 4 * H * H * 4;
        string header = "{" + T("weight_ih_l0", "F32", $"[{4 * H},{I}]", 0, ihBytes) + "," + T("weight_hh_l0", "F32", $"[{4 * H},{H}]", ihBytes, ihBytes + hhBytes) + "}";
        var head = SafetensorsBytes.Raw(header, []);
        long length = head.Length + ihBytes + hhBytes;
        LstmFormatException Attempt(HugeStream s) => Assert.Throws<LstmFormatException>(() => LstmWeights.LoadSafetensors(s, "sparse"));
        Attempt(new HugeStream(head, length));
        var stream = new HugeStream(head, length);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Attempt(stream);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        log.WriteLine($"{e.Message} — allocated {allocated} bytes, read {stream.BytesRead} bytes");
        Assert.Equal("layer too large", e.Problem);
        Assert.Equal("H = 100000, I = 1", e.Actual);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
        Assert.Equal(head.Length, stream.BytesRead);

        // Asked directly, the file refuses to make an array of 4·10^10 floats.
        using var file = SafetensorsFile.Open(new HugeStream(head, length), "sparse");
        var ex = Assert.Throws<LstmFormatException>(() => file.ReadFloat32("weight_hh_l0"));
        Assert.Contains("too many elements", ex.Problem);
        Assert.Equal(400_000, file.ReadFloat32("weight_ih_l0").Length);
    }

    [Fact]
    public void FileNamesInErrors()
    {
        using var file = new TempFile(".safetensors", new byte[3]);
        string path = file.Path;
        var e = LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadSafetensors(path));
        Assert.Equal(path, e.FileName);
        Assert.StartsWith(path + ": ", e.Message);
        e = LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadSafetensors(new MemoryStream(new byte[3])));
        Assert.Equal("<stream>", e.FileName);
        Assert.Throws<FileNotFoundException>(() => LstmWeights.LoadSafetensors(path + ".missing"));
        // The file is closed after a failed load (it can be deleted/overwritten on every OS).
        File.WriteAllBytes(path, SafetensorsBytes.FromTensors(LoaderTestKit.StateDict(LoaderTestKit.Model(8))));
        Assert.Equal(3, LstmWeights.LoadSafetensors(path).Input);
    }
}

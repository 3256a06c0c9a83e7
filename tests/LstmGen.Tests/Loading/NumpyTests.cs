using System.Buffers.Binary;
using System.IO;
using System.Text;
using static LstmGen.Tests.NpyBytes;

namespace LstmGen.Tests;

/// <summary>NumPy .npy (<see cref="NpyArray"/>) and .npz (<see cref="LstmWeights.LoadNpz(string, int, string?, bool, LstmLoadOptions?)"/>).</summary>
public sealed class NumpyTests(ITestOutputHelper log)
{
    private LstmFormatException BadNpy(byte[] bytes) =>
        LoaderTestKit.RejectedAndUnchanged(() =>
        {
            var a = NpyArray.Read(new MemoryStream(bytes), "bad.npy");
            return LstmWeights.FromPyTorch(3, 4, a.Data, a.Data, default, default);
        }, log);

    private LstmFormatException BadNpz(byte[] bytes, LstmLoadOptions? options = null) =>
        LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadNpz(new MemoryStream(bytes), "bad.npz", options: options), log);

    // ---- The fixtures numpy wrote ----

    [Fact]
    public void FixtureNpyFilesMatchTheSafetensors()
    {
        using var st = SafetensorsFile.Open(Fixture.Path("torch", "lstm_odd.safetensors"));
        foreach (var (file, tensor, dtype) in new[]
        {
            ("lstm_odd.weight_ih_l0.f4.fortran.npy", "weight_ih_l0", "<f4"),
            ("lstm_odd.weight_hh_l0.f8.v2.npy", "weight_hh_l0", "<f8"),
            ("lstm_odd.bias_ih_l0.f4be.npy", "bias_ih_l0", ">f4"),
            ("lstm_odd.bias_hh_l0.f4.v3.npy", "bias_hh_l0", "<f4"),
        })
        {
            var a = NpyArray.Read(Fixture.Path("torch", "npy", file));
            log.WriteLine($"{file}: {a}");
            Assert.Equal(dtype, a.DType);
            Assert.Equal(st.Find(tensor)!.Shape, a.Shape);
            Assert.Equal(st.ReadFloat32(tensor), a.Data);
        }
        using var st2 = SafetensorsFile.Open(Fixture.Path("torch", "lstm_stack2.safetensors"));
        var half = NpyArray.Read(Fixture.Path("torch", "npy", "lstm_stack2.weight_hh_l1.f2.npy"));
        Assert.Equal("<f2", half.DType);
        Assert.Equal(st2.ReadFloat32("weight_hh_l1"), half.Data);
    }

    /// <summary>Four standalone .npy files (Fortran order, float64 v2, big-endian, v3) make a working layer.</summary>
    [Fact]
    [Trait("Category", "Kernel")]
    public void FixtureNpyFilesRunThroughAGeneratedKernel()
    {
        float[] Read(string f) => NpyArray.Read(Fixture.Path("torch", "npy", f)).Data;
        var w = LstmWeights.FromPyTorch(11, 29, Read("lstm_odd.weight_ih_l0.f4.fortran.npy"), Read("lstm_odd.weight_hh_l0.f8.v2.npy"),
            Read("lstm_odd.bias_ih_l0.f4be.npy"), Read("lstm_odd.bias_hh_l0.f4.v3.npy"));
        var layer = new TfOdd11x29x7();
        layer.LoadWeights(w);
        var x = TorchFixtures.ReadCsv("lstm_odd_x.csv", 11).Select(v => (float)v).ToArray();
        var y = new float[7 * 29];
        layer.Forward(x, y);
        double err = AssertClose.Within(TorchFixtures.ReadCsv("lstm_odd_y_l0.csv", 29), y, "npy files");
        log.WriteLine($"lstm_odd from four .npy files: max abs error {err:E2}");
    }

    // ---- .npy by hand ----

    [Fact]
    public void FortranOrderIsReturnedRowMajor()
    {
        // A (2, 3, 4) array with value 100i + 10j + k, stored column-major (i fastest).
        var f = new float[24];
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    f[i + 2 * (j + 3 * k)] = 100 * i + 10 * j + k;
        var a = NpyArray.Read(new MemoryStream(Npy(Dict("<f4", "(2, 3, 4)", fortran: true), LittleEndian.Floats(f))));
        Assert.Equal(new long[] { 2, 3, 4 }, a.Shape);
        for (int i = 0; i < 2; i++)
            for (int j = 0; j < 3; j++)
                for (int k = 0; k < 4; k++)
                    Assert.Equal(100 * i + 10 * j + k, a.Data[(i * 3 + j) * 4 + k]);
        // 1-D Fortran is the same as C.
        Assert.Equal(new[] { 1f, 2f }, NpyArray.Read(new MemoryStream(Npy(Dict("<f4", "(2,)", fortran: true), LittleEndian.Floats([1f, 2f])))).Data);
    }

    [Fact]
    public void DTypesByteOrdersVersionsAndShapes()
    {
        var be8 = new byte[16];
        BinaryPrimitives.WriteDoubleBigEndian(be8, 0.1);
        BinaryPrimitives.WriteDoubleBigEndian(be8.AsSpan(8), -3.5);
        Assert.Equal(new[] { 0.1f, -3.5f }, NpyArray.Read(new MemoryStream(Npy(Dict(">f8", "(2,)"), be8))).Data);

        byte[] le2 = [0x00, 0x3E, 0x00, 0xC0]; // 1.5, -2 as little-endian halves
        Assert.Equal(new[] { 1.5f, -2f }, NpyArray.Read(new MemoryStream(Npy(Dict("<f2", "(1, 2)"), le2))).Data);
        byte[] be2 = [0x3E, 0x00, 0xC0, 0x00];
        Assert.Equal(new[] { 1.5f, -2f }, NpyArray.Read(new MemoryStream(Npy(Dict(">f2", "(2,)"), be2))).Data);
        var be4 = new byte[8];
        BinaryPrimitives.WriteSingleBigEndian(be4, 7.25f);
        BinaryPrimitives.WriteSingleBigEndian(be4.AsSpan(4), float.Epsilon);
        Assert.Equal(new[] { 7.25f, float.Epsilon }, NpyArray.Read(new MemoryStream(Npy(Dict(">f4", "(2,)"), be4))).Data);

        foreach (int major in new[] { 1, 2, 3 })
            Assert.Equal(new[] { 4f }, NpyArray.Read(new MemoryStream(Npy(Dict("<f4", "(1,)"), LittleEndian.Floats([4f]), major))).Data);

        // Scalars, empty arrays, double quotes, no trailing comma, Python 2's 3L.
        var scalar = NpyArray.Read(new MemoryStream(Npy(Dict("<f4", "()"), LittleEndian.Floats([9f]))));
        Assert.Empty(scalar.Shape);
        Assert.Equal(new[] { 9f }, scalar.Data);
        Assert.Empty(NpyArray.Read(new MemoryStream(Npy(Dict("<f4", "(2, 0)"), []))).Data);
        var odd = NpyArray.Read(new MemoryStream(Npy("{\"shape\":(2L,1L),\"fortran_order\":False,\"descr\":\"<f4\"}", LittleEndian.Floats([1f, 2f]))));
        Assert.Equal(new long[] { 2, 1 }, odd.Shape);

        // From a stream that cannot seek, and from the middle of one.
        var bytes = Npy(Dict("<f4", "(3,)"), LittleEndian.Floats([1f, 2f, 3f]));
        Assert.Equal(new[] { 1f, 2f, 3f }, NpyArray.Read(new NonSeekableStream(bytes)).Data);
        var ms = new MemoryStream();
        ms.Write(new byte[5]);
        ms.Write(bytes);
        ms.Position = 5;
        Assert.Equal(new[] { 1f, 2f, 3f }, NpyArray.Read(ms).Data);
    }

    [Theory]
    [InlineData("'|O'", "object arrays")]
    [InlineData("'O'", "object arrays")]
    [InlineData("'<i4'", "unsupported dtype")]
    [InlineData("'<c8'", "unsupported dtype")]
    [InlineData("'<f16'", "unsupported dtype")]
    [InlineData("'f4'", "unsupported dtype")]
    [InlineData("'=f4'", "unsupported dtype")]
    [InlineData("'|u1'", "unsupported dtype")]
    [InlineData("[('a', '<f4'), ('b', '<f4')]", "structured")]
    public void RejectsNonFloatDTypes(string descr, string problem)
    {
        var e = BadNpy(Npy($"{{'descr': {descr}, 'fortran_order': False, 'shape': (3,), }}", new byte[12]));
        Assert.Contains(problem, e.Problem);
        Assert.Equal("bad.npy", e.FileName);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", "lacks 'shape'")]
    [InlineData("{'descr': '<f4', 'shape': (3,), }", "lacks 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'extra': True}", "unexpected key 'extra'")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}", "duplicate key 'descr'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3)}", "not a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': [3]}", "expected a string, True, False or a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-3,)}", "non-negative integer")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3.0,)}", "expected ',' or ')'")]
    [InlineData("{'descr': '<f4', 'fortran_order': 'False', 'shape': (3,)}", "fortran_order is not True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': false, 'shape': (3,)}", "expected a string, True, False or a tuple")]
    [InlineData("{'descr': '<f4', 'fortran_order': Falsey, 'shape': (3,)}", "expected a string, True, False or a tuple")]
    [InlineData("{'descr': __import__('os').system('echo hi'), 'fortran_order': False, 'shape': (3,)}", "malformed")]
    [InlineData("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (3,)}", "escapes")]
    [InlineData("{'descr': '<f4' 'fortran_order': False, 'shape': (3,)}", "expected ',' or '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x", "after the dict")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)", "end of the header")]
    [InlineData("[1, 2, 3]", "expected '{'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", "out of range")]
    public void RejectsMalformedHeaders(string header, string problem)
    {
        var e = BadNpy(Npy(header, new byte[12]));
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void RejectsWrongMagicVersionsAndTruncation()
    {
        var good = Npy(Dict("<f4", "(3,)"), new byte[12]);

        var e = BadNpy([]);
        Assert.Contains("wrong magic", e.Problem);
        Assert.Equal("an empty file", e.Actual);
        e = BadNpy(Encoding.ASCII.GetBytes("NUMPY\x01\x00"));
        Assert.Contains("wrong magic", e.Problem);
        e = BadNpy(Npz([("a.npy", good)], compressed: false)); // an .npz given as .npy
        Assert.Contains("wrong magic", e.Problem);
        Assert.StartsWith("504B0304", e.Actual);

        foreach (var (major, minor) in new[] { (4, 0), (0, 0), (1, 1) })
        {
            var v = (byte[])good.Clone();
            v[6] = (byte)major;
            v[7] = (byte)minor;
            e = BadNpy(v);
            Assert.Equal("unsupported .npy format version", e.Problem);
            Assert.Equal($"{major}.{minor}", e.Actual);
        }

        e = BadNpy(good[..8]);
        Assert.Contains("truncated .npy header", e.Problem);
        e = BadNpy(good[..40]);
        Assert.Contains("truncated .npy header", e.Problem);
        e = BadNpy(Npy(Dict("<f4", "(3,)"), [], major: 2, headerLength: 0x7FFFFFFF));
        Assert.Contains("too long", e.Problem);

        e = BadNpy(good[..^1]);
        Assert.Contains("shorter than the header's shape", e.Problem);
        Assert.Equal("12 bytes for shape (3,) '<f4'", e.Expected);
        Assert.Equal("11 bytes", e.Actual);
        e = BadNpy([.. good, 0, 0, 0, 0]);
        Assert.Contains("longer than the header's shape", e.Problem);
        Assert.Equal("16 bytes", e.Actual);
        // The same, from a stream that cannot seek.
        Assert.Throws<LstmFormatException>(() => NpyArray.Read(new NonSeekableStream(good[..^1])));

        var v3 = Npy(Dict("<f4", "(3,)"), new byte[12], major: 3);
        v3[20] = 0xFF; // not UTF-8 inside the header
        e = BadNpy(v3);
        Assert.Contains("UTF-8", e.Problem);
    }

    [Fact]
    public void HugeShapeDoesNotAllocate()
    {
        var bytes = Npy(Dict("<f4", "(1000000, 1000000)"), new byte[64]);
        LstmFormatException Attempt() => Assert.Throws<LstmFormatException>(() => NpyArray.Read(new MemoryStream(bytes), "huge.npy"));
        Attempt();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Attempt();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        log.WriteLine($"{e.Message} — allocated {allocated} bytes");
        Assert.Contains("too many elements", e.Problem);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");

        // Within one array's reach but not in the file: refused by length, before allocating 2 GB.
        bytes = Npy(Dict("<f4", "(500000000,)"), new byte[64]);
        Attempt();
        before = GC.GetAllocatedBytesForCurrentThread();
        e = Attempt();
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains("shorter", e.Problem);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");

        e = BadNpy(Npy(Dict("<f4", "(4611686018427387904, 4)"), []));
        Assert.Contains("too many elements", e.Problem);
    }

    // ---- .npz ----

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void NpzLoadsStoredAndDeflated(bool compressed)
    {
        var m = LoaderTestKit.Model(11);
        var mr = LoaderTestKit.Model(12);
        var entries = NpzEntries(LoaderTestKit.StateDict(m, "model.rnn.").Concat(LoaderTestKit.StateDict(mr, "model.rnn.", "_l0_reverse")))
            .Append(("model.head.weight.npy", Npy(Dict("<i8", "(2,)"), new byte[16])))   // unrelated, not float: never read
            .Append(("README.txt", Encoding.ASCII.GetBytes("not an array")));            // not .npy: ignored
        var bytes = Npz(entries, compressed);
        var w = LstmWeights.LoadNpz(new MemoryStream(bytes), "mem.npz");
        Assert.Equal(m.WeightIh, w.WeightIh.ToArray());
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
        Assert.Equal(m.Weights.Bias.ToArray(), w.Bias.ToArray());
        var r = LstmWeights.LoadNpz(new NonSeekableStream(bytes), "pipe.npz", reverse: true, prefix: "model.rnn.");
        Assert.Equal(mr.WeightHh, r.WeightHh.ToArray());

        using var file = new TempFile(".npz", bytes);
        Assert.Equal(m.WeightIh, LstmWeights.LoadNpz(file.Path).WeightIh.ToArray());
        File.WriteAllBytes(file.Path, new byte[10]);
        var e = LoaderTestKit.RejectedAndUnchanged(() => LstmWeights.LoadNpz(file.Path));
        Assert.Equal(file.Path, e.FileName);
    }

    [Fact]
    public void NpzRejectsBadArchivesAndEntries()
    {
        var m = LoaderTestKit.Model(13);
        var sd = LoaderTestKit.StateDict(m);

        var e = BadNpz(Encoding.ASCII.GetBytes("this is not a zip file at all"));
        Assert.Contains("not a valid .npz", e.Problem);
        Assert.Null(e.Tensor);

        var good = Npz(NpzEntries(sd), compressed: true);
        e = BadNpz(good[..(good.Length / 2)]);
        Assert.Contains("not a valid .npz", e.Problem);

        e = BadNpz(Npz(NpzEntries(sd.Where(t => !t.Name.StartsWith("weight_hh"))), compressed: false));
        Assert.Equal("weight_hh_l0", e.Tensor);
        Assert.Equal("tensor not found", e.Problem);

        // An entry that is not a float array, and one whose data is shorter than its shape.
        byte[] Replacing(string entry, byte[] npy, bool compressed) =>
            Npz(NpzEntries(sd).Select(x => x.Item1 == entry ? (x.Item1, npy) : x), compressed);
        e = BadNpz(Replacing("weight_hh_l0.npy", Npy(Dict("|O", "(16, 4)"), new byte[256]), compressed: true));
        Assert.Equal("weight_hh_l0", e.Tensor);
        Assert.Contains("object arrays", e.Problem);

        e = BadNpz(Replacing("bias_ih_l0.npy", Npy(Dict("<f4", "(16,)"), new byte[60]), compressed: false));
        Assert.Equal("bias_ih_l0", e.Tensor);
        Assert.Contains("shorter", e.Problem);
        Assert.Equal("60 bytes", e.Actual);

        // The header's shape is the wrong one for an LSTM.
        e = BadNpz(Replacing("weight_ih_l0.npy", Npy(Dict("<f4", "(3, 16)"), new byte[192]), compressed: true));
        Assert.Equal("weight_ih_l0", e.Tensor);
        Assert.Equal("[16, I]", e.Expected);
        Assert.Equal("[3, 16]", e.Actual);

        // The same name twice.
        e = BadNpz(Npz(NpzEntries(sd).Append(("weight_ih_l0.npy", Npy(Dict("<f4", "(16, 3)"), new byte[192]))), compressed: false));
        Assert.Equal("weight_ih_l0", e.Tensor);
        Assert.Contains("duplicate", e.Problem);
    }

    /// <summary>An entry whose directory record claims a far larger uncompressed size than its data can give.</summary>
    [Fact]
    public void NpzEntryClaimingImpossibleSizeIsRejected()
    {
        var sd = LoaderTestKit.StateDict(LoaderTestKit.Model(14));
        var bytes = Npz(NpzEntries(sd), compressed: false);
        // Patch every central-directory record's uncompressed size (offset 24 in the record) to 100 MB.
        for (int p = bytes.Length - 22; p >= 0; p--)
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)) == 0x02014b50)
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(p + 24), 100_000_000);
        var e = BadNpz(bytes);
        log.WriteLine(e.Message);
        Assert.NotNull(e.Tensor);
    }

    [Fact]
    public void NpzNonFiniteRejectedUnlessAllowed()
    {
        var m = LoaderTestKit.Model(15);
        m.BiasHh[3] = float.NaN;
        var bytes = Npz(NpzEntries(LoaderTestKit.StateDict(m)), compressed: true);
        var e = BadNpz(bytes);
        Assert.Equal("bias_hh_l0", e.Tensor);
        Assert.Contains("element 3", e.Problem);
        var w = LstmWeights.LoadNpz(new MemoryStream(bytes), options: new LstmLoadOptions { AllowNonFinite = true });
        Assert.True(float.IsNaN(w.Bias[3]));
    }
}

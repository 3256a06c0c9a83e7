using System.IO;
using System.IO.Compression;
using System.Text.Json;

namespace LstmGen.Tests;

/// <summary>
/// <see cref="KerasWeightsFile"/> and <c>LstmWeights.LoadKeras</c>: a real Keras 2.2.4 file (Fixtures/keras2c, read
/// through layer_names/weight_names and checked against an independent h5py read), synthesised Keras 3
/// .weights.h5 / .keras and Keras 2 save_weights files run end to end through generated kernels, and rejections.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class KerasLoaderTests(ITestOutputHelper log)
{
    private static string Keras2c => Fixture.Path("keras2c", "model.h5");

    // ---- keras2c: a real Keras 2.2.4 model.save file ----

    [Fact]
    public void Keras2cLayersComeFromLayerNamesAndModelConfig()
    {
        using var file = KerasWeightsFile.Open(Keras2c);
        Assert.Equal(KerasFormat.Keras2Hdf5, file.Format);
        Assert.Equal(new[] { "input_1", "dense_1", "dense_2", "lstm_1", "dense_3" }, file.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "InputLayer", "Dense", "Dense", "LSTM", "Dense" }, file.Layers.Select(l => l.ClassName));
        var lstm = file.Layers[3];
        Assert.Equal("/model_weights/lstm_1", lstm.GroupPath);
        Assert.Equal(20, lstm.Units);
        Assert.Equal("relu", lstm.Activation);
        Assert.Equal("hard_sigmoid", lstm.RecurrentActivation);
        Assert.Equal(30, file.Layers[4].Units);
        Assert.Empty(file.ReadLayer("input_1")); // its weight_names is an empty (float64) array
    }

    /// <summary>Every dataset named by weight_names, against weights_h5py.json (Debian h5py, dump_weights.py).</summary>
    [Fact]
    public void Keras2cWeightsMatchAnIndependentH5pyRead()
    {
        using var reference = Fixture.Json("keras2c", "weights_h5py.json");
        using var file = KerasWeightsFile.Open(Keras2c);
        int datasets = 0;
        foreach (var layer in reference.RootElement.GetProperty("layers").EnumerateArray())
        {
            string name = layer.GetProperty("name").GetString()!;
            var expected = layer.GetProperty("weights").EnumerateArray().ToArray();
            var actual = file.ReadLayer(name);
            Assert.Equal(expected.Length, actual.Count);
            for (int k = 0; k < expected.Length; k++)
            {
                var e = expected[k];
                var a = actual[k];
                Assert.Equal(e.GetProperty("name").GetString(), a.Name);
                Assert.Equal(e.GetProperty("path").GetString(), a.DatasetPath);
                Assert.Equal(e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()), a.Shape);
                Assert.Equal(a.Shape.Aggregate(1, (x, y) => x * y), a.Data.Length);
                Assert.Equal((float)e.GetProperty("first").GetDouble(), a.Data[0]);
                Assert.Equal((float)e.GetProperty("last").GetDouble(), a.Data[^1]);
                double sum = a.Data.Sum(v => (double)v), absSum = a.Data.Sum(v => Math.Abs((double)v));
                double scale = e.GetProperty("abs_sum").GetDouble();
                Assert.InRange(Math.Abs(sum - e.GetProperty("sum").GetDouble()), 0, 1e-12 * scale + 1e-12);
                Assert.InRange(Math.Abs(absSum - scale), 0, 1e-12 * scale + 1e-12);
                log.WriteLine($"{a.DatasetPath} [{string.Join(", ", a.Shape)}]: sum {sum:R} (h5py {e.GetProperty("sum").GetDouble():R})");
                datasets++;
            }
        }
        Assert.Equal(9, datasets); // dense_1, dense_2, dense_3: 2 each; lstm_1: 3; input_1: none
        var shapes = file.ReadLayer("lstm_1").Select(t => (t.Name, string.Join("x", t.Shape))).ToArray();
        Assert.Equal(new[] { ("lstm_1/kernel:0", "20x80"), ("lstm_1/recurrent_kernel:0", "20x80"), ("lstm_1/bias:0", "80") }, shapes);
        var dense3 = file.ReadLayer("dense_3").Select(t => (t.Name, string.Join("x", t.Shape))).ToArray();
        Assert.Equal(new[] { ("dense_3/kernel:0", "20x30"), ("dense_3/bias:0", "30") }, dense3);
    }

    [Fact]
    public void Keras2cLstmLoadsAsTheOnlyLstmAndTransposesKerasKernels()
    {
        var w = LstmWeights.LoadKeras(Keras2c);
        Assert.Equal(20, w.Input);
        Assert.Equal(20, w.Units);
        Assert.Equal(w.WeightIh.ToArray(), LstmWeights.LoadKeras(Keras2c, "lstm_1").WeightIh.ToArray());

        using var file = KerasWeightsFile.Open(Keras2c);
        var raw = file.ReadLayer("lstm_1");
        float[] kernel = raw[0].Data, recurrent = raw[1].Data, bias = raw[2].Data;
        // Canonical row g·U + u, column k = Keras kernel[k, g·U + u] (same gate order i, f, c|g, o).
        for (int row = 0; row < 80; row++)
            for (int k = 0; k < 20; k++)
            {
                Assert.Equal(kernel[k * 80 + row], w.WeightIh[row * 20 + k]);
                Assert.Equal(recurrent[k * 80 + row], w.WeightHh[row * 20 + k]);
            }
        Assert.Equal(bias, w.Bias.ToArray());

        var layer = new KfKeras2c20x20x8();
        layer.LoadWeights(LayerWeights.WithActivations(w, null, null)); // right sizes for a generated kernel (which computes tanh / sigmoid, not this file's relu)
    }

    [Fact]
    public void Keras2cAskingForAnotherLayerTypeOrAMissingLayerIsRejected()
    {
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(Keras2c, "dense_1"));
        log.WriteLine(ex.Message);
        Assert.Contains("Dense, not an LSTM", ex.Message);
        ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(Keras2c, "lstm_9"));
        log.WriteLine(ex.Message);
        Assert.Equal("lstm_9", ex.Tensor);
        Assert.Contains("'lstm_1' (LSTM)", ex.Message);
        Assert.Contains("'dense_3' (Dense)", ex.Message);
    }

    // ---- Keras 3 (synthesised) and Keras 2 save_weights, end to end ----

    public static TheoryData<string, string, string, string, KerasFormat> Sources() => new()
    {
        { "model.keras", "encoder", "decoder", "head", KerasFormat.Keras3Archive },
        { "model.weights.h5", "lstm", "lstm_1", "dense", KerasFormat.Keras3WeightsHdf5 },
        { "keras2_save_weights.h5", "encoder", "decoder", "head", KerasFormat.Keras2Hdf5 },
    };

    [Theory]
    [MemberData(nameof(Sources))]
    public void SynthesisedModelRunsThroughGeneratedKernels(string fileName, string encoder, string decoder, string head, KerasFormat format)
    {
        string path = Fixture.Path("keras3", fileName);
        using var expected = Fixture.Json("keras3", "expected.json");
        float[] x = Floats(expected, "x");
        double[] encoderExpected = Doubles(expected, "encoder_sequence"), decoderExpected = Doubles(expected, "decoder_last"),
            headExpected = Doubles(expected, "head");

        using (var file = KerasWeightsFile.Open(path))
            Assert.Equal(format, file.Format);

        var enc = new KfEncoder3x5x6Seq();
        enc.LoadWeights(LstmWeights.LoadKeras(path, encoder));
        var encOut = new float[KfEncoder3x5x6Seq.Steps * KfEncoder3x5x6Seq.Units];
        enc.Forward(x, encOut);
        double encErr = AssertClose.Within(encoderExpected, encOut, $"{fileName} encoder");

        var dec = new KfDecoder5x4x6();
        dec.LoadWeights(LstmWeights.LoadKeras(path, decoder));
        var decOut = new float[KfDecoder5x4x6.Units];
        dec.Forward(encOut, decOut);
        double decErr = AssertClose.Within(decoderExpected, decOut, $"{fileName} decoder");

        // The Dense head, read by name: kernel [4, 2], bias [2].
        using var weights = KerasWeightsFile.Open(path);
        var dense = weights.ReadLayer(head);
        Assert.Equal(2, dense.Count);
        Assert.Equal(new[] { 4, 2 }, dense[0].Shape);
        Assert.Equal(new[] { 2 }, dense[1].Shape);
        var y = new double[2];
        for (int o = 0; o < 2; o++)
        {
            y[o] = dense[1].Data[o];
            for (int k = 0; k < 4; k++) y[o] += (double)dense[0].Data[k * 2 + o] * decOut[k];
        }
        double headErr = AssertClose.Within(headExpected, y, $"{fileName} head");

        log.WriteLine($"{fileName}: max abs error encoder {encErr:E2}, decoder {decErr:E2}, head {headErr:E2}");
    }

    [Fact]
    public void KerasArchiveMapsLayerNamesToClassNamedGroups()
    {
        using var file = KerasWeightsFile.Open(Fixture.Path("keras3", "model.keras"));
        Assert.Equal(new[] { "input_layer", "encoder", "decoder", "head" }, file.Layers.Select(l => l.Name));
        Assert.Equal(new[] { "/layers/input_layer", "/layers/lstm", "/layers/lstm_1", "/layers/dense" }, file.Layers.Select(l => l.GroupPath));
        Assert.Equal(new[] { "InputLayer", "LSTM", "LSTM", "Dense" }, file.Layers.Select(l => l.ClassName));
        Assert.Equal("tanh", file.Layers[1].Activation);
        Assert.Equal("sigmoid", file.Layers[1].RecurrentActivation);
        Assert.Empty(file.ReadLayer("input_layer")); // Sequential saves no group for its InputLayer
        Assert.Equal(new[] { "cell/vars/0", "cell/vars/1", "cell/vars/2" }, file.ReadLayer("encoder").Select(t => t.Name));
        Assert.Equal(new[] { "vars/0", "vars/1" }, file.ReadLayer("head").Select(t => t.Name));
    }

    [Fact]
    public void WeightsH5ListsClassNamedGroups()
    {
        using var file = KerasWeightsFile.Open(Fixture.Path("keras3", "model.weights.h5"));
        Assert.Equal(new[] { "dense", "lstm", "lstm_1" }, file.Layers.Select(l => l.Name));
        Assert.All(file.Layers, l => Assert.Null(l.ClassName));
        Assert.Equal("/layers/lstm/cell/vars/1", file.ReadLayer("lstm")[1].DatasetPath);
    }

    [Theory]
    [InlineData("model.keras")]
    [InlineData("model.weights.h5")]
    [InlineData("keras2_save_weights.h5")]
    public void SeveralLstmsNeedALayerName(string fileName)
    {
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(Fixture.Path("keras3", fileName)));
        log.WriteLine(ex.Message);
        Assert.Contains("several LSTM layers", ex.Message);
        Assert.Contains(fileName == "model.weights.h5" ? "'lstm', 'lstm_1'" : "'encoder', 'decoder'", ex.Message);
    }

    // ---- Rejections ----

    [Fact]
    public void NonFiniteWeightsAreRejectedUnlessAllowed()
    {
        string path = Fixture.Path("keras3", "bad_nan.weights.h5");
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path, "lstm"));
        log.WriteLine(ex.Message);
        Assert.Equal("/layers/lstm/cell/vars/0", ex.Tensor);
        Assert.Equal(path, ex.FileName);
        Assert.Contains("NaN", ex.Message);
        Assert.Contains("AllowNonFinite", ex.Message);

        using (var file = KerasWeightsFile.Open(path))
            Assert.Throws<LstmFormatException>(() => file.ReadLayer("lstm"));

        var w = LstmWeights.LoadKeras(path, "lstm", new LstmLoadOptions { AllowNonFinite = true });
        Assert.Contains(w.WeightIh.ToArray(), float.IsNaN);
    }

    [Theory]
    [InlineData("bad_shape.weights.h5", "lstm", "/layers/lstm/cell/vars/1", "wrong shape", "[5, 16]")]
    [InlineData("bad_missing.weights.h5", "lstm", "/layers/lstm/cell/vars/1", "dataset not found", "members 0")]
    [InlineData("bad_dtype.weights.h5", "lstm", "/layers/lstm/cell/vars/0", "unsupported element type", "FixedPoint")]
    [InlineData("bad_units.keras", "encoder", "/layers/lstm/cell/vars/1", "units = 6", "5 units")]
    [InlineData("bad_weight_names.h5", "encoder", "/encoder/encoder/lstm_cell/recurrent_kernel:0", "not found", null)]
    public void MalformedLayersAreRejectedNamingTheDataset(string fileName, string layer, string dataset, string problem, string? actual)
    {
        string path = Fixture.Path("keras3", fileName);
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path, layer));
        log.WriteLine($"{fileName}: {ex.Message}");
        Assert.Equal(path, ex.FileName);
        Assert.Equal(dataset, ex.Tensor);
        Assert.Contains(problem, ex.Message);
        if (actual is not null)
            Assert.Contains(actual, ex.Actual);
    }

    /// <summary>
    /// Datasets that declare 10^12 or 1.6·10^9 elements in a 7 KiB file (HDF5 allocates storage lazily) are refused
    /// from their dataspace, before anything like that is allocated.
    /// </summary>
    [Theory]
    [InlineData("bad_claims_1e12.weights.h5", "larger than the file can hold")]
    [InlineData("bad_unwritten.weights.h5", "larger than the file can hold")]
    public void DatasetsClaimingMoreThanTheFileHoldsAreRefusedWithoutAllocating(string fileName, string problem)
    {
        string path = Fixture.Path("keras3", fileName);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path, "lstm"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        log.WriteLine($"{fileName}: {ex.Message} ({allocated} bytes allocated)");
        Assert.Equal(path, ex.FileName);
        Assert.StartsWith("/layers/lstm/cell/vars/", ex.Tensor);
        Assert.Contains(problem, ex.Message);
        Assert.InRange(allocated, 0, 16L << 20);
    }

    [Fact]
    public void BadUnitsNamesDeclaredAndActualCounts()
    {
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(Fixture.Path("keras3", "bad_units.keras"), "encoder"));
        Assert.Contains("6 units", ex.Expected);
        Assert.Contains("5 units", ex.Actual);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(2048)]
    [InlineData(40000)]
    [InlineData(-2000)] // length - 2000
    [InlineData(-8)]
    public void TruncatedHdf5IsAFormatError(int cut)
    {
        byte[] bytes = File.ReadAllBytes(Keras2c);
        int length = cut >= 0 ? cut : bytes.Length + cut;
        using var temp = new TempFile(".h5", bytes.AsSpan(0, length).ToArray());
        string path = temp.Path;
        var ex = Assert.Throws<LstmFormatException>(() =>
        {
            using var file = KerasWeightsFile.Open(path);
            foreach (var layer in file.Layers) file.ReadLayer(layer.Name);
            file.ReadLstm();
        });
        log.WriteLine($"{length} of {bytes.Length} bytes: {ex.Message}");
        Assert.Equal(path, ex.FileName);
    }

    [Fact]
    public void NotHdf5NorZipIsAFormatError()
    {
        using var temp = new TempFile(".h5", "{\"this\": \"is JSON\"}"u8.ToArray());
        string path = temp.Path;
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path));
        log.WriteLine(ex.Message);
        Assert.Contains("neither an HDF5 file nor a .keras", ex.Message);
        Assert.Equal("7B2274686973223A", ex.Actual);
    }

    [Fact]
    public void Hdf5WithoutKerasLayoutIsAFormatError()
    {
        // A valid HDF5 file (h5py) with a dataset at the root and neither layer_names nor a layers group.
        string path = Fixture.Path("keras3", "bad_not_keras.h5");
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path));
        log.WriteLine(ex.Message);
        Assert.Contains("not a Keras weights file", ex.Message);
        Assert.Contains("data", ex.Actual);
    }

    [Fact]
    public void KerasArchiveProblemsAreFormatErrors()
    {
        byte[] good = File.ReadAllBytes(Fixture.Path("keras3", "model.keras"));
        var cases = new (string What, byte[] Bytes, string Expect)[]
        {
            ("truncated archive", good.AsSpan(0, good.Length / 2).ToArray(), "zip"),
            ("no weights entry", Zip(("config.json", "{}"u8.ToArray())), "model.weights.h5"),
            ("npz weights", Zip(("config.json", "{}"u8.ToArray()), ("model.weights.npz", new byte[4])), "npz"),
            ("no config", Zip(("model.weights.h5", new byte[4])), "config.json"),
            ("config not JSON", Zip(("config.json", "{\"config\": "u8.ToArray()), ("model.weights.h5", new byte[4])), "not valid JSON"),
            ("weights entry not HDF5", Zip(("config.json", "{\"config\": {\"layers\": []}}"u8.ToArray()), ("model.weights.h5", "not hdf5"u8.ToArray())), "model.weights.h5"),
        };
        foreach (var (what, bytes, expect) in cases)
        {
            using var temp = new TempFile(".keras", bytes);
            string path = temp.Path;
            var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path));
            log.WriteLine($"{what}: {ex.Message}");
            Assert.Contains(expect, ex.Message);
        }
    }

    [Fact]
    public void EmptyFileIsAFormatError()
    {
        using var temp = new TempFile(".h5", Array.Empty<byte>());
        string path = temp.Path;
        var ex = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadKeras(path));
        Assert.Contains("empty", ex.Message);
    }

    [Fact]
    public void AFailedLoadLeavesTheKernelUnchanged()
    {
        using var expected = Fixture.Json("keras3", "expected.json");
        float[] x = Floats(expected, "x");
        var enc = new KfEncoder3x5x6Seq();
        enc.LoadWeights(LstmWeights.LoadKeras(Fixture.Path("keras3", "model.keras"), "encoder"));
        var before = new float[30];
        enc.Forward(x, before);
        foreach (string bad in new[] { "bad_nan.weights.h5", "bad_shape.weights.h5", "bad_missing.weights.h5", "bad_dtype.weights.h5" })
            Assert.Throws<LstmFormatException>(() => enc.LoadWeights(LstmWeights.LoadKeras(Fixture.Path("keras3", bad), "lstm")));
        Assert.Throws<LstmFormatException>(() => enc.LoadWeights(LstmWeights.LoadKeras(Fixture.Path("keras3", "bad_units.keras"), "encoder")));
        var after = new float[30];
        enc.Forward(x, after);
        Assert.Equal(before, after);
        AssertClose.Within(Doubles(expected, "encoder_sequence"), after, "after the failed loads");
    }

    [Fact]
    public void StreamsOpenToo()
    {
        byte[] bytes = File.ReadAllBytes(Fixture.Path("keras3", "model.keras"));
        using var nonSeekable = new NonSeekableStream(bytes);
        using var file = KerasWeightsFile.Open(nonSeekable, "model.keras (stream)");
        Assert.Equal(KerasFormat.Keras3Archive, file.Format);
        var fromStream = file.ReadLstm("decoder");
        var fromPath = LstmWeights.LoadKeras(Fixture.Path("keras3", "model.keras"), "decoder");
        Assert.Equal(fromPath.WeightHh.ToArray(), fromStream.WeightHh.ToArray());
    }

    // ---- helpers ----

    private static float[] Floats(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty(name).EnumerateArray().Select(e => (float)e.GetDouble()).ToArray();

    private static double[] Doubles(JsonDocument doc, string name) =>
        doc.RootElement.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, bytes) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(bytes);
            }
        return buffer.ToArray();
    }
}

using System.IO;
using System.IO.Compression;
using System.Text;

namespace LstmGen.Tests;

/// <summary>
/// Each finding of the loaders' fuzzing (docs/fuzzing.md), as the input that showed it: fails on the loader as it
/// was, passes on the fix.
/// </summary>
public sealed class FuzzRegressionTests(ITestOutputHelper log)
{
    /// <summary>
    /// A Keras 2 model.save file read whole: every weight used to be looked up from the root (twice, an existence
    /// check and the lookup), ~45 KB of PureHDF allocations per weight, 23 × the file's size for this model.
    /// </summary>
    [Fact]
    public void Keras2ModelReadStaysWithinTheAllocationBound()
    {
        byte[] bytes = Fixture.Bytes("keras-bidir", "bidir_model.h5");
        using var file = KerasWeightsFile.Open(new MemoryStream(bytes), "bidir_model.h5");
        file.ReadModel(); // compiled and cached: the measured read below is the steady state
        long before = GC.GetAllocatedBytesForCurrentThread();
        var model = file.ReadModel();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = FuzzTargets.AllocationBound(bytes.Length, model.Layers.Sum(l => l.ParameterCount));
        Assert.True(allocated <= bound, $"ReadModel allocated {allocated:N0} bytes; the bound is {bound:N0}");
    }

    /// <summary>
    /// A 583-byte .npy (version 3) whose header length field claims 262,260 bytes: the header buffer used to be
    /// allocated at the claimed size before the bytes were there, 450 × the file.
    /// </summary>
    [Fact]
    public void NpyHeaderLengthClaimIsNotAllocatedUpFront()
    {
        byte[] bytes = Fixture.Bytes("fuzz-corpus", "numpy", "finding-header-length-claim.npy");
        var e = Assert.Throws<LstmFormatException>(() => NpyArray.Read(new MemoryStream(bytes), "claim.npy"));
        Assert.Equal("truncated .npy header", e.Problem);
        Assert.Equal("262260 header bytes", e.Expected);
        FuzzTargets.Run("numpy", bytes); // and within the allocation bound, in steady state
    }

    /// <summary>
    /// A harness finding, not a loader's: a .npz whose entry names the harness cannot list (its central directory is
    /// damaged) left it no module names, and it passed the empty list to ModelWeights.LoadNpz, which rejects that
    /// argument with ArgumentException before it opens the file. The harness now skips the model step there.
    /// </summary>
    [Fact]
    public void HarnessPassesNoEmptyModuleList()
    {
        byte[] bytes = Fixture.Bytes("fuzz-corpus", "numpy", "finding-unreadable-entry-names.npz");
        FuzzTargets.Run("numpy", bytes);
    }

    /// <summary>
    /// A weight listed twice in a layer's weight_names would be looked up and read once per listing: a few bytes of
    /// attribute per extra read of the whole dataset. Refused before anything is read.
    /// </summary>
    [Fact]
    public void RepeatedWeightNameIsRefused()
    {
        byte[] bytes = Fixture.Bytes("keras2c", "model.h5");
        // weight_names is a fixed-length string array: rename the recurrent kernel to the kernel, padded with NULs.
        Replace(bytes, "lstm_1/recurrent_kernel:0", "lstm_1/kernel:0");
        var e = Assert.Throws<LstmFormatException>(() => KerasWeightsFile.Open(new MemoryStream(bytes), "model.h5"));
        Assert.Contains("listed more than once", e.Message);
        Assert.Contains("'lstm_1/kernel:0' 2 times", e.Message);
        Assert.Equal("/model_weights/lstm_1 attribute 'weight_names'", e.Tensor);
    }

    /// <summary>
    /// RTNeural JSON with a byte that is not UTF-8 inside a string (a key, here): JsonDocument parses it and throws
    /// InvalidOperationException only when the string is read, which escaped the loader.
    /// </summary>
    [Fact]
    public void RtNeuralJsonThatIsNotUtf8IsAFormatError()
    {
        byte[] bytes = Fixture.Bytes("fuzz-corpus", "rtneural", "finding-invalid-utf8-string.json");
        var e = Assert.Throws<LstmFormatException>(() => LstmWeights.LoadRtNeural(new MemoryStream(bytes)));
        Assert.Equal("not valid UTF-8 (JSON text is UTF-8)", e.Problem);
        FuzzTargets.Run("rtneural", bytes);
    }

    /// <summary>The same in a .keras archive's config.json (a layer's class name with a stray 0xFF byte).</summary>
    [Fact]
    public void KerasConfigThatIsNotUtf8IsAFormatError()
    {
        byte[] config = [.. "{\"config\": {\"layers\": [{\"class_name\": \"LSTM"u8, 0xFF, .. "\", \"config\": {\"name\": \"lstm\"}}]}}"u8];
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var s = zip.CreateEntry("config.json").Open())
                s.Write(config);
            using (var s = zip.CreateEntry("model.weights.h5").Open())
                s.Write(Fixture.Bytes("keras3", "model.weights.h5"));
        }
        buffer.Position = 0;
        var e = Assert.Throws<LstmFormatException>(() => KerasWeightsFile.Open(buffer, "bad.keras"));
        Assert.Equal("not valid UTF-8 (JSON text is UTF-8)", e.Problem);
        Assert.Equal("config.json", e.Tensor);
    }

    /// <summary>
    /// Keras .h5 files in which AFL changed a size field: a local heap's data size, a fill value's size, an attribute's
    /// and a global heap object's. The HDF5 library used before allocated each claimed size before reading it (up to
    /// 2,147,509,160 bytes from a 19 KB file). Every size and address is now checked against the file's length first;
    /// each file is refused at the first structure that does not hold up (the fill value input earlier than its fill
    /// value: at an object header whose version byte AFL's changes left at 0).
    /// </summary>
    [Theory]
    [InlineData("finding-open-1.6gb-attribute.h5", "attribute data shorter than its dataspace")]
    [InlineData("finding-open-2gb-global-heap-object.h5", "object size in global heap collection is larger than the file can hold")]
    [InlineData("finding-readlayer-1gb-local-heap.h5", "data segment size in local heap is larger than the file can hold")]
    [InlineData("finding-readlayer-386mb-fill-value.h5", "unsupported object header version")]
    public void Hdf5SizeClaimsAreCheckedAgainstTheFileBeforeAllocating(string name, string problem)
    {
        byte[] bytes = Fixture.Bytes("fuzz-corpus", "keras-h5", name);
        FuzzTargets.Run("keras-h5", bytes); // every entry point, within the time and allocation bounds
        var e = Assert.Throws<LstmFormatException>(() =>
        {
            using var file = KerasWeightsFile.Open(new MemoryStream(bytes), name);
            foreach (var layer in file.Layers)
                file.ReadLayer(layer.Name);
        });
        log.WriteLine($"{name}: {e.Message}");
        Assert.Equal(name, e.FileName);
        Assert.Contains(problem, e.Problem);
    }

    private static void Replace(byte[] bytes, string from, string to)
    {
        byte[] pattern = Encoding.ASCII.GetBytes(from);
        int at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(pattern) < 0, $"'{from}' occurs exactly once");
        byte[] replacement = new byte[pattern.Length];
        Encoding.ASCII.GetBytes(to).CopyTo(replacement, 0);
        replacement.CopyTo(bytes, at);
    }
}

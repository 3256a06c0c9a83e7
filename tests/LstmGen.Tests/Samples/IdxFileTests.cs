using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using LstmGen.Samples;

namespace LstmGen.Tests;

/// <summary>The samples' IDX reader (<see cref="IdxFile"/>) and Fashion-MNIST loader, on the committed slice and on hand-made bad files.</summary>
public sealed class IdxFileTests(ITestOutputHelper log)
{
    // An IDX file: the magic number, each dimension big-endian, then dataLength bytes counting 0, 1, 2, ...
    private static byte[] Idx(uint magic, int[] dimensions, int dataLength)
    {
        var bytes = new byte[4 + 4 * dimensions.Length + dataLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, magic);
        for (int d = 0; d < dimensions.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dimensions[d]);
        for (int k = 0; k < dataLength; k++)
            bytes[4 + 4 * dimensions.Length + k] = (byte)k;
        return bytes;
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(bytes);
        return output.ToArray();
    }

    private InvalidDataException Rejected(byte[] bytes, int dimensions)
    {
        var e = Assert.Throws<InvalidDataException>(() => IdxFile.Read(new MemoryStream(bytes), "bad.idx", dimensions));
        log.WriteLine(e.Message);
        Assert.Contains("bad.idx", e.Message);
        return e;
    }

    [Fact]
    public void ReadsTheCommittedSlice()
    {
        var images = IdxFile.Read(Path.Combine(FashionMnist.SliceDirectory, "t10k-images-idx3-ubyte.gz"), dimensions: 3);
        var labels = IdxFile.Read(Path.Combine(FashionMnist.SliceDirectory, "t10k-labels-idx1-ubyte.gz"), dimensions: 1);
        Assert.Equal(1000, images.Count);
        Assert.Equal([28, 28], images.RecordShape);
        Assert.Equal(784, images.RecordLength);
        Assert.Equal(1000 * 784, images.Values.Length);
        Assert.Equal(1000, labels.Count);
        Assert.Empty(labels.RecordShape);
        // The data set's first test images are an ankle boot, a pullover and a trouser (labels as Python's gzip module reads them).
        Assert.Equal([9, 2, 1], labels.Values[..3]);
        Assert.All(labels.Values, label => Assert.InRange(label, 0, 9));
    }

    [Fact]
    public void ReadsGzippedAndPlainFilesAlike()
    {
        var plain = Idx(0x00000803, [3, 2, 5], 30);
        var fromPlain = IdxFile.Read(new MemoryStream(plain), "plain.idx", dimensions: 3);
        var fromGzip = IdxFile.Read(new MemoryStream(Gzip(plain)), "plain.idx.gz", dimensions: 3);
        Assert.Equal(3, fromPlain.Count);
        Assert.Equal([2, 5], fromPlain.RecordShape);
        Assert.Equal(plain[16..], fromPlain.Values);
        Assert.Equal(fromPlain.Values, fromGzip.Values);
        Assert.Equal(fromPlain.RecordShape, fromGzip.RecordShape);
    }

    [Fact]
    public void LoadsPixelsScaledToOneAndLabels()
    {
        var raw = IdxFile.Read(Path.Combine(FashionMnist.SliceDirectory, "t10k-images-idx3-ubyte.gz"), dimensions: 3);
        var data = FashionMnist.Load(FashionMnist.SliceDirectory, FashionMnistSplit.Test, limit: 10);
        Assert.Equal(10, data.Count);
        Assert.Equal(10 * 784, data.Pixels.Length);
        for (int k = 0; k < data.Pixels.Length; k++)
            Assert.Equal(raw.Values[k] / 255.0, data.Pixels[k], 1e-7);
        Assert.Equal(1f, data.Pixels.Max());
        Assert.Equal(raw.Values[784..1568].Select(v => v / 255f), data.Image(1).ToArray());
    }

    [Fact]
    public void RefusesABadMagicNumber()
    {
        // A label file (1 dimension) where images (3) are expected, and a file that is not IDX at all.
        var e = Rejected(Idx(0x00000801, [4], 4), dimensions: 3);
        Assert.Contains("0x00000801", e.Message);
        Assert.Contains("0x00000803", e.Message);
        e = Rejected(Idx(0x00000D03, [1, 2, 2], 16), dimensions: 3);  // float32 values, not unsigned bytes
        Assert.Contains("0x00000D03", e.Message);
        e = Rejected("%PDF-1.4 not an IDX file"u8.ToArray(), dimensions: 1);
        Assert.Contains("bad magic number", e.Message);
    }

    [Fact]
    public void RefusesATruncatedFile()
    {
        var e = Rejected(Idx(0x00000803, [3, 2, 2], 10), dimensions: 3);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("12 bytes", e.Message);
        Assert.Contains("10 bytes", e.Message);

        e = Rejected(Idx(0x00000803, [3, 2, 2], 12)[..10], dimensions: 3);  // inside the header
        Assert.Contains("16-byte header", e.Message);
        Assert.Contains("10 bytes", e.Message);

        Rejected([0, 0], dimensions: 1);

        // A claim too large for any file: saturates rather than overflows, and is reported as truncated.
        e = Rejected(Idx(0x00000803, [int.MaxValue, int.MaxValue, int.MaxValue], 5), dimensions: 3);
        Assert.Contains("truncated", e.Message);

        // A gzip stream cut short decompresses to fewer bytes than the header declares.
        var gzip = Gzip(Idx(0x00000803, [40, 28, 28], 40 * 784));
        e = Rejected(gzip[..(gzip.Length / 2)], dimensions: 3);
        Assert.Contains("truncated", e.Message);
        Assert.Contains("31360 bytes", e.Message);
    }

    [Fact]
    public void RefusesAWrongCount()
    {
        // The header says 2 records of 4 bytes; 3 follow.
        var e = Rejected(Idx(0x00000803, [2, 2, 2], 12), dimensions: 3);
        Assert.Contains("2 records", e.Message);
        Assert.Contains("12 bytes follow", e.Message);
    }

    [Fact]
    public void RefusesImagesAndLabelsOfDifferentCounts()
    {
        string folder = Directory.CreateTempSubdirectory("lstmgen-idx-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), Idx(0x00000803, [3, 28, 28], 3 * 784));
            File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"), Gzip(Idx(0x00000801, [2], 2)));
            var e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder, FashionMnistSplit.Test));
            log.WriteLine(e.Message);
            Assert.Contains("t10k-labels-idx1-ubyte.gz", e.Message);
            Assert.Contains("expected 3 labels", e.Message);
            Assert.Contains("got 2", e.Message);

            File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte"), Idx(0x00000803, [2, 28, 27], 2 * 28 * 27));
            e = Assert.Throws<InvalidDataException>(() => FashionMnist.Load(folder, FashionMnistSplit.Test));
            Assert.Contains("expected 28×28 images, got 28×27", e.Message);

            var missing = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(folder, FashionMnistSplit.Train));
            Assert.Contains(Path.Combine(folder, "train-images-idx3-ubyte"), missing.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

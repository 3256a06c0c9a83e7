using System;
using System.Collections.Generic;
using System.IO;

namespace LstmGen.Samples;

/// <summary>Which part of Fashion-MNIST: the 60,000 training images or the 10,000 test images.</summary>
public enum FashionMnistSplit { Train, Test }

/// <summary>
/// Fashion-MNIST (Zalando's 28×28 grey-scale clothing images, 10 classes) as an LSTM reads an image: 28 steps (rows) of
/// 28 features (pixels), each pixel scaled to [0, 1] (value / 255).
/// </summary>
public static class FashionMnist
{
    /// <summary>Rows of an image: the LSTM's steps.</summary>
    public const int Rows = 28;

    /// <summary>Pixels per row: the LSTM's input features per step.</summary>
    public const int Columns = 28;

    /// <summary>Classes, labelled 0 to 9.</summary>
    public const int Classes = 10;

    /// <summary>The Debian package that holds the data set, and where it installs it.</summary>
    public const string DebianPackage = "dataset-fashion-mnist", DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>
    /// The slice committed with the samples (the first 1,000 training and the first 1,000 test images, in the data set's
    /// own file names), copied next to the program that links this file.
    /// </summary>
    public static string SliceDirectory => Path.Combine(AppContext.BaseDirectory, "fashion-mnist-slice");

    /// <summary>The image and label files of a split in <paramref name="directory"/>, gzipped or not.</summary>
    /// <exception cref="FileNotFoundException">Either file is missing; the message names both names looked for.</exception>
    public static (string Images, string Labels) Files(string directory, FashionMnistSplit split)
    {
        string prefix = split == FashionMnistSplit.Train ? "train" : "t10k";
        return (Find(directory, $"{prefix}-images-idx3-ubyte"), Find(directory, $"{prefix}-labels-idx1-ubyte"));

        static string Find(string directory, string name)
        {
            foreach (var candidate in new[] { name + ".gz", name })
            {
                var path = Path.Combine(directory, candidate);
                if (File.Exists(path))
                    return path;
            }
            throw new FileNotFoundException($"{Path.Combine(directory, name)}(.gz) not found.", Path.Combine(directory, name + ".gz"));
        }
    }

    /// <summary>The class with the highest score (the first of equal ones).</summary>
    public static int Classify(ReadOnlySpan<float> scores)
    {
        int best = 0;
        for (int k = 1; k < scores.Length; k++)
            if (scores[k] > scores[best])
                best = k;
        return best;
    }

    /// <summary>Reads a split's images and labels from <paramref name="directory"/>, the first <paramref name="limit"/> if given.</summary>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not a valid IDX file, the images are not 28×28, a label is not 0 to 9, or the
    /// two files hold different counts; the message names the file, what was expected and what was found.</exception>
    public static LabeledImages Load(string directory, FashionMnistSplit split, int? limit = null)
    {
        var (imagePath, labelPath) = Files(directory, split);
        var images = IdxFile.Read(imagePath, dimensions: 3);
        var labels = IdxFile.Read(labelPath, dimensions: 1);
        if (images.RecordShape[0] != Rows || images.RecordShape[1] != Columns)
            throw new InvalidDataException($"{imagePath}: expected {Rows}×{Columns} images, got {images.RecordShape[0]}×{images.RecordShape[1]}.");
        if (labels.Count != images.Count)
            throw new InvalidDataException($"{labelPath}: expected {images.Count} labels, one per image of {imagePath}, got {labels.Count}.");

        int count = Math.Min(images.Count, limit ?? int.MaxValue);
        var pixels = new float[count * Rows * Columns];
        for (int k = 0; k < pixels.Length; k++)
            pixels[k] = images.Values[k] / 255f;
        var classes = new int[count];
        for (int k = 0; k < count; k++)
        {
            classes[k] = labels.Values[k];
            if (classes[k] >= Classes)
                throw new InvalidDataException($"{labelPath}: label {k} is {classes[k]}, expected 0 to {Classes - 1}.");
        }
        return new LabeledImages(pixels, classes);
    }
}

/// <summary>Images [Count, 28, 28] with pixels in [0, 1], and their labels.</summary>
/// <param name="Pixels">Every image's 28 rows of 28 pixels, one image after another.</param>
/// <param name="Labels">Each image's class, 0 to 9.</param>
public sealed record LabeledImages(float[] Pixels, int[] Labels)
{
    /// <summary>Images held.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>: [28, 28], row-major, one row per LSTM step.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * FashionMnist.Rows * FashionMnist.Columns, FashionMnist.Rows * FashionMnist.Columns);

    /// <summary>The share of images <paramref name="model"/> (10 outputs, one per class) gives its highest score to the right class.</summary>
    public double Accuracy(ILstmModel model)
    {
        Span<float> scores = stackalloc float[FashionMnist.Classes];
        int correct = 0;
        for (int k = 0; k < Count; k++)
        {
            model.Predict(Image(k), scores);
            correct += FashionMnist.Classify(scores) == Labels[k] ? 1 : 0;
        }
        return (double)correct / Count;
    }
}

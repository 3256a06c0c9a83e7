// LstmGen QuickStart. From the repository root:  dotnet run --project samples/QuickStart
// (Release by default, see Directory.Build.props, so the timing at the end is of optimised code).
// A Fashion-MNIST classifier trained with LstmGen's trainer (samples/FashionMnist), run by a generated model on the first
// 1,000 images of the data set's test split, which the repository ships in samples/Shared/fashion-mnist-slice.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LstmGen;
using LstmGen.Samples;

// An image read row by row: 28 steps of 28 pixels into an LSTM with 128 units, whose last h feeds a softmax over the
// 10 classes. The generator writes Predict, Step and LoadWeights for exactly these sizes.
[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 128)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionClassifier { }

public static class Program
{
    private const int I = FashionClassifier.Layer0Input, U = FashionClassifier.Layer0Units, T = FashionClassifier.Steps;
    private const int Classes = FashionClassifier.Output;

    public static void Main()
    {
        Console.WriteLine("FashionClassifier: [LstmModel(Input = 28, Steps = 28)] [Lstm(Units = 128)] [Dense(Units = 10, Activation = Softmax)]");
        Console.WriteLine($"  Input = {I}    features per time step (one image row of 28 pixels)");
        Console.WriteLine($"  Steps = {T}    time steps per sequence (the image's 28 rows)");
        Console.WriteLine($"  Units = {U}   size of the LSTM's hidden state h and cell state c (PyTorch hidden_size), not the step count");
        Console.WriteLine("Shapes (gates i, f, g, o stacked in the 4·Units rows, as PyTorch stores them):");
        Console.WriteLine($"  x [{T},{I}]  LSTM: W_ih [{4 * U},{I}]  W_hh [{4 * U},{U}]  b [{4 * U}]  -> h [{U}]   Dense: W [{Classes},{U}]  b [{Classes}]  -> softmax [{Classes}]");
        long lstmParameters = 4L * U * (I + U + 1), denseParameters = Classes * (U + 1L);
        Console.WriteLine($"Parameters: LSTM 4·U·(I+U+1) = 4·{U}·({I}+{U}+1) = {lstmParameters:N0}, Dense {Classes}·({U}+1) = {denseParameters:N0}, " +
            $"total {FashionClassifier.ParameterCount:N0}");
        Console.WriteLine($"  PyTorch reports {4L * U * (I + U + 2) + denseParameters:N0}: it keeps bias_ih and bias_hh apart; LstmGen stores their sum.");

        // The weights samples/FashionMnist trained, saved with PyTorch's names: lstm.weight_ih_l0 ... and fc.weight, fc.bias.
        string weightsPath = Path.Combine(AppContext.BaseDirectory, "fashion-lstm128.safetensors");
        var weights = ModelWeights.LoadSafetensors(weightsPath, "lstm", "fc");
        var model = new FashionClassifier();
        model.LoadWeights(weights);
        Console.WriteLine($"\nWeights: {Path.GetFileName(weightsPath)} ({weights}), trained by samples/FashionMnist.");

        var images = FashionMnist.Load(FashionMnist.SliceDirectory, FashionMnistSplit.Test);
        Console.WriteLine($"Images: the first {images.Count:N0} of Fashion-MNIST's test set (samples/Shared/fashion-mnist-slice), pixels / 255.\n");

        var predicted = new int[images.Count];
        var confidence = new float[images.Count];
        var probabilities = new float[Classes];
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < images.Count; k++)
        {
            model.Predict(images.Image(k), probabilities);
            predicted[k] = FashionMnist.Classify(probabilities);
            confidence[k] = probabilities[predicted[k]];
        }
        var elapsed = Stopwatch.GetElapsedTime(start);

        // The first images, and the first mistake among the rest, so both kinds are seen.
        int mistake = Enumerable.Range(4, images.Count - 4).FirstOrDefault(k => predicted[k] != images.Labels[k], -1);
        int[] shown = mistake >= 0 ? [0, 1, 2, 3, 4, mistake] : [0, 1, 2, 3, 4, 5];
        foreach (var row in shown.Chunk(3))
            PrintImages(images, row, predicted, confidence);

        int correct = Enumerable.Range(0, images.Count).Count(k => predicted[k] == images.Labels[k]);
        Console.WriteLine($"Accuracy on these {images.Count:N0} images: {correct:N0} correct, {100.0 * correct / images.Count:0.0}% " +
            $"(classified in {elapsed.TotalMilliseconds:0} ms, one thread)");
        Console.WriteLine("  (the accuracy on all 10,000 test images, and how the weights were trained: samples/FashionMnist/README.md)\n");

        CompareWithLstmKernel(model, weights, images.Image(0).ToArray());
    }

    // The same classifier from the run-time-sized LstmKernel and a Dense layer written out plainly: the same probabilities,
    // and how long each takes per image.
    private static void CompareWithLstmKernel(FashionClassifier model, ModelWeights weights, float[] image)
    {
        var kernel = new LstmKernel((LstmWeights)weights.Layers[0]);
        var dense = (DenseWeights)weights.Layers[1];
        var h = new float[U];
        var generated = new float[Classes];
        var plain = new float[Classes];
        void Generic()
        {
            kernel.Forward(image, h);
            DenseSoftmax(dense, h, plain);
        }

        model.Predict(image, generated);
        Generic();
        double diff = generated.Zip(plain, (a, b) => (double)Math.Abs(a - b)).Max();
        Console.WriteLine($"Generated Predict vs LstmKernel + Dense: max |difference| of the probabilities = {diff:0.0E+0} " +
            $"({(diff <= 1e-5 ? "agree" : "DISAGREE")} within 1e-5)");

        Console.WriteLine("Latency per image: a quick Stopwatch figure (fastest of 5 rounds after warm-up), not a benchmark;");
        Console.WriteLine("BenchmarkDotNet figures are in docs/performance.md.");
        var microseconds = Latency.Measure(rounds: 5, () => model.Predict(image, generated), Generic);
        Console.WriteLine($"  generated FashionClassifier.Predict     {microseconds[0],7:F1} µs");
        Console.WriteLine($"  LstmKernel.Forward + Dense + softmax   {microseconds[1],7:F1} µs");
    }

    private static void DenseSoftmax(DenseWeights dense, ReadOnlySpan<float> h, Span<float> probabilities)
    {
        var w = dense.Weight;
        float max = float.NegativeInfinity, sum = 0;
        for (int j = 0; j < dense.Units; j++)
        {
            float z = dense.Bias[j];
            for (int k = 0; k < dense.Input; k++)
                z += w[j * dense.Input + k] * h[k];
            probabilities[j] = z;
            max = Math.Max(max, z);
        }
        for (int j = 0; j < dense.Units; j++)
            sum += probabilities[j] = MathF.Exp(probabilities[j] - max);
        for (int j = 0; j < dense.Units; j++)
            probabilities[j] /= sum;
    }

    // Images side by side, two pixel rows per text line (a character is about twice as tall as it is wide).
    private static void PrintImages(LabeledImages images, int[] indices, int[] predicted, float[] confidence)
    {
        const string Shades = " .:-=+*#%@";
        const int Width = FashionMnist.Columns + 4;
        for (int row = 0; row < FashionMnist.Rows; row += 2)
        {
            var line = new System.Text.StringBuilder();
            foreach (int k in indices)
            {
                var image = images.Image(k);
                for (int column = 0; column < FashionMnist.Columns; column++)
                {
                    float v = (image[row * FashionMnist.Columns + column] + image[(row + 1) * FashionMnist.Columns + column]) / 2;
                    line.Append(Shades[Math.Min(Shades.Length - 1, (int)(v * Shades.Length))]);
                }
                line.Append(' ', Width - FashionMnist.Columns);
            }
            Console.WriteLine(line.ToString().TrimEnd());
        }
        Console.WriteLine(string.Concat(indices.Select(k => $"#{k} true: {FashionMnist.ClassNames[images.Labels[k]]}".PadRight(Width))).TrimEnd());
        Console.WriteLine(string.Concat(indices.Select(k =>
            $"{(predicted[k] == images.Labels[k] ? "ok " : "NO ")}{FashionMnist.ClassNames[predicted[k]]} {100 * confidence[k]:0}%".PadRight(Width))).TrimEnd());
        Console.WriteLine();
    }
}

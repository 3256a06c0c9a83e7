// LstmGen QuickStart. From the repository root:  dotnet run --project samples/QuickStart
// (Release by default, see Directory.Build.props, so the timing at the end is of optimised code).
using System;
using System.Diagnostics;
using LstmGen;

// One LSTM layer over a 28×28 image read row by row (as in Fashion-MNIST demos): 28 steps of 28
// pixels each, 128 hidden units. The generator writes Forward/Step/LoadWeights for exactly these sizes.
[LstmLayer(Input = 28, Units = 128, Steps = 28)]
public partial class FashionLstm { }

public static class Program
{
    public static void Main()
    {
        const int I = FashionLstm.Input, U = FashionLstm.Units, T = FashionLstm.Steps;
        Console.WriteLine("FashionLstm: [LstmLayer(Input = 28, Units = 128, Steps = 28)]");
        Console.WriteLine($"  Input = {I}    features per time step (one image row)");
        Console.WriteLine($"  Units = {U}   size of the hidden state h and cell state c (PyTorch hidden_size), not the step count");
        Console.WriteLine($"  Steps = {T}    time steps per sequence (the image's rows)");
        Console.WriteLine("Shapes (gates i, f, g, o stacked in the 4·Units rows, as PyTorch stores them):");
        Console.WriteLine($"  x [{T},{I}]  W_ih [{4 * U},{I}]  W_hh [{4 * U},{U}]  b [{4 * U}]  h [{U}]");
        Console.WriteLine($"Parameters: 4·U·(I+U+1) = 4·{U}·({I}+{U}+1) = {FashionLstm.ParameterCount:N0}");
        Console.WriteLine($"  PyTorch reports {4 * U * (I + U + 2):N0}: it keeps bias_ih and bias_hh apart; LstmGen stores their sum.");

        // Deterministic stand-ins for trained PyTorch tensors (weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0).
        var rng = new Random(42);
        float scale = 1 / MathF.Sqrt(U); // PyTorch's default initialisation range, ±1/√U
        float[] Tensor(int n) { var a = new float[n]; for (int k = 0; k < n; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * scale; return a; }
        var weights = LstmWeights.FromPyTorch(I, U, Tensor(4 * U * I), Tensor(4 * U * U), Tensor(4 * U), Tensor(4 * U));
        Console.WriteLine("Weights: deterministic random (seed 42, ±1/√U), loaded with LstmWeights.FromPyTorch.");

        var lstm = new FashionLstm();
        lstm.LoadWeights(weights);

        // A deterministic "image": a smooth blob with pixels in [0, 1], row-major [row = step, column = feature].
        var image = new float[T * I];
        for (int r = 0; r < T; r++)
            for (int c = 0; c < I; c++)
                image[r * I + c] = MathF.Exp(-((r - 13.5f) * (r - 13.5f) + (c - 11f) * (c - 11f)) / 60f);

        var h = new float[U];
        lstm.Forward(image, h);
        Console.WriteLine($"\nForward(image) -> h[{U}], first values: {Head(h)}");

        // Streaming: feed the same image one row per Step; h and c carry over between calls.
        Console.WriteLine("Streaming: the same image, one row per Step (h and c carry over):");
        var hStream = new float[U];
        for (int t = 0; t < T; t++)
        {
            lstm.Step(image.AsSpan(t * I, I), hStream);
            if (t < 3) Console.WriteLine($"  Step {t + 1,2}: h starts {Head(hStream)}");
        }
        Console.WriteLine($"  after {T} Steps: max |h(Step) − h(Forward)| = {MaxDiff(hStream, h):0.0E+0}");
        lstm.ResetState();

        // The same weights in the run-time-sized LstmKernel must give the same answer.
        var kernel = new LstmKernel(weights);
        var hKernel = new float[U];
        kernel.Forward(image, hKernel);
        double diff = MaxDiff(h, hKernel);
        Console.WriteLine($"Generated vs LstmKernel: max |diff| = {diff:0.0E+0} ({(diff <= 1e-5 ? "agree" : "DISAGREE")} within 1e-5)");

        Console.WriteLine("\nRough latency of one Forward: a single Stopwatch run (best of 5 rounds of 1,000 calls");
        Console.WriteLine("after warm-up), not a benchmark; see docs/performance.md for BenchmarkDotNet figures.");
        var (generatedUs, kernelUs) = Time(() => lstm.Forward(image, h), () => kernel.Forward(image, hKernel));
        Console.WriteLine($"  generated FashionLstm  {generatedUs,7:F1} µs");
        Console.WriteLine($"  LstmKernel             {kernelUs,7:F1} µs");
    }

    private static string Head(float[] v) => string.Join("  ", Array.ConvertAll(v[..5], x => x.ToString("+0.0000;-0.0000")));

    private static double MaxDiff(float[] a, float[] b)
    {
        double worst = 0;
        for (int k = 0; k < a.Length; k++) worst = Math.Max(worst, Math.Abs(a[k] - b[k]));
        return worst;
    }

    // Microseconds per call of each. Warm both up for half a second first: tiered JIT swaps in the
    // optimised code only after a method has been busy for a while. Then alternate rounds, so a burst
    // of other work on the machine hits both alike, and keep each one's fastest round.
    private static (double A, double B) Time(Action a, Action b)
    {
        const int Calls = 1000;
        for (long warm = Stopwatch.GetTimestamp(); Stopwatch.GetElapsedTime(warm).TotalSeconds < 0.5;) { a(); b(); }
        double bestA = double.MaxValue, bestB = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            bestA = Math.Min(bestA, Round(a));
            bestB = Math.Min(bestB, Round(b));
        }
        return (bestA, bestB);

        static double Round(Action call)
        {
            long start = Stopwatch.GetTimestamp();
            for (int k = 0; k < Calls; k++) call();
            return Stopwatch.GetElapsedTime(start).TotalMicroseconds / Calls;
        }
    }
}

// EdgeStream: a vibration sensor classified sample by sample with a generated LSTM model's Step.
//
//   EdgeStream [run] [--windows N] [--start T] [--csv]
//       Streams N windows (default 300) of the synthetic 3-axis signal through the classifier, one Step per sample:
//       after the 64th sample of a window the model's output says the machine's state. Prints the first windows,
//       the accuracy and Stopwatch timings (README.md says what each one is). --start T: the launcher's wall clock
//       just before it started this process (bash's $EPOCHREALTIME), for the start-to-first-result time.
//       --csv: one line of numbers instead (measure.sh collects them). Exits 1 if the accuracy is under 90% or
//       Step and Predict disagree.
//   EdgeStream train [--out FILE]
//       Trains the classifier on 3,000 windows of the signal (600 more for validation) with LstmGen.Training and
//       saves it (default vibration-lstm32.safetensors, the file this sample ships).
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using EdgeStream;
using LstmGen;
using LstmGen.Training;

return args.FirstOrDefault() == "train" ? Commands.Train(args[1..]) : Commands.Run(args.FirstOrDefault() == "run" ? args[1..] : args);

/// <summary>3-axis vibration, 64 samples (64 ms at 1 kHz) per decision, one Step per sample.</summary>
[LstmModel(Input = VibrationSignal.Axes, Steps = 64, Streaming = true)]
[Lstm(Units = 32)]
[Dense(Units = 3, Activation = Activation.Softmax)]
public partial class VibrationClassifier { }

internal static class Commands
{
    private const string WeightsFile = "vibration-lstm32.safetensors";
    private static readonly string[] Modules = ["lstm", "fc"];
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(string[] args)
    {
        long mainUs = UnixMicroseconds();
        int windows = 300;
        double? startUs = null;
        bool csv = false;
        for (int i = 0; i < args.Length; i++)
            switch (args[i])
            {
                case "--windows" when i + 1 < args.Length: windows = int.Parse(args[++i], Inv); break;
                case "--start" when i + 1 < args.Length: startUs = double.Parse(args[++i], Inv) * 1e6; break;
                case "--csv": csv = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'; expected --windows N, --start T or --csv.", nameof(args));
            }
        if (windows < 2)
            throw new ArgumentOutOfRangeException(nameof(args), windows, "--windows must be at least 2.");
        long jitAtMain = System.Runtime.JitInfo.GetCompiledMethodCount();

        var model = new VibrationClassifier();
        model.LoadWeights(ModelWeights.LoadSafetensors(Path.Combine(AppContext.BaseDirectory, WeightsFile), Modules));
        var signal = new VibrationSignal(seed: 2026);
        var window = new float[VibrationClassifier.Steps * VibrationClassifier.Input];
        var output = new float[VibrationClassifier.Output];
        var windowTicks = new long[windows];
        int correct = 0;
        double firstStepUs = 0, firstResultUs = 0;
        long jitBeforeFirst = 0, jitAfterFirst = 0;
        for (int w = 0; w < windows; w++)
        {
            var truth = signal.NextState();
            signal.Fill(truth, window); // the sensor's next 64 samples; in a device they would arrive one by one
            model.ResetState();
            long start = Stopwatch.GetTimestamp();
            for (int t = 0; t < VibrationClassifier.Steps; t++)
            {
                if (w == 0 && t == 0)
                {
                    jitBeforeFirst = System.Runtime.JitInfo.GetCompiledMethodCount();
                    model.Step(window.AsSpan(0, VibrationClassifier.Input), output);
                    firstStepUs = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
                    jitAfterFirst = System.Runtime.JitInfo.GetCompiledMethodCount();
                    continue;
                }
                model.Step(window.AsSpan(t * VibrationClassifier.Input, VibrationClassifier.Input), output);
            }
            windowTicks[w] = Stopwatch.GetTimestamp() - start;
            var predicted = (MachineState)ArgMax(output);
            if (w == 0)
                firstResultUs = UnixMicroseconds();
            correct += predicted == truth ? 1 : 0;
            if (!csv && w < 6)
                Console.WriteLine($"window {w}: {predicted,-12} (p = {output[(int)predicted]:F3}), truth {truth}");
        }

        // Not timed: Step, 64 times from a reset state, must give what Predict gives for the whole window.
        var predictOutput = new float[VibrationClassifier.OutputLength];
        model.Predict(window, predictOutput);
        double stepVsPredict = output.Zip(predictOutput, (a, b) => Math.Abs(a - b)).Max();

        double accuracy = (double)correct / windows;
        // Per Step: each window's 64 Steps timed together, divided by 64; the first window (JIT, first touches) apart.
        var perStepNs = windowTicks.Skip(1).Select(t => t * 1e9 / Stopwatch.Frequency / VibrationClassifier.Steps).Order().ToArray();
        double median = perStepNs[perStepNs.Length / 2], p99 = perStepNs[(int)Math.Ceiling(perStepNs.Length * 0.99) - 1];
        double firstWindowUs = windowTicks[0] * 1e6 / Stopwatch.Frequency;
        long peakRssKiB = PeakRssKiB();
        string path = Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256"
            : Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar";
        double startToMainMs = startUs is { } s0 ? (mainUs - s0) / 1e3 : double.NaN;
        double startToFirstMs = startUs is { } s1 ? (firstResultUs - s1) / 1e3 : double.NaN;

        if (csv)
            Console.WriteLine(string.Join(",", new object[] { F(startToMainMs), F(startToFirstMs), F(firstStepUs), F(firstWindowUs), F(median), F(p99),
                peakRssKiB, jitAtMain, jitBeforeFirst, jitAfterFirst, path, F(accuracy), stepVsPredict.ToString("E1", Inv) }.Select(o => Convert.ToString(o, Inv))));
        else
        {
            Console.WriteLine($"{windows} windows of {VibrationClassifier.Steps} samples: {accuracy:P1} right; SIMD path {path}");
            Console.WriteLine($"Stopwatch, not a benchmark: first Step {firstStepUs:F1} µs, first window {firstWindowUs:F1} µs, " +
                              $"then per Step median {median:F0} ns, p99 {p99:F0} ns; peak RSS {peakRssKiB / 1024.0:F1} MiB");
            if (startUs is not null)
                Console.WriteLine($"process start → Main {startToMainMs:F1} ms, → first result {startToFirstMs:F1} ms");
            Console.WriteLine($"Step vs Predict on the last window: max |difference| {stepVsPredict:E1}");
        }
        if (accuracy < 0.9 || stepVsPredict > 1e-5)
        {
            Console.Error.WriteLine($"FAIL: accuracy {accuracy:P1} (at least 90% expected), Step vs Predict {stepVsPredict:E1} (at most 1e-5 expected).");
            return 1;
        }
        return 0;
    }

    public static int Train(string[] args)
    {
        string outPath = WeightsFile;
        for (int i = 0; i < args.Length; i++)
            outPath = args[i] == "--out" && i + 1 < args.Length ? args[++i]
                : throw new ArgumentException($"Unknown argument '{args[i]}'; expected --out FILE.", nameof(args));
        var signal = new VibrationSignal(seed: 1);
        Dataset Make(int count)
        {
            var inputs = new float[count * VibrationClassifier.Steps * VibrationClassifier.Input];
            var labels = new int[count];
            for (int k = 0; k < count; k++)
            {
                var state = signal.NextState();
                labels[k] = (int)state;
                signal.Fill(state, inputs.AsSpan(k * VibrationClassifier.Steps * VibrationClassifier.Input, VibrationClassifier.Steps * VibrationClassifier.Input));
            }
            return Dataset.FromLabels(inputs, labels, classes: 3);
        }
        var train = Make(3000);
        var validation = Make(600);
        var trainer = new Trainer(VibrationClassifier.Architecture, new TrainerOptions
        {
            Loss = Loss.CrossEntropy, Optimizer = new Adam(learningRate: 5e-3f), BatchSize = 32, Epochs = 12,
            ClipGradientNorm = 1f, Seed = 1,
        });
        var result = trainer.Fit(train, validation);
        foreach (var epoch in result.History)
            Console.WriteLine($"epoch {epoch.Epoch}: loss {epoch.Loss:F4}, validation loss {epoch.ValidationLoss:F4}, accuracy {epoch.ValidationAccuracy:P1}");
        result.BestWeights.SaveSafetensors(outPath, Modules);
        Console.WriteLine($"best epoch {result.BestEpoch}; saved {outPath}");
        return 0;
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int k = 1; k < values.Length; k++)
            if (values[k] > values[best]) best = k;
        return best;
    }

    /// <summary>The process's peak resident set size (VmHWM in /proc/self/status), or -1 where there is none.</summary>
    private static long PeakRssKiB()
    {
        const string Key = "VmHWM:";
        if (!File.Exists("/proc/self/status"))
            return -1;
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(Key, StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line[Key.Length..].Trim().Split(' ')[0], Inv);
    }

    private static long UnixMicroseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / 10;

    private static string F(double value) => value.ToString("F1", Inv);
}

using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Text;
using System.Threading;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LstmGen.Tool;

/// <summary>
/// <c>lstmgen bench &lt;file&gt;</c>: each LSTM layer of the file through the generic <see cref="LstmKernel"/> and through
/// a kernel generated for its sizes, and the whole model through its generated class, on random input.
/// </summary>
internal sealed class BenchCommand(IAnsiConsole console) : Command<BenchCommand.Settings>
{
    private const string Namespace = "LstmGen.Tool.Bench";

    internal sealed class Settings : ModelSettings
    {
        [CommandOption("-i|--iterations <N>")]
        [Description("Timed runs per kernel (after as many warm-up runs); the median is reported. Default: 200.")]
        public int Iterations { get; init; } = 200;

        [CommandOption("-s|--steps <N>")]
        [Description("Time steps per random input sequence. Default: 32.")]
        public int Steps { get; init; } = 32;

        public override ValidationResult Validate() =>
            Iterations < 1 ? ValidationResult.Error("--iterations must be 1 or more.")
            : Steps < 1 ? ValidationResult.Error("--steps must be 1 or more.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var model = settings.Load();
        int steps = settings.Steps;
        var lstmLayers = model.Layers.Select((l, k) => (Weights: l.Weights as LstmWeights, Index: k)).Where(l => l.Weights is not null).ToList();

        var source = new StringBuilder(ModelDeclaration.Source(model, "BenchModel", Namespace, steps));
        foreach (var (w, k) in lstmLayers)
            source.AppendLine($"[LstmLayer(Input = {w!.Input}, Units = {w.Units}, Steps = {steps})] public partial class BenchLayer{k} {{ }}");

        var stopwatch = Stopwatch.StartNew();
        using var compiled = InProcessCompiler.Compile(source.ToString());
        console.MarkupLineInterpolated($"{model.Path}: {model.FormatName}; kernels generated and compiled (Release) in {stopwatch.Elapsed.TotalSeconds:F1} s.");

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("layer").AddColumn("kernel")
            .AddColumn(new TableColumn("µs per sequence").RightAligned()).AddColumn(new TableColumn("µs per step").RightAligned())
            .AddColumn(new TableColumn("vs LstmKernel").RightAligned());
        var random = new Random(1);
        foreach (var (recorded, k) in lstmLayers)
        {
            // LstmKernel and [LstmLayer] compute tanh and σ and refuse weights that record other activations: these rows
            // time the tanh / σ kernels at the layer's sizes, so the record is dropped; the whole model runs the file's.
            var w = LayerWeights.WithActivations(recorded!, null, null);
            var x = RandomInput(random, steps * w.Input);
            var y = new float[w.Units];
            var generic = new LstmKernel(w);
            var generated = (ILstmLayer)compiled.Create($"{Namespace}.BenchLayer{k}");
            generated.LoadWeights(w);
            var medians = Medians(settings.Iterations, () => generic.Forward(x, y), () => generated.Forward(x, y));
            double baseline = medians[0], specialised = medians[1];
            string name = $"{k}: LSTM {w.Input} → {w.Units}";
            table.AddRow(name, "LstmKernel", Micro(baseline), Micro(baseline / steps), "1.00×");
            table.AddRow(name, $"generated [[LstmLayer]]", Micro(specialised), Micro(specialised / steps),
                (baseline / specialised).ToString("F2", CultureInfo.InvariantCulture) + "×");
        }
        var whole = (ILstmModel)compiled.Create($"{Namespace}.BenchModel");
        whole.LoadWeights(model.Weights);
        var input = RandomInput(random, steps * whole.Input);
        var output = new float[whole.OutputLength];
        double predict = Medians(settings.Iterations, () => whole.Predict(input, output))[0];
        table.AddRow("whole model", "generated [[LstmModel]] Predict", Micro(predict), Micro(predict / steps), "");
        console.Write(table);
        console.MarkupLineInterpolated(
            $"Median of {settings.Iterations} Stopwatch-timed runs each, kernels taking turns, after warm-up until steady; one sequence of {steps} steps, batch 1, from a zero state. SIMD on this machine: {Simd()}.");
        return 0;
    }

    private static float[] RandomInput(Random random, int length)
    {
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>
    /// The median time of one call of each of <paramref name="runs"/> in microseconds, over <paramref name="iterations"/>
    /// timed calls each. The runs take turns, call by call, so a change in the machine's load falls on all of them. Before
    /// that, rounds of the same are run until three in a row improve no median by more than 5% (at least half a second,
    /// at most 20 s): tiered JIT promotes hot code in the background, and after the compiler has run in this process
    /// that can take seconds.
    /// </summary>
    private static double[] Medians(int iterations, params Action[] runs)
    {
        var best = Enumerable.Repeat(double.MaxValue, runs.Length).ToArray();
        var warmUp = Stopwatch.StartNew();
        for (int steady = 0; (steady < 3 || warmUp.ElapsedMilliseconds < 500) && warmUp.ElapsedMilliseconds < 20_000;)
        {
            var round = Round(iterations, runs);
            bool improved = false;
            for (int r = 0; r < runs.Length; r++)
            {
                improved |= round[r] < 0.95 * best[r];
                best[r] = Math.Min(best[r], round[r]);
            }
            steady = improved ? 0 : steady + 1;
        }
        return Round(iterations, runs);
    }

    private static double[] Round(int iterations, Action[] runs)
    {
        var times = new double[runs.Length][];
        for (int r = 0; r < runs.Length; r++)
            times[r] = new double[iterations];
        for (int i = 0; i < iterations; i++)
            for (int r = 0; r < runs.Length; r++)
            {
                long start = Stopwatch.GetTimestamp();
                runs[r]();
                times[r][i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        return times.Select(Median).ToArray();
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        int n = values.Length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static string Micro(double us) => us.ToString(us < 10 ? "F3" : "F1", CultureInfo.InvariantCulture);

    private static string Simd() =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "scalar";
}

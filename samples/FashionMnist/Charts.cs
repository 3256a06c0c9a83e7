using System.Collections.Generic;
using System.Linq;
using LstmGen.Training;
using ScottPlot;

namespace FashionMnistSample;

/// <summary>The PNG charts (ScottPlot, drawn with SkiaSharp: no display needed).</summary>
internal static class Charts
{
    /// <summary>Loss and accuracy per epoch, training and validation, one panel each.</summary>
    public static void SaveCurves(string path, IReadOnlyList<EpochSummary> history, int keptEpoch, string title)
    {
        double[] epochs = history.Select(e => (double)e.Epoch).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);

        var loss = multiplot.GetPlot(0);
        Line(loss, epochs, history.Select(e => (double)e.Loss), "training");
        Line(loss, epochs, history.Select(e => (double?)e.ValidationLoss), "validation");
        loss.Title(title);
        loss.YLabel("cross-entropy loss");
        loss.XLabel("epoch");

        var accuracy = multiplot.GetPlot(1);
        Line(accuracy, epochs, history.Select(e => 100.0 * e.Accuracy), "training");
        Line(accuracy, epochs, history.Select(e => 100.0 * e.ValidationAccuracy), "validation");
        accuracy.YLabel("accuracy (%)");
        accuracy.XLabel("epoch");
        foreach (var plot in new[] { loss, accuracy })
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
            plot.Add.VerticalLine(keptEpoch, width: 1, pattern: LinePattern.Dotted).LegendText = "kept (best validation accuracy)";
            plot.ShowLegend(plot == loss ? Alignment.UpperRight : Alignment.LowerRight);
        }
        multiplot.SavePng(path, 900, 800);
    }

    /// <summary>Validation and test accuracy (left axis) and generated-model latency per image (right axis, log) against Units.</summary>
    public static void SaveSweep(string path, IReadOnlyList<RunOutcome> runs, int epochs)
    {
        var plot = new Plot();
        double[] units = runs.Select(r => System.Math.Log2(r.Units)).ToArray();
        Line(plot, units, runs.Select(r => 100.0 * r.Best.ValidationAccuracy), "validation accuracy");
        Line(plot, units, runs.Select(r => 100.0 * r.TestAccuracy), "test accuracy");
        var latency = plot.Add.Scatter(units, runs.Select(r => System.Math.Log10(r.MicrosecondsPerImage)).ToArray());
        latency.LegendText = "latency per image (right)";
        latency.LinePattern = LinePattern.Dashed;
        latency.Axes.YAxis = plot.Axes.Right;

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            runs.Select(r => new Tick(System.Math.Log2(r.Units), r.Units.ToString())).ToArray());
        plot.Axes.Right.TickGenerator = LogTicks(runs);
        plot.Title($"Fashion-MNIST, LSTM(Units) + Dense(10), {epochs} epochs each");
        plot.XLabel("Units (size of h and c)");
        plot.YLabel("accuracy (%)");
        plot.Axes.Right.Label.Text = "generated Predict, µs per image";
        plot.ShowLegend(Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }

    private static ScottPlot.TickGenerators.NumericManual LogTicks(IReadOnlyList<RunOutcome> runs)
    {
        double low = runs.Min(r => r.MicrosecondsPerImage), high = runs.Max(r => r.MicrosecondsPerImage);
        var ticks = new List<Tick>();
        for (double decade = System.Math.Pow(10, System.Math.Floor(System.Math.Log10(low))); decade <= high * 10; decade *= 10)
            foreach (double m in new[] { 1.0, 2.0, 5.0 })
                if (decade * m >= low / 2 && decade * m <= high * 2)
                    ticks.Add(new Tick(System.Math.Log10(decade * m), (decade * m).ToString("#,0.##", System.Globalization.CultureInfo.InvariantCulture)));
        return new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double?> values, string label)
    {
        var points = xs.Zip(values).Where(p => p.Second.HasValue).ToArray();
        if (points.Length == 0)
            return;
        var scatter = plot.Add.Scatter(points.Select(p => p.First).ToArray(), points.Select(p => p.Second!.Value).ToArray());
        scatter.LegendText = label;
    }

    private static void Line(Plot plot, double[] xs, IEnumerable<double> values, string label) =>
        Line(plot, xs, values.Select(v => (double?)v), label);
}

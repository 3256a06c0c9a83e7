using System;
using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// A short job (in process, one launch, 5 warm-up and 25 measured iterations of 16 batches: under a minute per case) with the
/// throughput columns, computed from the median batch time: on a shared machine other processes' time slices make a few
/// iterations several times slower, which moves the mean far more than the median. The FMA peak per thread count is measured in the host process when the summary
/// is made (<see cref="MachinePeak"/>), so the percentage is of this machine as it ran, not of a catalogue figure.
/// </summary>
public sealed class TrainingConfig : ManualConfig
{
    public TrainingConfig()
    {
        // In process: no generated project to build (under load its build outran BenchmarkDotNet's two-minute limit), and
        // libtorch is not copied again; every case sets its own thread count.
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(25).WithInvocationCount(16).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median);
        AddColumn(new ThroughputColumn("samples/s", mean => TrainingTask.Batch / mean),
            new ThroughputColumn("GFLOP/s", mean => TrainingTask.FlopsPerSample * TrainingTask.Batch / mean / 1e9),
            new ThroughputColumn("% FMA peak", mean => double.NaN, percentOfPeak: true));
    }

    /// <summary>A figure computed from the median time of one batch (seconds).</summary>
    private sealed class ThroughputColumn(string name, Func<double, double> fromSeconds, bool percentOfPeak = false) : IColumn
    {
        private static readonly Dictionary<int, double> s_peaks = [];

        public string Id => "Training." + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => percentOfPeak
            ? "GFLOP/s as a share of the Vector512 FMA throughput measured on as many threads (MachinePeak)"
            : $"{name} from the median time of one batch of {TrainingTask.Batch}";

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var statistics = summary[benchmarkCase]?.ResultStatistics;
            if (statistics is null)
                return "-";
            double seconds = statistics.Median / 1e9;
            if (!percentOfPeak)
                return fromSeconds(seconds).ToString(name == "samples/s" ? "N0" : "N1");
            int threads = (int)benchmarkCase.Parameters.Items.First(p => p.Name == nameof(TrainingBenchmarks.Threads)).Value;
            if (!s_peaks.TryGetValue(threads, out double peak))
                s_peaks[threads] = peak = MachinePeak.FmaFlops(threads);
            return (100 * TrainingTask.FlopsPerSample * TrainingTask.Batch / seconds / peak).ToString("N0") + " %";
        }
    }
}

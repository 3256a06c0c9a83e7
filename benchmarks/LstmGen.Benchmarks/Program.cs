using System;
using System.Globalization;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Horology;
using Perfolizer.Metrology;

namespace LstmGen.Benchmarks;

public static class Program
{
    // BenchmarkSwitcher so --filter, --job, --list etc. work from the command line; ../run.sh is the full run.
    public static void Main(string[] args)
    {
        var config = Config();
        if (TorchProbe.Failure is { } why)
        {
            Console.WriteLine($"// TorchSharp benchmarks skipped: {why}");
            config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Torch", StringComparison.Ordinal)));
        }
        else
        {
            Console.WriteLine("// TorchSharp loads: its benchmarks are included.");
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
    }

    /// <summary>
    /// BDN's default config, except the exporters: GitHub markdown, the full JSON, and a CSV in fixed units
    /// (ns, bytes) with no unit text in the cells, which LstmGen.BenchReport reads.
    /// </summary>
    private static ManualConfig Config()
    {
        var d = DefaultConfig.Instance;
        var csvStyle = new SummaryStyle(CultureInfo.InvariantCulture, printUnitsInHeader: true, SizeUnit.B, TimeUnit.Nanosecond,
            printUnitsInContent: false, printZeroValuesInContent: true);
        return ManualConfig.CreateEmpty()
            .AddColumnProvider(d.GetColumnProviders().ToArray())
            .AddLogger(d.GetLoggers().ToArray())
            .AddAnalyser(d.GetAnalysers().ToArray())
            .AddValidator(d.GetValidators().ToArray())
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full, new CsvExporter(CsvSeparator.Semicolon, csvStyle));
    }
}

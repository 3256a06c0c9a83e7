using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace LstmGen.Benchmarks;

/// <summary>
/// The setup every benchmark class shares ([Config(typeof(BenchConfig))]): allocations measured, rows grouped by
/// category (one shape each, ratios to that category's baseline), a Categories column (LstmGen.BenchReport reads
/// it), and groups in declaration order. BenchmarkDotNet builds its own copy of this project, kernels and all, before
/// the first benchmark: allowed 15 minutes instead of its default 2, which a shared 2-core machine exceeds.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        Orderer = new DeclarationOrderer();
        WithBuildTimeout(TimeSpan.FromMinutes(15));
    }
}

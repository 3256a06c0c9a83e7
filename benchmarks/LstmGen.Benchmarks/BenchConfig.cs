using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;

namespace LstmGen.Benchmarks;

/// <summary>
/// The setup every benchmark class shares ([Config(typeof(BenchConfig))]): allocations measured, rows grouped by
/// category (one shape each, ratios to that category's baseline), a Categories column (LstmGen.BenchReport reads
/// it), and groups in declaration order.
/// </summary>
public sealed class BenchConfig : ManualConfig
{
    public BenchConfig()
    {
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(CategoriesColumn.Default);
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
        Orderer = new DeclarationOrderer();
    }
}

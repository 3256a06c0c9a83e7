using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Running;

namespace LstmGen.Benchmarks;

/// <summary>
/// Lists category groups in the order their benchmarks are declared (small shapes first) instead of
/// alphabetically, where "Step 1x16" would come before "Step 1x8". Everything else is BDN's default.
/// </summary>
public sealed class DeclarationOrderer : DefaultOrderer
{
    public override IEnumerable<IGrouping<string, BenchmarkCase>> GetLogicalGroupOrder(
        IEnumerable<IGrouping<string, BenchmarkCase>> logicalGroups, IEnumerable<BenchmarkLogicalGroupRule>? order = null) =>
        logicalGroups.OrderBy(g => g.Min(b => b.Descriptor.WorkloadMethod.MetadataToken));
}

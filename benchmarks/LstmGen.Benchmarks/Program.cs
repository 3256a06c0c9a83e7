using BenchmarkDotNet.Running;

namespace LstmGen.Benchmarks;

public static class Program
{
    // BenchmarkSwitcher so --filter, --job, --list etc. work from the command line.
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

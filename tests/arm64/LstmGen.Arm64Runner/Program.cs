using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Threading;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace LstmGen.Arm64Runner;

/// <summary>
/// Runs the xunit tests of LstmGen.Tests in this process with xunit's own discoverer and executor, so that they run on
/// an arm64 runtime under QEMU, where `dotnet test` cannot start its test host.
/// <code>
/// LstmGen.Arm64Runner [--require-arm64] [--list] [--class NAME]... [--category NAME]... [--skip-class NAME]... [--skip-category NAME]...
/// </code>
/// A test runs when it matches any --class (the test class's name without namespace) or --category (its "Category"
/// trait), or when neither is given, and matches no --skip-class or --skip-category. --require-arm64 fails the run
/// before any test unless this is an arm64 process whose widest accelerated vector is Vector128 on AdvSimd: the path the
/// kernels then take. The closing line has the "Failed: N, Passed: N, Skipped: N" form that .ci/run adds up.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var classes = new HashSet<string>(); var categories = new HashSet<string>();
        var skipClasses = new HashSet<string>(); var skipCategories = new HashSet<string>();
        bool list = false, requireArm64 = false, verbose = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.", nameof(args));
            switch (args[i])
            {
                case "--class": classes.Add(Value()); break;
                case "--category": categories.Add(Value()); break;
                case "--skip-class": skipClasses.Add(Value()); break;
                case "--skip-category": skipCategories.Add(Value()); break;
                case "--list": list = true; break;
                case "--require-arm64": requireArm64 = true; break;
                case "--verbose": verbose = true; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'; expected --class, --category, --skip-class, --skip-category, --list, --require-arm64 or --verbose.", nameof(args));
            }
        }

        Console.WriteLine($"process: {RuntimeInformation.ProcessArchitecture}, OS: {RuntimeInformation.OSArchitecture}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"AdvSimd: {AdvSimd.IsSupported}, AdvSimd.Arm64: {AdvSimd.Arm64.IsSupported}; hardware-accelerated: " +
                          $"Vector128 {Vector128.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, Vector512 {Vector512.IsHardwareAccelerated}");
        if (requireArm64)
        {
            bool onAdvSimd = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 && AdvSimd.Arm64.IsSupported
                && Vector128.IsHardwareAccelerated && !Vector256.IsHardwareAccelerated;
            if (!onAdvSimd)
            {
                Console.Error.WriteLine("--require-arm64: this process is not an arm64 process whose widest accelerated vector is Vector128 on AdvSimd (see above).");
                return 2;
            }
            Console.WriteLine("kernel path: Vector128 on AdvSimd");
        }

        var testAssembly = typeof(LstmGen.Tests.KernelTests).Assembly;
        var diagnostics = new DiagnosticSink(verbose);
        using var framework = new XunitTestFramework(diagnostics);
        var options = new FrameworkOptions();

        var clock = Stopwatch.StartNew();
        var discovery = new DiscoverySink();
        using (var discoverer = framework.GetDiscoverer(Reflector.Wrap(testAssembly)))
            discoverer.Find(includeSourceInformation: false, discovery, options);
        discovery.Done.Wait();

        bool InCategory(ITestCase test, HashSet<string> set) =>
            test.Traits.TryGetValue("Category", out var values) && values.Any(set.Contains);
        string ClassOf(ITestCase test) => test.TestMethod.TestClass.Class.Name.Split('.', '+')[^1];
        var selected = discovery.Cases
            .Where(t => (classes.Count == 0 && categories.Count == 0) || classes.Contains(ClassOf(t)) || InCategory(t, categories))
            .Where(t => !skipClasses.Contains(ClassOf(t)) && !InCategory(t, skipCategories))
            .ToList();
        Console.WriteLine($"discovered {discovery.Cases.Count} test cases, selected {selected.Count} in {selected.Select(ClassOf).Distinct().Count()} classes ({clock.Elapsed.TotalSeconds:F1} s)");
        if (list)
        {
            foreach (var group in selected.GroupBy(ClassOf).OrderBy(g => g.Key))
                Console.WriteLine($"  {group.Key}: {group.Count()}");
            return 0;
        }
        if (selected.Count == 0)
        {
            Console.Error.WriteLine("No test matches the filters.");
            return 1;
        }

        var execution = new ExecutionSink();
        using (var executor = framework.GetExecutor(testAssembly.GetName()))
            executor.RunTests(selected, execution, options);
        execution.Done.Wait();
        Console.WriteLine($"ran {execution.Passed + execution.Failed + execution.Skipped} tests in {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"arm64 runner: Failed: {execution.Failed}, Passed: {execution.Passed}, Skipped: {execution.Skipped}");
        return execution.Failed == 0 && execution.Passed > 0 ? 0 : 1;
    }

    /// <summary>xunit's options with nothing set: every option takes xunit's default.</summary>
    private sealed class FrameworkOptions : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
    {
        private readonly Dictionary<string, object?> _values = new();
        public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var value) && value is TValue typed ? typed : default!;
        public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
    }

    private sealed class DiagnosticSink(bool verbose) : LongLivedMarshalByRefObject, IMessageSink
    {
        public bool OnMessage(IMessageSinkMessage message)
        {
            if (verbose && message is IDiagnosticMessage diagnostic)
                Console.WriteLine($"[xunit] {diagnostic.Message}");
            return true;
        }
    }

    private sealed class DiscoverySink : LongLivedMarshalByRefObject, IMessageSink
    {
        public readonly List<ITestCase> Cases = new();
        public readonly ManualResetEventSlim Done = new();
        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestCaseDiscoveryMessage found)
                Cases.Add(found.TestCase);
            else if (message is IDiscoveryCompleteMessage)
                Done.Set();
            return true;
        }
    }

    /// <summary>Counts results, prints every failure in full and one line per finished test class.</summary>
    private sealed class ExecutionSink : LongLivedMarshalByRefObject, IMessageSink
    {
        public int Passed, Failed, Skipped;
        public readonly ManualResetEventSlim Done = new();
        private readonly object _console = new();

        public bool OnMessage(IMessageSinkMessage message)
        {
            switch (message)
            {
                case ITestPassed:
                    Interlocked.Increment(ref Passed);
                    break;
                case ITestFailed failed:
                    Interlocked.Increment(ref Failed);
                    Report($"FAIL {failed.Test.DisplayName}", failed, failed.Output);
                    break;
                case ITestSkipped skipped:
                    Interlocked.Increment(ref Skipped);
                    lock (_console) Console.WriteLine($"SKIP {skipped.Test.DisplayName}: {skipped.Reason}");
                    break;
                case ITestClassFinished finished:
                    lock (_console)
                        Console.WriteLine($"  {finished.TestClass.Class.Name.Split('.')[^1]}: {finished.TestsRun} run, {finished.TestsFailed} failed, " +
                                          $"{finished.TestsSkipped} skipped, {finished.ExecutionTime:F1} s");
                    break;
                case IFailureInformation failure: // a fixture, cleanup or catastrophic error outside a single test
                    Interlocked.Increment(ref Failed);
                    Report($"ERROR ({message.GetType().Name})", failure, null);
                    break;
                case ITestAssemblyFinished:
                    Done.Set();
                    break;
            }
            return true;
        }

        private void Report(string title, IFailureInformation failure, string? output)
        {
            lock (_console)
            {
                Console.WriteLine(title);
                for (int i = 0; i < failure.Messages.Length; i++)
                {
                    Console.WriteLine($"    {failure.ExceptionTypes[i]}: {failure.Messages[i]}");
                    if (failure.StackTraces[i] is { Length: > 0 } stack)
                        Console.WriteLine("    " + stack.Replace("\n", "\n    "));
                }
                if (!string.IsNullOrWhiteSpace(output))
                    Console.WriteLine("    output:\n      " + output.TrimEnd().Replace("\n", "\n      "));
            }
        }
    }
}

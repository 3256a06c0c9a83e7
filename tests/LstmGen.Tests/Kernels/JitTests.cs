using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.Intrinsics;
using System.Text.RegularExpressions;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>
/// No generated kernel method is compiled with MinOpts. The JIT gives up optimising a method above
/// 20,000 IL instructions (or 60,000 IL bytes, 2,000 blocks, 2,000 locals, 8,000 local references)
/// and compiles it unoptimised instead, silently. These tests run tests/LstmGen.JitProbe (the same
/// [LstmLayer] declarations as TestLayers.cs plus bigger shapes) in a child process with tiered
/// compilation off, so every method is compiled once and straight at full optimisation, and read the
/// JIT's own summary of what it compiled and how.
/// </summary>
/// <remarks>
/// <para>The summary (DOTNET_JitDisasmSummary=1, written to DOTNET_JitStdOutFile) has one line per
/// compiled method, on .NET 10:
/// <c>  42: JIT compiled LstmGen.Tests.Odd11x29x7:TileVector256x2(byref,byref,byref,byref,byref) [FullOpts, IL size=663, code size=748]</c>.
/// With DOTNET_TieredCompilation=0 a method compiles as <c>FullOpts</c>; one that fell back reads
/// <c>Tier-0 switched MinOpts</c>; a method of an assembly built without optimisation (Debug) reads
/// <c>MinOpts</c>. With tiering on, methods start as <c>Tier0</c> and a fallback only shows when (if)
/// they are rejitted at tier 1, which is why tiering is off here.</para>
/// <para>The probe also compiles two controls, IL-emitted methods of 21,000 and 19,000 instructions
/// (LstmGen.JitProbe/JitControls.cs): the first must be reported as a MinOpts fallback and the second
/// as FullOpts, so a broken parser, a changed format or a moved limit fails the test instead of
/// passing it.</para>
/// <para>The probe runs once per SIMD path: as configured (Vector512 on AVX-512), with DOTNET_PreferredVectorBitWidth=256
/// (Vector256), with DOTNET_EnableAVX2=0 (Vector128) and
/// with DOTNET_EnableHWIntrinsic=0 (scalar). Only the active path's methods are compiled in a process.</para>
/// </remarks>
[Trait("Category", "Jit")]
public sealed class JitTests(ITestOutputHelper log)
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(5);

    [Theory]
    [InlineData("")]
    [InlineData("DOTNET_PreferredVectorBitWidth=256")]
    [InlineData("DOTNET_EnableAVX2=0")]
    [InlineData("DOTNET_EnableHWIntrinsic=0")]
    public void NoKernelMethodIsCompiledWithMinOpts(string setting)
    {
        var run = RunProbe(setting);
        log.WriteLine($"Probe run {(setting.Length == 0 ? "as configured" : "with " + setting)}: path {run.Path}, " +
                       $"{run.Methods.Count} methods compiled, LstmGen.dll optimised: {run.RuntimeOptimized}.");

        // The path the probe took is the one this setting asks for.
        if (setting == "DOTNET_EnableHWIntrinsic=0")
            Assert.Equal("Scalar", run.Path);
        else if (setting == "DOTNET_EnableAVX2=0")
            Assert.DoesNotContain(run.Path, new[] { "Vector512", "Vector256" });
        else if (setting == "DOTNET_PreferredVectorBitWidth=256")
            Assert.NotEqual("Vector512", run.Path);
        else
            Assert.Equal(SimdPath.Active, run.Path);

        // Controls first: if these fail, nothing below would mean anything.
        var above = Assert.Single(run.Methods, m => m.Type == "(dynamicClass)" && m.Name == run.ControlAbove.Name);
        var below = Assert.Single(run.Methods, m => m.Type == "(dynamicClass)" && m.Name == run.ControlBelow.Name);
        log.WriteLine($"Control above the limit: {above.Line}");
        log.WriteLine($"Control below the limit: {below.Line}");
        Assert.True(above.IsSizeFallback,
            $"The {run.ControlAbove.Instructions:N0}-instruction control should have fallen back to MinOpts, but the summary says '{above.Tier}': " +
            "the JIT's limit or the summary format changed, so this test cannot see a fallback any more.\n" + above.Line);
        Assert.True(below.IsFullOpts,
            $"The {run.ControlBelow.Instructions:N0}-instruction control should be FullOpts, but the summary says '{below.Tier}'.\n" + below.Line);

        // Every generated class: its kernel methods were compiled, each with full optimisation, only on the active path.
        Assert.NotEmpty(run.Layers);
        Assert.Contains("LstmGen.Tests.Fashion28x128x28 128", run.Layers);
        Assert.Contains("LstmGen.JitProbe.Big512x1024x2 1024", run.Layers);
        Assert.Contains("LstmGen.Tests.Stream1x8 8", run.Layers); // a layer that stays on Vector256 in a Vector512 process
        var failures = new List<string>();
        foreach (string line in run.Layers)
        {
            string layer = line.Split(' ')[0];
            // A layer gets the Vector512 path only for more than 16 units whose padding to 16 lanes adds at most a
            // quarter to 8 lanes' work (generator/SimdFlavor.For); otherwise it runs Vector256 in a Vector512 process.
            int units = int.Parse(line.Split(' ')[1]), pad16 = (units + 15) / 16 * 16, pad8 = (units + 7) / 8 * 8;
            string layerPath = run.Path == "Vector512" && (units <= 16 || 4 * pad16 > 5 * pad8) ? "Vector256" : run.Path;
            var methods = run.Methods.Where(m => m.Type == layer).ToList();
            log.WriteLine($"{layer}:");
            foreach (var m in methods)
                log.WriteLine($"    {m.Name,-28} {m.Tier,-24} IL {m.ILSize,5} B, code {m.CodeSize,5} B");
            foreach (string required in new[] { "LoadWeights", "Forward", "Step", "Run" })
                if (!methods.Any(m => m.Name == required))
                    failures.Add($"{layer}.{required} is not in the JIT summary (not called, or inlined everywhere?).");
            if (!methods.Any(m => m.Name.StartsWith("Tile" + layerPath, StringComparison.Ordinal)))
                failures.Add($"{layer}: no Tile{layerPath}* method in the JIT summary (the {layerPath} path was not compiled).");
            foreach (var m in methods)
            {
                if (!m.IsFullOpts)
                    failures.Add($"{layer}.{m.Name} was compiled as '{m.Tier}', not FullOpts (IL size {m.ILSize}).\n    {m.Line}");
                string? path = SimdPath.Names.FirstOrDefault(p => m.Name.StartsWith("Tile" + p, StringComparison.Ordinal)
                                                         || m.Name == "Step" + p);
                if (path is not null && path != layerPath)
                    failures.Add($"{layer}.{m.Name} belongs to the {path} path but this layer runs the {layerPath} path.\n    {m.Line}");
            }
        }

        // Every generated model: its own methods and its nested layer kernels (Type "Model+Layer0Kernel"), all FullOpts.
        Assert.Contains("LstmGen.JitProbe.BigModel", run.Models);
        Assert.Contains("LstmGen.Tests.FashionClassifier", run.Models);
        Assert.Contains("LstmGen.JitProbe.BigInt8Model", run.Models); // Int8 W_hh, both GRU passes
        foreach (string model in run.Models)
        {
            var methods = run.Methods.Where(m => m.Type == model || m.Type.StartsWith(model + "+", StringComparison.Ordinal)).ToList();
            log.WriteLine($"{model}:");
            foreach (var m in methods)
                log.WriteLine($"    {m.Type[model.Length..] + ":" + m.Name,-40} {m.Tier,-24} IL {m.ILSize,5} B, code {m.CodeSize,5} B");
            foreach (string required in new[] { "LoadWeights", "Predict" })
                if (!methods.Any(m => m.Type == model && m.Name == required))
                    failures.Add($"{model}.{required} is not in the JIT summary.");
            // (RecurTile/ProjectTile: Predict-only models never call the streaming Tile methods.)
            // (In a Vector512 process a model's narrow layers run Vector256, as [LstmLayer] classes do.)
            string[] modelPaths = run.Path == "Vector512" ? new[] { "Vector512", "Vector256" } : new[] { run.Path };
            if (!methods.Any(m => modelPaths.Any(p => m.Name.Contains("Tile" + p, StringComparison.Ordinal))))
                failures.Add($"{model}: no *Tile{run.Path}* method of a layer kernel in the JIT summary.");
            foreach (var m in methods.Where(m => !m.IsFullOpts))
                failures.Add($"{model}: {m.Type}.{m.Name} was compiled as '{m.Tier}', not FullOpts (IL size {m.ILSize}).\n    {m.Line}");
        }

        // LstmKernel, the generic baseline: every kernel method compiled; never a size fallback; and
        // fully optimised whenever LstmGen.dll itself was built optimised (a Debug build is MinOpts by request).
        var kernel = run.Methods.Where(m => m.Type == typeof(LstmKernel).FullName).ToList();
        log.WriteLine($"{typeof(LstmKernel).FullName}:");
        foreach (var m in kernel)
            log.WriteLine($"    {m.Name + m.Generics,-60} {m.Tier,-24} IL {m.ILSize,5} B, code {m.CodeSize,5} B");
        // (LstmKernel has no Vector512 path: on AVX-512 it runs Vector256.)
        string ops = (run.Path switch { "Vector512" or "Vector256" => typeof(Ops256), "Vector128" => typeof(Ops128), _ => typeof(OpsScalar) }).FullName!;
        // (Run and StepAll are small enough to be inlined in an optimised LstmGen.dll; Tile2 and Tile1 are not.)
        foreach (string required in new[] { "LoadWeights", "Forward", "Step", "Tile2", "Tile1" })
            if (!kernel.Any(m => m.Name == required && (!m.IsGeneric || m.Generics.StartsWith("[" + ops + ",", StringComparison.Ordinal))))
                failures.Add($"LstmKernel.{required} (for {ops} where generic) is not in the JIT summary.");
        foreach (var m in kernel)
        {
            if (m.IsSizeFallback || (run.RuntimeOptimized && !m.IsFullOpts))
                failures.Add($"LstmKernel.{m.Name}{m.Generics} was compiled as '{m.Tier}' (IL size {m.ILSize}).\n    {m.Line}");
        }
        if (!run.RuntimeOptimized)
            log.WriteLine("Note: LstmGen.dll is a Debug build here, so LstmKernel is compiled with MinOpts by request; " +
                           "only a size fallback ('switched MinOpts') is checked for it. Run in Release to check it fully.");

        // The activations, the 16-bit and int8 decoders and LstmKernel's per-width ops are meant to be inlined into every
        // kernel. One compiled as a method of its own means a kernel calls it out of line because the JIT's inlining
        // budget ran out: that happened once to a generic activation, inlined 40 times per ForwardBatch tile, and
        // cost ForwardBatch 18%.
        // (Names from the types themselves: a type that moves or is renamed cannot silently drop out of this check.)
        string[] inlinedTypes = new[] { typeof(LstmMath), typeof(LstmHalf), typeof(LstmBFloat16), typeof(LstmInt8), typeof(Ops256), typeof(Ops128), typeof(OpsScalar) }
            .Select(t => t.FullName!).ToArray();
        if (run.RuntimeOptimized)
            foreach (var m in run.Methods.Where(m => inlinedTypes.Contains(m.Type)))
                failures.Add($"{m.Type}.{m.Name} was compiled on its own: some kernel calls it instead of inlining it.\n    {m.Line}");

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    // ---- Running the probe and reading the summary ----

    private sealed record ProbeRun(string Path, bool RuntimeOptimized, IReadOnlyList<string> Layers, IReadOnlyList<string> Models,
        (string Name, int Instructions) ControlAbove, (string Name, int Instructions) ControlBelow, IReadOnlyList<CompiledMethod> Methods);

    /// <summary>One line of the JIT summary.</summary>
    private sealed record CompiledMethod(string Line, string Type, string Name, string Generics, string Tier, int ILSize, int CodeSize)
    {
        public bool IsGeneric => Generics.Length > 0;
        public bool IsMinOpts => Tier.Contains("MinOpts", StringComparison.Ordinal);
        // "Tier-0 switched MinOpts": asked for optimised code, the JIT fell back (size limits and the like).
        public bool IsSizeFallback => IsMinOpts && Tier.Contains("switched", StringComparison.Ordinal);
        // "FullOpts", or "FullOpts with ..." (e.g. "FullOpts with Synthesized PGO").
        public bool IsFullOpts => Tier == "FullOpts" || Tier.StartsWith("FullOpts ", StringComparison.Ordinal);
    }

    //   12: JIT compiled Namespace.Type:Method[generic args](signature) [Tier, IL size=123, code size=456]
    private static readonly Regex SummaryLine = new(
        @"^\s*\d+:\s+JIT compiled\s+(?<method>.+?)\s+\[(?<tier>[^,\]]+),\s*IL size=(?<il>\d+),\s*code size=(?<code>\d+)[^\]]*\]\s*$",
        RegexOptions.CultureInvariant);

    private static IReadOnlyList<CompiledMethod> ParseSummary(string[] lines)
    {
        var methods = new List<CompiledMethod>();
        var unknown = new List<string>();
        foreach (string line in lines)
        {
            if (line.Trim().Length == 0)
                continue;
            var m = SummaryLine.Match(line);
            if (!m.Success)
            {
                unknown.Add(line);
                continue;
            }
            var (type, name, generics) = SplitMethod(m.Groups["method"].Value);
            methods.Add(new CompiledMethod(line.Trim(), type, name, generics, m.Groups["tier"].Value.Trim(),
                int.Parse(m.Groups["il"].Value), int.Parse(m.Groups["code"].Value)));
        }
        Assert.True(unknown.Count == 0,
            $"{unknown.Count} line(s) of the JIT summary are not in the expected format; has it changed?\n" + string.Join("\n", unknown.Take(10)));
        return methods;
    }

    // "Type:Name[generic, args](signature)" -> (Type, Name, "[generic, args]"); type names hold no ':'.
    private static (string Type, string Name, string Generics) SplitMethod(string method)
    {
        int colon = method.IndexOf(':');
        if (colon < 0)
            return ("", method, "");
        string type = method[..colon], rest = method[(colon + 1)..];
        int end = rest.IndexOfAny(new[] { '[', '(' });
        if (end < 0)
            return (type, rest, "");
        string generics = "";
        if (rest[end] == '[')
        {
            int depth = 0, k = end;
            for (; k < rest.Length; k++)
            {
                if (rest[k] == '[') depth++;
                else if (rest[k] == ']' && --depth == 0) break;
            }
            generics = rest[end..Math.Min(k + 1, rest.Length)];
        }
        return (type, rest[..end], generics);
    }

    private ProbeRun RunProbe(string setting)
    {
        string probe = FindProbe();
        string summaryFile = Path.Combine(Path.GetTempPath(), $"lstmgen-jit-{Guid.NewGuid():N}.txt");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(probe)!,
        };
        start.ArgumentList.Add(probe);
        // Anything inherited that would change what the JIT prints or how it compiles.
        foreach (string name in new[] { "DOTNET_JitDisasm", "DOTNET_JitDump", "DOTNET_JitStdOutFile", "DOTNET_JitDisasmSummary",
                     "DOTNET_TieredCompilation", "DOTNET_TC_QuickJit", "DOTNET_TC_QuickJitForLoops", "DOTNET_ReadyToRun",
                     "DOTNET_JITMinOpts", "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic", "DOTNET_PreferredVectorBitWidth" })
        {
            start.Environment.Remove(name);
            start.Environment.Remove("COMPlus_" + name["DOTNET_".Length..]);
        }
        // The test process's own path settings carry over to the default run (so it checks the path the other tests run on).
        if (setting.Length == 0)
        {
            foreach (string name in new[] { "DOTNET_EnableAVX2", "DOTNET_EnableHWIntrinsic", "DOTNET_PreferredVectorBitWidth" })
                if (Environment.GetEnvironmentVariable(name) is { } value)
                    start.Environment[name] = value;
        }
        else
        {
            string[] kv = setting.Split('=', 2);
            start.Environment[kv[0]] = kv[1];
        }
        start.Environment["DOTNET_TieredCompilation"] = "0";
        start.Environment["DOTNET_JitDisasmSummary"] = "1";
        start.Environment["DOTNET_JitStdOutFile"] = summaryFile;

        try
        {
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(ProbeTimeout))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"The JIT probe did not finish within {ProbeTimeout}.");
            }
            process.WaitForExit();
            string output = stdout.Result;
            Assert.True(process.ExitCode == 0 && output.Contains("\ndone", StringComparison.Ordinal),
                $"The JIT probe failed (exit code {process.ExitCode}).\nstdout:\n{output}\nstderr:\n{stderr.Result}");
            Assert.True(File.Exists(summaryFile), $"The JIT wrote no summary to {summaryFile}: DOTNET_JitStdOutFile/DOTNET_JitDisasmSummary had no effect.");

            var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            string Value(string key) => lines.Single(l => l.StartsWith(key + " ", StringComparison.Ordinal))[(key.Length + 1)..];
            var layers = lines.Where(l => l.StartsWith("layer ", StringComparison.Ordinal)).Select(l => l["layer ".Length..]).ToList();
            (string, int) Control(string key)
            {
                string[] parts = Value(key).Split(' ');
                return (parts[0], int.Parse(parts[1]));
            }
            var models = lines.Where(l => l.StartsWith("model ", StringComparison.Ordinal)).Select(l => l["model ".Length..]).ToList();
            return new ProbeRun(Value("path"), bool.Parse(Value("runtime-optimized")), layers, models,
                Control("control-above"), Control("control-below"), ParseSummary(File.ReadAllLines(summaryFile)));
        }
        finally
        {
            File.Delete(summaryFile);
        }
    }

    /// <summary>
    /// The probe is built by this project's ProjectReference in the same configuration, next to this
    /// project: tests/LstmGen.JitProbe/bin/&lt;Configuration&gt;/&lt;TFM&gt;/ mirrors tests/LstmGen.Tests/bin/&lt;Configuration&gt;/&lt;TFM&gt;/.
    /// LSTMGEN_JITPROBE (the probe's dll) overrides this for other output layouts.
    /// </summary>
    private static string FindProbe()
    {
        const string ProbeDll = "LstmGen.JitProbe.dll";
        if (Environment.GetEnvironmentVariable("LSTMGEN_JITPROBE") is { Length: > 0 } overridden)
        {
            Assert.True(File.Exists(overridden), $"LSTMGEN_JITPROBE points to {overridden}, which does not exist.");
            return overridden;
        }
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var configuration = tfm.Parent;
        var testsDir = configuration?.Parent?.Parent?.Parent;
        string candidate = testsDir is null ? ProbeDll
            : Path.Combine(testsDir.FullName, "LstmGen.JitProbe", "bin", configuration!.Name, tfm.Name, ProbeDll);
        Assert.True(File.Exists(candidate),
            $"The JIT probe is not at {candidate}. It is built by tests/LstmGen.Tests' ProjectReference to tests/LstmGen.JitProbe; " +
            "build the test project (or set LSTMGEN_JITPROBE to the probe's dll).");
        return candidate;
    }

    /// <summary>The dotnet host running this test, to run the probe with the same runtime.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
            return host;
        if (Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return "dotnet";
    }
}

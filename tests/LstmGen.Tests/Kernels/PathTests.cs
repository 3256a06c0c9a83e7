using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace LstmGen.Tests;

/// <summary>
/// Makes the CI matrix honest: the path the kernels run (<see cref="SimdPath.Active"/>) must be one that the CPU's
/// features and the DOTNET_* switches of this process allow, both read here independently of the runtime's own
/// choice; and where .ci/run states the path (LSTMGEN_EXPECT_PATH, next to DOTNET_EnableAVX2=0 and the like), exactly
/// that one.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class PathTests(ITestOutputHelper log)
{
    [Fact]
    public void RunsOnTheExpectedSimdPath()
    {
        var flags = CpuFlags();
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
        var (widest, narrowest) = Allowed(flags, environment);
        string? expected = Environment.GetEnvironmentVariable("LSTMGEN_EXPECT_PATH");
        log.WriteLine($"Active path: {SimdPath.Active}; the CPU and DOTNET_* switches allow {widest} to {narrowest}; " +
                         $"LSTMGEN_EXPECT_PATH: {expected ?? "(unset)"}");
        int active = Array.IndexOf(SimdPath.Names, SimdPath.Active);
        Assert.True(active >= Array.IndexOf(SimdPath.Names, widest) && active <= Array.IndexOf(SimdPath.Names, narrowest),
            $"The kernels run {SimdPath.Active}, but this CPU ({string.Join(" ", flags.Order())}) and the DOTNET_* switches allow {widest} to {narrowest}.");
        if (expected is not null)
        {
            Assert.Contains(expected, SimdPath.Names);
            Assert.Equal(expected, SimdPath.Active);
        }
    }

    /// <summary>The rule the test above applies, on CPUs and switches this machine does not have.</summary>
    [Theory]
    [InlineData(X86V4, "", "Vector512", "Vector256")] // .NET may prefer 256 bits on CPUs that throttle at 512
    [InlineData(X86V4, "DOTNET_PreferredVectorBitWidth=256", "Vector256", "Vector256")]
    [InlineData(X86V4, "DOTNET_EnableAVX512F=0", "Vector256", "Vector256")]
    [InlineData(X86V4, "DOTNET_EnableAVX2=0", "Vector128", "Vector128")]
    [InlineData(X86V4, "COMPlus_EnableHWIntrinsic=0", "Scalar", "Scalar")]
    [InlineData(X86V3, "", "Vector256", "Vector256")]
    [InlineData(X86V3, "DOTNET_EnableAVX2=0", "Vector128", "Vector128")]
    [InlineData("sse4_2 popcnt avx avx2", "", "Vector256", "Vector128")] // AVX2 without the rest of x86-64-v3
    [InlineData("sse4_2 popcnt", "", "Vector128", "Vector128")]
    [InlineData("fp asimd", "", "Vector128", "Vector128")]
    [InlineData("fp asimd", "DOTNET_EnableHWIntrinsic=0", "Scalar", "Scalar")]
    [InlineData(X86V3, "DOTNET_EnableSSE42=0", "Vector256", "Scalar")] // a switch the rule does not model: anything narrower
    [InlineData(X86V3, "DOTNET_EnableWriteXorExecute=0", "Vector256", "Vector256")] // not an instruction set
    public void AllowedPathsFollowTheCpuAndTheSwitches(string flags, string setting, string widest, string narrowest)
    {
        var env = setting.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { [setting.Split('=')[0]] = setting.Split('=')[1] };
        Assert.Equal((widest, narrowest), Allowed(flags.Split(' ').ToHashSet(), env));
    }

    private const string X86V3 = "sse4_2 popcnt avx avx2 bmi1 bmi2 fma f16c movbe abm";
    private const string X86V4 = X86V3 + " avx512f avx512bw avx512cd avx512dq avx512vl";

    /// <summary>
    /// The widest and the narrowest path the kernels may take. x64: AVX-512 (F, BW, CD, DQ, VL) allows Vector512, which
    /// .NET may still decline for Vector256; AVX2 with the rest of x86-64-v3 gives Vector256; less gives Vector128,
    /// the .NET 10 baseline. Arm64: Vector128 (AdvSimd). The DOTNET_ (or COMPlus_) switches only narrow that.
    /// </summary>
    private static (string Widest, string Narrowest) Allowed(IReadOnlySet<string> cpu, IReadOnlyDictionary<string, string> env)
    {
        const int V512 = 0, V256 = 1, V128 = 2, Scalar = 3;
        string? Setting(string name) => env.GetValueOrDefault("DOTNET_" + name) ?? env.GetValueOrDefault("COMPlus_" + name);
        // DOTNET_ switches are hexadecimal; 0 turns a feature off.
        static bool IsOff(string value) => int.TryParse(value.Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int n) && n == 0;
        bool Off(string name) => Setting(name) is { } value && IsOff(value);

        int widest, narrowest;
        if (cpu.Contains("asimd"))
            widest = narrowest = V128;
        else
        {
            bool v3 = new[] { "avx", "avx2", "bmi1", "bmi2", "fma", "f16c", "movbe", "abm" }.All(cpu.Contains);
            bool v4 = new[] { "avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl" }.All(cpu.Contains);
            widest = v4 ? V512 : cpu.Contains("avx2") ? V256 : V128;
            narrowest = v3 ? V256 : V128;
        }

        void NarrowTo(int path) => (widest, narrowest) = (Math.Max(widest, path), Math.Max(narrowest, path));
        if (Off("EnableHWIntrinsic"))
            NarrowTo(Scalar);
        if (Off("EnableAVX") || Off("EnableAVX2"))
            NarrowTo(V128);
        if (Off("EnableAVX512F") || Off("EnableAVX512"))
            NarrowTo(V256);
        if (Setting("PreferredVectorBitWidth") is { } bits && int.TryParse(bits, NumberStyles.Integer, CultureInfo.InvariantCulture, out int width))
        {
            if (width < 512)
                NarrowTo(V256);
            if (width < 256)
                narrowest = Math.Max(narrowest, V128);
        }
        // Any other instruction set switched off: the rule does not model its effect, so it allows anything narrower.
        string[] modelled = ["HWIntrinsic", "AVX", "AVX2", "AVX512F", "AVX512"];
        string[] instructionSets = ["SSE", "AVX", "FMA", "BMI", "LZCNT", "MOVBE", "POPCNT", "F16C", "AES", "PCLMULQDQ", "VPCLMULQDQ", "GFNI", "APX", "X86Serialize", "Arm64"];
        foreach (var (key, value) in env)
        {
            string? isa = key.StartsWith("DOTNET_Enable", StringComparison.Ordinal) ? key["DOTNET_Enable".Length..]
                : key.StartsWith("COMPlus_Enable", StringComparison.Ordinal) ? key["COMPlus_Enable".Length..] : null;
            if (isa is not null && !modelled.Contains(isa) && instructionSets.Any(p => isa.StartsWith(p, StringComparison.Ordinal)) && IsOff(value))
                narrowest = Scalar;
        }
        return (SimdPath.Names[widest], SimdPath.Names[narrowest]);
    }

    /// <summary>
    /// The CPU's feature flags as Linux names them: /proc/cpuinfo where there is one, else CPUID on x64, and AdvSimd
    /// (mandatory) on Arm64.
    /// </summary>
    private static IReadOnlySet<string> CpuFlags()
    {
        if (File.Exists("/proc/cpuinfo"))
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal) || l.StartsWith("Features", StringComparison.Ordinal));
            Assert.True(line is not null, "/proc/cpuinfo has no flags or Features line.");
            return line![(line.IndexOf(':') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        }
        if (RuntimeInformation.ProcessArchitecture == Architecture.Arm64)
            return new HashSet<string> { "asimd" };
        Assert.True(RuntimeInformation.ProcessArchitecture == Architecture.X64, $"No /proc/cpuinfo and no CPUID on {RuntimeInformation.ProcessArchitecture}: set LSTMGEN_EXPECT_PATH.");
        return CpuIdFlags();
    }

    private static HashSet<string> CpuIdFlags()
    {
        var flags = new HashSet<string>();
        if (!X86Base.IsSupported) // DOTNET_EnableHWIntrinsic=0: the expectation is Scalar whatever the CPU
            return flags;
        void Add(int register, int bit, string name) { if ((register >> bit & 1) != 0) flags.Add(name); }
        var (_, _, ecx1, _) = X86Base.CpuId(1, 0);
        var (_, ebx7, _, _) = X86Base.CpuId(7, 0);
        var (_, _, ecxExt, _) = X86Base.CpuId(unchecked((int)0x80000001), 0);
        Add(ecx1, 12, "fma"); Add(ecx1, 20, "sse4_2"); Add(ecx1, 22, "movbe"); Add(ecx1, 23, "popcnt"); Add(ecx1, 28, "avx"); Add(ecx1, 29, "f16c");
        Add(ebx7, 3, "bmi1"); Add(ebx7, 5, "avx2"); Add(ebx7, 8, "bmi2");
        Add(ebx7, 16, "avx512f"); Add(ebx7, 17, "avx512dq"); Add(ebx7, 28, "avx512cd"); Add(ebx7, 30, "avx512bw"); Add(ebx7, 31, "avx512vl");
        Add(ecxExt, 5, "abm");
        return flags;
    }
}

using System.Runtime.Intrinsics;

namespace LstmGen.Tests;

/// <summary>The SIMD paths of the kernels, widest first, and the one this process runs (the widest accelerated width).</summary>
internal static class SimdPath
{
    public static readonly string[] Names = ["Vector512", "Vector256", "Vector128", "Scalar"];

    public static string Active =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar";
}

using System;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace LstmGen.Tests;

/// <summary>
/// Makes the CI matrix honest: .ci/run sets LSTMGEN_EXPECT_PATH next to DOTNET_EnableAVX2=0 /
/// DOTNET_EnableHWIntrinsic=0, and this test fails if the runtime did not actually select that path.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class PathTests(ITestOutputHelper output)
{
    public static string ActivePath =>
        Vector512.IsHardwareAccelerated ? "Vector512" : Vector256.IsHardwareAccelerated ? "Vector256" : Vector128.IsHardwareAccelerated ? "Vector128" : "Scalar";

    [Fact]
    public void RunsOnTheExpectedSimdPath()
    {
        output.WriteLine($"Active path: {ActivePath}");
        string? expected = Environment.GetEnvironmentVariable("LSTMGEN_EXPECT_PATH");
        if (expected is not null)
            Assert.Equal(expected, ActivePath);
    }
}

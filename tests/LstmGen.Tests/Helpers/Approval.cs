using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace LstmGen.Tests;

/// <summary>
/// A small approval helper (Verify.SourceGenerators is not served by this project's package feed):
/// compares text with <c>Snapshots/NAME.verified.cs</c> beside the test sources. On a mismatch it
/// writes <c>NAME.received.cs</c> and fails with the first differing line. Set LSTMGEN_ACCEPT=1 to
/// accept received output as the new verified file; CI never sets it.
/// </summary>
internal static class Approval
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        string dir = Path.Combine(Path.GetDirectoryName(callerPath)!, "Snapshots");
        string verifiedPath = Path.Combine(dir, name + ".verified.cs");
        string receivedPath = Path.Combine(dir, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        string? verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }
        if (Environment.GetEnvironmentVariable("LSTMGEN_ACCEPT") == "1" && Environment.GetEnvironmentVariable("CI") is null)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }
        Directory.CreateDirectory(dir);
        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No approved snapshot {verifiedPath}; review {receivedPath} and rerun with LSTMGEN_ACCEPT=1 to accept it."
            : $"Snapshot {name} differs from {verifiedPath}: {FirstDifference(verified, actual)}. Review {receivedPath}; rerun with LSTMGEN_ACCEPT=1 to accept it.");
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "<end of file>";
            string al = i < a.Length ? a[i] : "<end of file>";
            if (el != al) return $"line {i + 1}: expected \"{el}\", got \"{al}\"";
        }
        return "line endings only";
    }
}

using System;
using System.Diagnostics;

namespace LstmGen.Samples;

/// <summary>
/// A quick Stopwatch figure of how long one call takes, good for a sample's printout, not a benchmark (BenchmarkDotNet's
/// figures are in docs/performance.md).
/// </summary>
public static class Latency
{
    /// <summary>
    /// Microseconds per call of each of <paramref name="calls"/>. All are warmed up together for half a second first (tiered
    /// JIT swaps in optimised code only after a method has been busy for a while), which also sizes the rounds to about
    /// 50 ms each; then <paramref name="rounds"/> rounds alternate between the calls, so a burst of other work on the
    /// machine hits all alike, and each one's fastest round is kept.
    /// </summary>
    public static double[] Measure(int rounds, params Action[] calls)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        long warmCalls = 0;
        var warm = Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < 0.5)
        {
            foreach (var call in calls)
                call();
            warmCalls++;
        }
        int callsPerRound = (int)Math.Clamp(warmCalls / 10, 1, int.MaxValue);

        var best = new double[calls.Length];
        Array.Fill(best, double.MaxValue);
        for (int round = 0; round < rounds; round++)
            for (int k = 0; k < calls.Length; k++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int n = 0; n < callsPerRound; n++)
                    calls[k]();
                best[k] = Math.Min(best[k], Stopwatch.GetElapsedTime(start).TotalMicroseconds / callsPerRound);
            }
        return best;
    }
}

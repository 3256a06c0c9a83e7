using System.Runtime.InteropServices;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// The calling thread's CPU time (clock_gettime(CLOCK_THREAD_CPUTIME_ID), Linux). On a machine shared with other work,
/// wall time counts the slices other processes take; CPU time counts only this thread's own, so quick A/B comparisons
/// use it. The benchmark table itself is wall time (BenchmarkDotNet).
/// </summary>
internal static partial class ThreadClock
{
    private const int ThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds, Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>This thread's CPU time in milliseconds.</summary>
    public static double Milliseconds()
    {
        ClockGetTime(ThreadCpuTime, out var t);
        return t.Seconds * 1e3 + t.Nanoseconds * 1e-6;
    }
}

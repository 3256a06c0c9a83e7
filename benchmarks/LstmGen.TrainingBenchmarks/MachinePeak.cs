using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;

namespace LstmGen.TrainingBenchmarks;

/// <summary>
/// This machine's clock and FMA peak, measured rather than assumed: the clock from a chain of dependent integer adds (one
/// cycle each on every x86 core), the peak from independent Vector512 FMAs (enough chains to cover their latency on both
/// FMA ports), on one thread and on every thread at once.
/// </summary>
public static class MachinePeak
{
    /// <summary>Cycles per second of one core, from dependent adds.</summary>
    public static double ClockHz()
    {
        long x = Environment.TickCount & 1; // unknown to the JIT, so the chain is not folded
        const long iterations = 10_000_000;
        AddChain(ref x, 1_000_000);
        double best = 0;
        for (int trial = 0; trial < 40; trial++) // short trials, the best: a shared machine takes whole slices away
        {
            var watch = Stopwatch.StartNew();
            AddChain(ref x, iterations);
            best = Math.Max(best, iterations * 8 / watch.Elapsed.TotalSeconds);
        }
        GC.KeepAlive(x);
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddChain(ref long value, long iterations)
    {
        long x = value, y = value | 3;
        for (long n = 0; n < iterations; n++)
        {
            x += y; x ^= n; x += y; x ^= n; x += y; x ^= n; x += y; x ^= n; // 8 dependent single-cycle operations
        }
        value = x;
    }

    /// <summary>FLOP/s (an FMA counts 2) of Vector512 FMAs on <paramref name="threads"/> threads together.</summary>
    public static double FmaFlops(int threads)
    {
        const long iterations = 2_000_000;
        double best = 0;
        for (int trial = 0; trial < 40; trial++)
        {
            var watch = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => FmaBlock(iterations));
            best = Math.Max(best, threads * iterations * 16 * Vector512<float>.Count * 2.0 / watch.Elapsed.TotalSeconds);
        }
        return best;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float FmaBlock(long iterations)
    {
        var a = Vector512.Create(0.999f);
        var b = Vector512.Create(1e-7f);
        Vector512<float> c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a,
            c8 = a, c9 = a, c10 = a, c11 = a, c12 = a, c13 = a, c14 = a, c15 = a;
        for (long n = 0; n < iterations; n++)
        {
            c0 = Vector512.FusedMultiplyAdd(c0, a, b); c1 = Vector512.FusedMultiplyAdd(c1, a, b);
            c2 = Vector512.FusedMultiplyAdd(c2, a, b); c3 = Vector512.FusedMultiplyAdd(c3, a, b);
            c4 = Vector512.FusedMultiplyAdd(c4, a, b); c5 = Vector512.FusedMultiplyAdd(c5, a, b);
            c6 = Vector512.FusedMultiplyAdd(c6, a, b); c7 = Vector512.FusedMultiplyAdd(c7, a, b);
            c8 = Vector512.FusedMultiplyAdd(c8, a, b); c9 = Vector512.FusedMultiplyAdd(c9, a, b);
            c10 = Vector512.FusedMultiplyAdd(c10, a, b); c11 = Vector512.FusedMultiplyAdd(c11, a, b);
            c12 = Vector512.FusedMultiplyAdd(c12, a, b); c13 = Vector512.FusedMultiplyAdd(c13, a, b);
            c14 = Vector512.FusedMultiplyAdd(c14, a, b); c15 = Vector512.FusedMultiplyAdd(c15, a, b);
        }
        var sum = c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11 + c12 + c13 + c14 + c15;
        return Vector512.Sum(sum);
    }
}

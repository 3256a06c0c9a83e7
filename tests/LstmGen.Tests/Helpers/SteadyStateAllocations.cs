namespace LstmGen.Tests;

/// <summary>
/// Managed bytes a call allocates once warmed up. GC.GetAllocatedBytesForCurrentThread can be charged a
/// one-off few KB while tiered compilation promotes a method mid-batch (seen on loaded CI runners, never on
/// a quiet machine), so this measures several batches and returns the smallest total. A call that really
/// allocates does so in every batch, so a non-zero result still fails the zero-allocation tests.
/// </summary>
internal static class SteadyStateAllocations
{
    private const int Batches = 4;

    public static long Measure(int calls, Action call)
    {
        for (int k = 0; k < calls; k++) // warm up: JIT, type loads, first-call initialisation
            call();
        long least = long.MaxValue;
        for (int b = 0; b < Batches && least != 0; b++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < calls; k++)
                call();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }
}

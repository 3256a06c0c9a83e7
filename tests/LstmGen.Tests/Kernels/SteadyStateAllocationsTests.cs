namespace LstmGen.Tests;

/// <summary>The helper itself: it must still see a call that allocates, and forgive only a one-off.</summary>
public sealed class SteadyStateAllocationsTests
{
    private static object? _sink;

    [Fact]
    public void APerCallAllocationIsAlwaysSeen() =>
        Assert.True(SteadyStateAllocations.Measure(50, () => _sink = new byte[16]) >= 50 * 16);

    [Fact]
    public void AOneOffAllocationAfterWarmUpIsForgiven()
    {
        int calls = 0;
        // Allocates once, in the first measured batch (call 60 of warm-up 50 + batches of 50).
        Assert.Equal(0, SteadyStateAllocations.Measure(50, () => { if (++calls == 60) _sink = new byte[4096]; }));
    }
}

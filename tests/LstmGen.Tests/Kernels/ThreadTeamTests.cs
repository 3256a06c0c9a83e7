using System.Threading;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>
/// Forward and Step on a ThreadTeam: bit for bit the one-core kernel's results (and so within the float64 reference's
/// tolerance), on every SIMD path; no allocation per call; the fallback rule; the team's life and misuse.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ThreadTeamTests(ITestOutputHelper log)
{
    // Teams of 1, 2 and 3 threads: 3 is more members than this 2-core machine has cores (the barrier then yields).
    public static TheoryData<int> TeamSizes() => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(TeamSizes))]
    public void ForwardOnATeamIsBitIdenticalToOneCore(int threads)
    {
        using var team = new ThreadTeam(threads);
        var model = new TestLstm(13, 200, seed: 41);
        var alone = new Team13x200x9();
        var split = new Team13x200x9();
        var aloneSeq = new Team13x200x9Seq();
        var splitSeq = new Team13x200x9Seq();
        foreach (ILstmLayer layer in new ILstmLayer[] { alone, split, aloneSeq, splitSeq })
            layer.LoadWeights(model.Weights);
        foreach (float amplitude in new[] { 2f, 50f })
        {
            var input = TestData.Inputs(9 * 13, seed: (int)amplitude + threads, amplitude);
            var expected = model.Reference().Sequence(input);

            float[] one = new float[200], many = new float[200];
            alone.Forward(input, one);
            split.Forward(input, many, team);
            Assert.Equal(one, many);
            AssertClose.Within(expected[^200..], many, $"Team13x200x9 Forward on {threads} threads, |x| ≤ {amplitude}", log: log);

            float[] oneSeq = new float[9 * 200], manySeq = new float[9 * 200];
            aloneSeq.Forward(input, oneSeq);
            splitSeq.Forward(input, manySeq, team);
            Assert.Equal(oneSeq, manySeq);
            AssertClose.Within(expected, manySeq, $"Team13x200x9Seq Forward on {threads} threads, |x| ≤ {amplitude}", log: log);
        }
    }

    [Theory]
    [MemberData(nameof(TeamSizes))]
    public void StepOnATeamIsBitIdenticalToOneCoreOverManyCalls(int threads)
    {
        // idleSpinMicroseconds: 0, so the workers park between calls and every call also tests waking them.
        using var team = new ThreadTeam(threads, idleSpinMicroseconds: threads == 2 ? 0 : 200);
        var model = new TestLstm(13, 200, seed: 43);
        var alone = new Team13x200x9();
        var split = new Team13x200x9();
        alone.LoadWeights(model.Weights);
        split.LoadWeights(model.Weights);
        var reference = model.Reference();
        const int calls = 300;
        var xs = TestData.Inputs(calls * 13, seed: 44, amplitude: 3f);
        float[] one = new float[200], many = new float[200];
        double worst = 0;
        for (int t = 0; t < calls; t++)
        {
            var x = xs.AsSpan(t * 13, 13);
            alone.Step(x, one);
            // Team and lone calls mix freely on one instance: they carry the same state and walk direction.
            if (t % 7 == 3)
                split.Step(x, many);
            else
                split.Step(x, many, team);
            reference.Step(x);
            Assert.True(one.AsSpan().SequenceEqual(many), $"Step {t} on {threads} threads differs from one core");
            worst = Math.Max(worst, AssertClose.Within(reference.H, many, $"Team13x200x9 Step {t} on {threads} threads"));
        }
        log.WriteLine($"Team13x200x9 Step x{calls} on {threads} threads ({SimdPath.Active}): bit-identical to one core, max abs error {worst:E2}");
    }

    [Fact]
    public void VariableStepsForwardOnATeamGrowsItsBufferAndStaysIdentical()
    {
        using var team = new ThreadTeam(2);
        var model = new TestLstm(3, 130, seed: 47);
        var alone = new TeamVariable3x130Seq();
        var split = new TeamVariable3x130Seq();
        alone.LoadWeights(model.Weights);
        split.LoadWeights(model.Weights);
        foreach (int steps in new[] { 1, 5, 40, 2 })
        {
            var input = TestData.Inputs(steps * 3, seed: steps, amplitude: 2f);
            float[] one = new float[steps * 130], many = new float[steps * 130];
            alone.Forward(input, one);
            split.Forward(input, many, team);
            Assert.Equal(one, many);
            AssertClose.Within(model.Reference().Sequence(input), many, $"TeamVariable3x130Seq Forward {steps} steps on 2 threads", log: log);
        }
    }

    [Fact]
    public void SmallLayersRunOnTheCallingThreadAlone()
    {
        using var two = new ThreadTeam(2);
        using var three = new ThreadTeam(3);
        // Each member needs at least TeamMinUnitsPerMember (64) units.
        Assert.Equal(64, KernelSizing.TeamMinUnitsPerMember);
        Assert.Equal(1, LstmTeam.Members(three, 1));
        Assert.Equal(1, LstmTeam.Members(three, 127));
        Assert.Equal(2, LstmTeam.Members(three, 128));
        Assert.Equal(2, LstmTeam.Members(three, 191));
        Assert.Equal(3, LstmTeam.Members(three, 192));
        Assert.Equal(2, LstmTeam.Members(two, 2800));

        // The overloads of a small layer give the lone kernel's results without entering the team: they succeed even
        // while the team is busy with another call.
        var model = new TestLstm(11, 29, seed: 53);
        var alone = new Odd11x29x7();
        var small = new Odd11x29x7();
        alone.LoadWeights(model.Weights);
        small.LoadWeights(model.Weights);
        var input = TestData.Inputs(7 * 11, seed: 54, amplitude: 2f);
        float[] one = new float[29], many = new float[29];
        using (new BusyTeam(two))
        {
            alone.Forward(input, one);
            small.Forward(input, many, two);
            Assert.Equal(one, many);
            alone.Step(input.AsSpan(0, 11), one);
            small.Step(input.AsSpan(0, 11), many, two);
            Assert.Equal(one, many);
        }
    }

    [Fact]
    public void ASmallLayerSplitsWhenTheTeamAllowsFewerUnitsPerMember()
    {
        // 29 units with at least 8 per member: three members, on Vector128 and scalar more than one tile each.
        using var team = new ThreadTeam(3, minUnitsPerMember: 8);
        Assert.Equal(3, LstmTeam.Members(team, 29));
        var model = new TestLstm(11, 29, seed: 57);
        var alone = new Odd11x29x7Seq();
        var split = new Odd11x29x7Seq();
        alone.LoadWeights(model.Weights);
        split.LoadWeights(model.Weights);
        var input = TestData.Inputs(7 * 11, seed: 58, amplitude: 2f);
        float[] one = new float[7 * 29], many = new float[7 * 29];
        alone.Forward(input, one);
        split.Forward(input, many, team);
        Assert.Equal(one, many);
        AssertClose.Within(model.Reference().Sequence(input), many, "Odd11x29x7Seq Forward on 3 threads, 8 units per member", log: log);
    }

    [Fact]
    public void ColumnsAreWholeTilesCoveringEveryColumnOnce()
    {
        foreach (int columns in new[] { 1, 2, 3, 7, 8, 13, 25, 200 })
            for (int members = 1; members <= Math.Min(4, (columns + 1) / 2); members++)
            {
                int next = 0;
                for (int m = 0; m < members; m++)
                {
                    LstmTeam.Columns(m, members, columns, out int first, out int end);
                    Assert.Equal(next, first);
                    Assert.True(first % 2 == 0 && end > first && (end % 2 == 0 || end == columns), $"{columns} columns, member {m} of {members}: [{first}, {end})");
                    next = end;
                }
                Assert.Equal(columns, next);
            }
    }

    [Fact]
    public void TeamCallsAllocateNothing()
    {
        using var team = new ThreadTeam(2);
        var model = new TestLstm(13, 200, seed: 59);
        var layer = new Team13x200x9Seq();
        layer.LoadWeights(model.Weights);
        var input = TestData.Inputs(9 * 13, seed: 60, amplitude: 2f);
        var output = new float[9 * 200];
        var h = new float[200];
        Assert.Equal(0, SteadyStateAllocations.Measure(50, () => layer.Forward(input, output, team)));
        Assert.Equal(0, SteadyStateAllocations.Measure(200, () => layer.Step(input.AsSpan(0, 13), h, team)));
    }

    [Fact]
    public void DisposeStopsTheWorkersAndLaterCallsThrow()
    {
        var team = new ThreadTeam(3);
        var layer = new Team13x200x9();
        layer.LoadWeights(new TestLstm(13, 200, seed: 61).Weights);
        var input = TestData.Inputs(9 * 13, seed: 62, amplitude: 2f);
        layer.Forward(input, new float[200], team);
        var workers = team.Workers.ToArray();
        Assert.Equal(2, workers.Length);
        Assert.All(workers, w => Assert.True(w.IsAlive));
        team.Dispose();
        Assert.All(workers, w => Assert.False(w.IsAlive));
        team.Dispose(); // a second Dispose does nothing
        var e = Assert.Throws<ObjectDisposedException>(() => layer.Forward(input, new float[200], team));
        Assert.Contains("ThreadTeam", e.Message);
        Assert.Throws<ObjectDisposedException>(() => layer.Step(input.AsSpan(0, 13), new float[200], team));
        // Small layers check the team too, though they would not use it.
        Assert.Throws<ObjectDisposedException>(() => new Odd11x29x7().Step(new float[11], new float[29], team));
    }

    [Fact]
    public void ASecondCallWhileATeamIsBusyThrows()
    {
        using var team = new ThreadTeam(2);
        var layer = new Team13x200x9();
        layer.LoadWeights(new TestLstm(13, 200, seed: 67).Weights);
        using (new BusyTeam(team))
        {
            var e = Assert.Throws<InvalidOperationException>(() => layer.Forward(new float[9 * 13], new float[200], team));
            Assert.Contains("one call at a time", e.Message);
        }
        layer.Forward(new float[9 * 13], new float[200], team); // free again
    }

    [Fact]
    public void ConstructorRejectsBadSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadTeam(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadTeam(257));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadTeam(2, idleSpinMicroseconds: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadTeam(2, minUnitsPerMember: 0));
        Assert.Throws<ArgumentNullException>(() => new Team13x200x9().Forward(new float[9 * 13], new float[200], null!));
    }

    // Holds a 2-member call on the team from another thread until disposed: member 0 waits inside it.
    private sealed class BusyTeam : IDisposable
    {
        private readonly ManualResetEventSlim _inside = new(), _release = new();
        private readonly Thread _caller;

        public BusyTeam(ThreadTeam team)
        {
            _caller = new Thread(() => LstmTeam.Run(team, (member, members) =>
            {
                if (member == 0)
                {
                    _inside.Set();
                    _release.Wait();
                }
            }, 2));
            _caller.Start();
            Assert.True(_inside.Wait(TimeSpan.FromSeconds(30)), "the team's call did not start");
        }

        public void Dispose()
        {
            _release.Set();
            _caller.Join();
            _inside.Dispose();
            _release.Dispose();
        }
    }
}

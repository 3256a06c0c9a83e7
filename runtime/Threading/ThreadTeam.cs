using System;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;

namespace LstmGen;

/// <summary>
/// A fixed team of threads that runs one sequence of a generated layer on several cores: the
/// <c>Forward(input, output, team)</c> and <c>Step(x, h, team)</c> overloads split each step's units between the
/// members, which meet at one spinning barrier per step. The calling thread is member 0; the other
/// <see cref="Threads"/> − 1 members are background threads started by the constructor and stopped by
/// <see cref="Dispose"/>.
/// </summary>
/// <remarks>
/// <para>A team serves one call at a time: a call while another runs on the same team (from any thread) throws
/// <see cref="InvalidOperationException"/>. Several layers may share a team if they are called one after the other.</para>
/// <para>Inside a call nothing blocks: the members spin at each step's barrier (yielding the core only after a long
/// wait, which happens when there are more members than free cores). Between calls a worker spins for
/// <c>idleSpinMicroseconds</c> so back-to-back calls start at once, then parks until the next call, so an idle team
/// costs no CPU; the first call after a park pays the wake-up.</para>
/// <para>Use no more threads than cores that are free: a member that is descheduled stalls every step of the others.</para>
/// </remarks>
public sealed class ThreadTeam : IDisposable
{
    private readonly Thread[] _workers;
    private readonly long _idleSpinTicks;
    private readonly object _parking = new();

    // The current call, written by the caller before it bumps _generation (a full fence), read by the workers after.
    private Action<int, int>? _work;
    private int _members;
    private Exception? _failure;

    private Shared _shared; // the counters members write while others spin on them, each on its own cache line
    private int _busy;      // 1 while a call runs: a second caller gets an exception rather than corrupted state
    private volatile bool _disposed;

    /// <summary>Starts a team of <paramref name="threads"/> members: the calling thread and <paramref name="threads"/> − 1 workers.</summary>
    /// <param name="threads">Members per call, at least 1 (1: every call runs on the calling thread alone).</param>
    /// <param name="idleSpinMicroseconds">How long an idle worker spins for the next call before it parks (0 or more).</param>
    /// <param name="minUnitsPerMember">Units each member must own (see <see cref="MinUnitsPerMember"/>), at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is below 1 or above 256,
    /// <paramref name="idleSpinMicroseconds"/> is negative, or <paramref name="minUnitsPerMember"/> is below 1.</exception>
    public ThreadTeam(int threads, int idleSpinMicroseconds = 200, int minUnitsPerMember = GeneratedCodeSupport.KernelSizing.TeamMinUnitsPerMember)
    {
        if (minUnitsPerMember < 1)
            throw new ArgumentOutOfRangeException(nameof(minUnitsPerMember), minUnitsPerMember, "minUnitsPerMember: expected at least 1 unit.");
        MinUnitsPerMember = minUnitsPerMember;
        if (threads < 1 || threads > 256)
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads: expected 1 to 256 members (the calling thread counts as one).");
        if (idleSpinMicroseconds < 0)
            throw new ArgumentOutOfRangeException(nameof(idleSpinMicroseconds), idleSpinMicroseconds, "idleSpinMicroseconds: expected 0 or more.");
        Threads = threads;
        _idleSpinTicks = idleSpinMicroseconds * Stopwatch.Frequency / 1_000_000;
        _workers = new Thread[threads - 1];
        for (int k = 0; k < _workers.Length; k++)
        {
            int member = k + 1;
            _workers[k] = new Thread(() => Work(member)) { IsBackground = true, Name = $"LstmGen ThreadTeam member {member}" };
            _workers[k].Start();
        }
    }

    /// <summary>Members per call: the calling thread and the workers.</summary>
    public int Threads { get; }

    /// <summary>
    /// Units each member must own for a layer to split: a layer of U units runs on at most U ÷ MinUnitsPerMember members
    /// (the calling thread alone below twice this). Below it the barrier each step costs more than the member's share of
    /// the step saves; the default, 64, is measured in docs/layers.md ("One sequence on several cores").
    /// </summary>
    public int MinUnitsPerMember { get; }

    /// <summary>Stops the workers (after the call in progress, if any) and waits for them to end.</summary>
    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        Interlocked.Increment(ref _shared.Generation);
        lock (_parking)
            Monitor.PulseAll(_parking);
        foreach (var worker in _workers)
            if (worker != Thread.CurrentThread)
                worker.Join();
    }

    internal bool IsDisposed => _disposed;

    /// <summary>The worker threads, for tests that check Dispose ends them.</summary>
    internal ReadOnlySpan<Thread> Workers => _workers;

    /// <summary>
    /// Runs <paramref name="work"/>(member, <paramref name="members"/>) on members 0 to <paramref name="members"/> − 1,
    /// member 0 on the calling thread, and returns when all have finished. Workers beyond <paramref name="members"/>
    /// sit the call out.
    /// </summary>
    internal void Run(Action<int, int> work, int members)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Exchange(ref _busy, 1) != 0)
            throw new InvalidOperationException("ThreadTeam: a call is already running on this team; a team serves one call at a time.");
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (members == 1 || _workers.Length == 0)
            {
                work(0, 1);
                return;
            }
            _work = work;
            _members = members;
            _failure = null;
            _shared.Pending = _workers.Length;
            Interlocked.Increment(ref _shared.Generation); // publishes the fields above
            if (Volatile.Read(ref _shared.Parked) > 0)
                lock (_parking)
                    Monitor.PulseAll(_parking);
            Exception? own = null;
            try { work(0, members); }
            catch (Exception e) { own = e; }
            for (int spins = 0; Volatile.Read(ref _shared.Pending) != 0; spins++)
                Pause(spins);
            _work = null;
            if (own is not null || _failure is not null)
                throw new InvalidOperationException("ThreadTeam: a member failed.", own ?? _failure);
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Waits until all <paramref name="members"/> of the current call have arrived; every member calls it the same
    /// number of times. Spins: no lock, no kernel event.
    /// </summary>
    internal void Barrier(int members)
    {
        // Read the phase before arriving: the last to arrive moves it on only after everyone has arrived.
        int phase = Volatile.Read(ref _shared.Phase);
        if (Interlocked.Increment(ref _shared.Arrived) == members)
        {
            _shared.Arrived = 0;
            Volatile.Write(ref _shared.Phase, phase + 1);
            return;
        }
        for (int spins = 0; Volatile.Read(ref _shared.Phase) == phase; spins++)
            Pause(spins);
    }

    // A short pause while another member finishes; after a long wait, give the core up: a member's share of one step
    // of the layers that split takes microseconds, so a wait of thousands of pauses (tens of µs) means a member is
    // descheduled (more members than free cores), and spinning on only delays it further.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Pause(int spins)
    {
        if (spins < 2_000)
            Thread.SpinWait(1);
        else
            Thread.Yield();
    }

    private void Work(int member)
    {
        int seen = 0;
        while (true)
        {
            seen = WaitForCall(seen);
            if (_disposed)
                return;
            if (member < _members)
            {
                try { _work!(member, _members); }
                catch (Exception e) { _failure = e; }
            }
            Interlocked.Decrement(ref _shared.Pending);
        }
    }

    // Spins for the next call up to _idleSpinTicks, then parks (idle only: never inside a call's steps).
    private int WaitForCall(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        for (int spins = 0; ; spins++)
        {
            int generation = Volatile.Read(ref _shared.Generation);
            if (generation != seen)
                return generation;
            if ((spins & 63) == 63 && Stopwatch.GetTimestamp() - start > _idleSpinTicks)
                break;
            Thread.SpinWait(1);
        }
        lock (_parking)
        {
            Interlocked.Increment(ref _shared.Parked); // a full fence: Run either sees it or we see its new generation
            try
            {
                while (Volatile.Read(ref _shared.Generation) == seen)
                    Monitor.Wait(_parking);
            }
            finally { Interlocked.Decrement(ref _shared.Parked); }
            return Volatile.Read(ref _shared.Generation);
        }
    }

    // Each counter on its own 64-byte line, so a member spinning on one does not slow the writes to another.
    [StructLayout(LayoutKind.Explicit, Size = 320)]
    private struct Shared
    {
        [FieldOffset(64)] public int Generation;
        [FieldOffset(128)] public int Pending;
        [FieldOffset(192)] public int Arrived;
        [FieldOffset(256)] public int Phase;
        [FieldOffset(256 + 4)] public int Parked;
    }
}

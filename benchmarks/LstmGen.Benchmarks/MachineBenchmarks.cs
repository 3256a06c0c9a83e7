using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Benchmarks;

/// <summary>
/// The machine's limits, measured in the same run as the kernels so that LstmGen.BenchReport can state each shape's
/// bound per resource in cycles (the roofline in docs/performance.md). Every row times one operation
/// (OperationsPerInvoke), at the vector width the widest generated kernels use here (Vector512 where it is
/// accelerated, else Vector256):
/// <list type="bullet">
/// <item>Cycle: one link of a chain of dependent integer adds, one cycle on every x86 core, so its time is the clock period.</item>
/// <item>FMA latency: one link of a chain of dependent FMAs.</item>
/// <item>FMA throughput: one FMA out of 16 independent chains (enough to cover the latency on two FMA ports).</item>
/// <item>L1 read, L2 read: one vector load of a 16 KiB buffer (in L1 on every core measured) or a 512 KiB one (in
/// L2, not L1), read over and over into 8 independent sums; time per vector, so bytes per cycle follow.</item>
/// <item>Activation chain: one LSTM cell update of one vector of units as the kernels do it after the sums,
/// i, f, o = σ, g = tanh, c = f∘c + i∘g, h = o∘tanh(c), with the next z depending on h: the σ/tanh part of a step's
/// critical path.</item>
/// </list>
/// </summary>
[Config(typeof(BenchConfig))]
public class MachineBenchmarks
{
    private const string Category = "Machine";
    private const int Links = 4096;
    private const int L1Bytes = 16 * 1024, L2Bytes = 512 * 1024, Passes = 8;

    private float[] _l1 = null!, _l2 = null!;

    [GlobalSetup]
    public void Setup()
    {
        _l1 = Buffer(L1Bytes);
        _l2 = Buffer(L2Bytes);
    }

    // Aligned to 64 bytes as the kernels' packed weights are (LstmLayout), so no load splits a cache line.
    private static float[] Buffer(int bytes)
    {
        var a = LstmLayout.AllocateAligned(bytes / sizeof(float));
        var values = LstmLayout.Aligned(a, bytes / sizeof(float));
        for (int i = 0; i < values.Length; i++) values[i] = (i & 1) == 0 ? 0.5f : -0.25f; // finite, no denormals
        return a;
    }

    private static ref float Aligned(float[] a) => ref MemoryMarshal.GetReference(LstmLayout.Aligned(a, 0));

    /// <summary>Vector width of these rows, in floats.</summary>
    public static int Width => Vector512.IsHardwareAccelerated ? 16 : 8;

    [Benchmark(Description = "Cycle (dependent add)", OperationsPerInvoke = Links * 8)]
    [BenchmarkCategory(Category)]
    public long Cycle()
    {
        long x = Environment.TickCount & 1, y = x | 3;
        for (int n = 0; n < Links; n++)
        {
            x += y; x ^= n; x += y; x ^= n; x += y; x ^= n; x += y; x ^= n;
        }
        return x;
    }

    [Benchmark(Description = "FMA latency", OperationsPerInvoke = Links)]
    [BenchmarkCategory(Category)]
    public float FmaLatency() => Vector512.IsHardwareAccelerated ? FmaChain<Ops512, Vector512<float>>() : FmaChain<Ops256, Vector256<float>>();

    [Benchmark(Description = "FMA throughput", OperationsPerInvoke = Links * 16)]
    [BenchmarkCategory(Category)]
    public float FmaThroughput() => Vector512.IsHardwareAccelerated ? FmaBlock<Ops512, Vector512<float>>() : FmaBlock<Ops256, Vector256<float>>();

    [Benchmark(Description = "L1 read (16 KiB)", OperationsPerInvoke = Passes * L1Bytes / 64)]
    [BenchmarkCategory(Category)]
    public float L1Read() => Read(_l1, L1Bytes, Passes);

    [Benchmark(Description = "L2 read (512 KiB)", OperationsPerInvoke = L2Bytes / 64)]
    [BenchmarkCategory(Category)]
    public float L2Read() => Read(_l2, L2Bytes, 1);

    [Benchmark(Description = "Activation chain", OperationsPerInvoke = Links)]
    [BenchmarkCategory(Category)]
    public float ActivationChain() => Vector512.IsHardwareAccelerated ? Cells<Ops512, Vector512<float>>() : Cells<Ops256, Vector256<float>>();

    // OperationsPerInvoke counts 64-byte lines (one Vector512 load or two Vector256 loads), so both widths report
    // the time per 64 bytes.
    private static float Read(float[] buffer, int bytes, int passes) =>
        Vector512.IsHardwareAccelerated ? ReadAll<Ops512, Vector512<float>>(ref Aligned(buffer), bytes / sizeof(float), passes)
            : ReadAll<Ops256, Vector256<float>>(ref Aligned(buffer), bytes / sizeof(float), passes);

    private static float ReadAll<TOps, TVec>(ref float p, int floats, int passes) where TOps : IOps<TVec> where TVec : struct
    {
        TVec s0 = TOps.Zero, s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int w = TOps.Width;
        for (int pass = 0; pass < passes; pass++)
            for (int i = 0; i < floats; i += 8 * w)
            {
                s0 = TOps.Add(s0, TOps.Load(ref p, i)); s1 = TOps.Add(s1, TOps.Load(ref p, i + w));
                s2 = TOps.Add(s2, TOps.Load(ref p, i + 2 * w)); s3 = TOps.Add(s3, TOps.Load(ref p, i + 3 * w));
                s4 = TOps.Add(s4, TOps.Load(ref p, i + 4 * w)); s5 = TOps.Add(s5, TOps.Load(ref p, i + 5 * w));
                s6 = TOps.Add(s6, TOps.Load(ref p, i + 6 * w)); s7 = TOps.Add(s7, TOps.Load(ref p, i + 7 * w));
            }
        return TOps.First(TOps.Add(TOps.Add(TOps.Add(s0, s1), TOps.Add(s2, s3)), TOps.Add(TOps.Add(s4, s5), TOps.Add(s6, s7))));
    }

    private static float FmaChain<TOps, TVec>() where TOps : IOps<TVec> where TVec : struct
    {
        TVec a = TOps.Broadcast(0.999f), b = TOps.Broadcast(1e-7f), c = a;
        for (int n = 0; n < Links; n++)
            c = TOps.Fma(c, a, b);
        return TOps.First(c);
    }

    private static float FmaBlock<TOps, TVec>() where TOps : IOps<TVec> where TVec : struct
    {
        TVec a = TOps.Broadcast(0.999f), b = TOps.Broadcast(1e-7f);
        TVec c0 = a, c1 = a, c2 = a, c3 = a, c4 = a, c5 = a, c6 = a, c7 = a, c8 = a, c9 = a, c10 = a, c11 = a, c12 = a, c13 = a, c14 = a, c15 = a;
        for (int n = 0; n < Links; n++)
        {
            c0 = TOps.Fma(c0, a, b); c1 = TOps.Fma(c1, a, b); c2 = TOps.Fma(c2, a, b); c3 = TOps.Fma(c3, a, b);
            c4 = TOps.Fma(c4, a, b); c5 = TOps.Fma(c5, a, b); c6 = TOps.Fma(c6, a, b); c7 = TOps.Fma(c7, a, b);
            c8 = TOps.Fma(c8, a, b); c9 = TOps.Fma(c9, a, b); c10 = TOps.Fma(c10, a, b); c11 = TOps.Fma(c11, a, b);
            c12 = TOps.Fma(c12, a, b); c13 = TOps.Fma(c13, a, b); c14 = TOps.Fma(c14, a, b); c15 = TOps.Fma(c15, a, b);
        }
        var s = TOps.Add(TOps.Add(TOps.Add(TOps.Add(c0, c1), TOps.Add(c2, c3)), TOps.Add(TOps.Add(c4, c5), TOps.Add(c6, c7))),
            TOps.Add(TOps.Add(TOps.Add(c8, c9), TOps.Add(c10, c11)), TOps.Add(TOps.Add(c12, c13), TOps.Add(c14, c15))));
        return TOps.First(s);
    }

    // The cell update with its real data dependencies; z for the next link is a fixed affine function of h, so the
    // chain runs through σ, tanh, the c update and tanh(c) every time, as from one step's sums to the next step's.
    private static float Cells<TOps, TVec>() where TOps : IOps<TVec> where TVec : struct
    {
        TVec c = TOps.Broadcast(0.1f), h = TOps.Broadcast(0.2f), w = TOps.Broadcast(0.7f);
        TVec bi = TOps.Broadcast(0.3f), bf = TOps.Broadcast(0.9f), bg = TOps.Broadcast(-0.2f), bo = TOps.Broadcast(0.5f);
        for (int n = 0; n < Links; n++)
        {
            TVec i = TOps.Sigmoid(TOps.Fma(h, w, bi)), f = TOps.Sigmoid(TOps.Fma(h, w, bf));
            TVec g = TOps.Tanh(TOps.Fma(h, w, bg)), o = TOps.Sigmoid(TOps.Fma(h, w, bo));
            c = TOps.Fma(f, c, TOps.Multiply(i, g));
            h = TOps.Multiply(o, TOps.Tanh(c));
        }
        return TOps.First(h);
    }

    private interface IOps<TVec> where TVec : struct
    {
        static abstract int Width { get; }
        static abstract TVec Zero { get; }
        static abstract TVec Broadcast(float value);
        static abstract TVec Load(ref float p, int offset);
        static abstract TVec Add(TVec a, TVec b);
        static abstract TVec Multiply(TVec a, TVec b);
        static abstract TVec Fma(TVec a, TVec b, TVec addend);
        static abstract TVec Sigmoid(TVec x);
        static abstract TVec Tanh(TVec x);
        static abstract float First(TVec x);
    }

    private readonly struct Ops512 : IOps<Vector512<float>>
    {
        public static int Width => 16;
        public static Vector512<float> Zero => Vector512<float>.Zero;
        public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
        public static Vector512<float> Load(ref float p, int offset) => Vector512.LoadUnsafe(ref p, (nuint)offset);
        public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
        public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
        public static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.MultiplyAddEstimate(a, b, addend);
        public static Vector512<float> Sigmoid(Vector512<float> x) => LstmMath.Sigmoid(x);
        public static Vector512<float> Tanh(Vector512<float> x) => LstmMath.Tanh(x);
        public static float First(Vector512<float> x) => x.ToScalar();
    }

    private readonly struct Ops256 : IOps<Vector256<float>>
    {
        public static int Width => 8;
        public static Vector256<float> Zero => Vector256<float>.Zero;
        public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
        public static Vector256<float> Load(ref float p, int offset) => Vector256.LoadUnsafe(ref p, (nuint)offset);
        public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
        public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
        public static Vector256<float> Fma(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.MultiplyAddEstimate(a, b, addend);
        public static Vector256<float> Sigmoid(Vector256<float> x) => LstmMath.Sigmoid(x);
        public static Vector256<float> Tanh(Vector256<float> x) => LstmMath.Tanh(x);
        public static float First(Vector256<float> x) => x.ToScalar();
    }
}

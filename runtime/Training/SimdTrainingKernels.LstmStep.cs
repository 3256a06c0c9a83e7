using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmGen.Training;

// The LSTM forward step as one kernel. Rows [1, x, h] times the packed [b, W_ih, W_hh]ᵀ: a tile holds 4 samples × the 4
// gates of one vector of units (16 accumulators; 4 weight loads and 4 broadcasts per 16 FMAs), so the bias and the input
// projection are columns of the same product, and each block of units ends with its cells while its gates are in L1. Units
// past the last whole vector take the scalar tile.
internal sealed partial class SimdTrainingKernels<TOps, TVec>
{
    public override void PackLstmWeights(ReadOnlySpan<float> bias, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, int input, int units,
        Span<float> packed)
    {
        int gates = 4 * units, k = 1 + input + units;
        Check(bias.Length, gates, nameof(bias));
        Check(weightIh.Length, (long)gates * input, nameof(weightIh));
        Check(weightHh.Length, (long)gates * units, nameof(weightHh));
        Check(packed.Length, PackedLstmLength(input, units), nameof(packed));
        for (int u = 0; u < units; u += UnitBlock(u, units))
        {
            int w = UnitBlock(u, units);
            var block = packed.Slice(4 * u * k, 4 * w * k);
            for (int g = 0; g < 4; g++)
                for (int l = 0; l < w; l++)
                {
                    int row = g * units + u + l, at = g * w + l;
                    block[at] = bias[row];
                    for (int p = 0; p < input; p++)
                        block[(1 + p) * 4 * w + at] = weightIh[row * input + p];
                    for (int p = 0; p < units; p++)
                        block[(1 + input + p) * 4 * w + at] = weightHh[row * units + p];
                }
        }
    }

    /// <summary>Units in the block starting at unit u: a whole vector, or one past the last whole vector.</summary>
    private static int UnitBlock(int u, int units) => u + TOps.Width <= units ? TOps.Width : 1;

    public override void LstmForwardStep(ReadOnlySpan<float> rows, int stride, int k, ReadOnlySpan<float> packed, ReadOnlySpan<float> cPrevious,
        Span<float> c, Span<float> h, Span<float> gates, int batch, int input, int units, Activation cell, Activation gate)
    {
        int columns = 1 + input + units;
        if (k < 1 || k > columns)
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k: expected 1 to {columns} columns, got {k}.");
        if (stride < columns)
            throw new ArgumentOutOfRangeException(nameof(stride), stride, $"stride: expected at least 1 + I + H = {columns}, got {stride}.");
        Check(rows.Length, (long)(batch - 1) * stride + k, nameof(rows));
        Check(packed.Length, PackedLstmLength(input, units), nameof(packed));
        Check(cPrevious.Length, (long)batch * units, nameof(cPrevious));
        Check(c.Length, (long)batch * units, nameof(c));
        Check(h.Length, (long)(batch - 1) * stride + units, nameof(h));
        Check(gates.Length, 4L * batch * units, nameof(gates));
        var step = new LstmStepRefs(ref At(rows, 0), stride, k, ref At(cPrevious, 0), ref At(c, 0), ref At(h, 0), ref At(gates, 0), units);
        int u = 0;
        for (; u + TOps.Width <= units; u += TOps.Width)
            ForwardUnits<TOps, TVec>(in step, ref At(packed, 4 * u * columns), u, batch, cell, gate);
        for (; u < units; u++)
            ForwardUnits<OpsScalar, float>(in step, ref At(packed, 4 * u * columns), u, batch, cell, gate);
    }

    /// <summary>The buffers of one forward step (refs to their first element); rows and h have the row stride of the rows.</summary>
    private readonly ref struct LstmStepRefs(ref float rows, int stride, int k, ref float cPrevious, ref float c, ref float h, ref float gates, int units)
    {
        public readonly ref float Rows = ref rows, CPrevious = ref cPrevious, C = ref c, H = ref h, Gates = ref gates;
        public readonly nint Stride = stride, Units = units;
        public readonly int K = k;
    }

    // At most this many columns of the product per pass over the rows: 80 rows of a 4-gate panel are 20 KB at 512 bits, so
    // the panel stays in L1 while every row tile reads it; between passes the tiles keep their sums in the gate buffer.
    // The passes split the columns evenly (157 = 79 + 78, not 80 + 77 or 64 + 64 + 29).
    private const int StepKBlock = 80;

    private static void ForwardUnits<O, V>(in LstmStepRefs s, ref float panel, int u, int batch, Activation cell, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        int passes = (s.K + StepKBlock - 1) / StepKBlock, block = (s.K + passes - 1) / passes;
        for (int p = 0; p < s.K; p += block)
        {
            int kc = Math.Min(block, s.K - p);
            ref float b = ref Unsafe.Add(ref panel, p * 4 * O.Width);
            int r = 0;
            for (; r + 4 <= batch; r += 4)
                GateTile4<O, V>(in s, ref b, u, r, p, kc);
            for (; r < batch; r++)
                GateTile1<O, V>(in s, ref b, u, r, p, kc);
        }
        Cells<O, V>(in s, u, 0, batch, cell, gate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GateTile4<O, V>(in LstmStepRefs s, ref float panel, int u, int r, int p0, int kc)
        where O : ISimdOps<V> where V : struct
    {
        nint w = O.Width, stride = s.Stride, units = s.Units;
        V i0, f0, g0, o0, i1, f1, g1, o1, i2, f2, g2, o2, i3, f3, g3, o3;
        ref float z = ref Unsafe.Add(ref s.Gates, 4 * r * units + u);
        if (p0 > 0)
        {
            (i0, f0, g0, o0) = (O.Load(ref z, 0), O.Load(ref z, units), O.Load(ref z, 2 * units), O.Load(ref z, 3 * units));
            (i1, f1, g1, o1) = (O.Load(ref z, 4 * units), O.Load(ref z, 5 * units), O.Load(ref z, 6 * units), O.Load(ref z, 7 * units));
            (i2, f2, g2, o2) = (O.Load(ref z, 8 * units), O.Load(ref z, 9 * units), O.Load(ref z, 10 * units), O.Load(ref z, 11 * units));
            (i3, f3, g3, o3) = (O.Load(ref z, 12 * units), O.Load(ref z, 13 * units), O.Load(ref z, 14 * units), O.Load(ref z, 15 * units));
        }
        else
        {
            i0 = f0 = g0 = o0 = i1 = f1 = g1 = o1 = i2 = f2 = g2 = o2 = i3 = f3 = g3 = o3 = O.Broadcast(0f);
        }
        ref float a = ref Unsafe.Add(ref s.Rows, r * stride + p0);
        ref float b = ref panel;
        for (int p = 0; p < kc; p++)
        {
            V wi = O.Load(ref b, 0), wf = O.Load(ref b, w), wg = O.Load(ref b, 2 * w), wo = O.Load(ref b, 3 * w);
            V x = O.Broadcast(a);
            i0 = O.MultiplyAdd(x, wi, i0); f0 = O.MultiplyAdd(x, wf, f0); g0 = O.MultiplyAdd(x, wg, g0); o0 = O.MultiplyAdd(x, wo, o0);
            x = O.Broadcast(Unsafe.Add(ref a, stride));
            i1 = O.MultiplyAdd(x, wi, i1); f1 = O.MultiplyAdd(x, wf, f1); g1 = O.MultiplyAdd(x, wg, g1); o1 = O.MultiplyAdd(x, wo, o1);
            x = O.Broadcast(Unsafe.Add(ref a, 2 * stride));
            i2 = O.MultiplyAdd(x, wi, i2); f2 = O.MultiplyAdd(x, wf, f2); g2 = O.MultiplyAdd(x, wg, g2); o2 = O.MultiplyAdd(x, wo, o2);
            x = O.Broadcast(Unsafe.Add(ref a, 3 * stride));
            i3 = O.MultiplyAdd(x, wi, i3); f3 = O.MultiplyAdd(x, wf, f3); g3 = O.MultiplyAdd(x, wg, g3); o3 = O.MultiplyAdd(x, wo, o3);
            a = ref Unsafe.Add(ref a, 1);
            b = ref Unsafe.Add(ref b, 4 * w);
        }
        StoreGates<O, V>(ref z, units, i0, f0, g0, o0);
        StoreGates<O, V>(ref Unsafe.Add(ref z, 4 * units), units, i1, f1, g1, o1);
        StoreGates<O, V>(ref Unsafe.Add(ref z, 8 * units), units, i2, f2, g2, o2);
        StoreGates<O, V>(ref Unsafe.Add(ref z, 12 * units), units, i3, f3, g3, o3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void GateTile1<O, V>(in LstmStepRefs s, ref float panel, int u, int r, int p0, int kc)
        where O : ISimdOps<V> where V : struct
    {
        nint w = O.Width, units = s.Units;
        ref float z = ref Unsafe.Add(ref s.Gates, 4 * r * units + u);
        V i = O.Broadcast(0f), f = i, g = i, o = i;
        if (p0 > 0)
            (i, f, g, o) = (O.Load(ref z, 0), O.Load(ref z, units), O.Load(ref z, 2 * units), O.Load(ref z, 3 * units));
        ref float a = ref Unsafe.Add(ref s.Rows, r * s.Stride + p0);
        ref float b = ref panel;
        for (int p = 0; p < kc; p++)
        {
            V x = O.Broadcast(Unsafe.Add(ref a, p));
            i = O.MultiplyAdd(x, O.Load(ref b, 0), i); f = O.MultiplyAdd(x, O.Load(ref b, w), f);
            g = O.MultiplyAdd(x, O.Load(ref b, 2 * w), g); o = O.MultiplyAdd(x, O.Load(ref b, 3 * w), o);
            b = ref Unsafe.Add(ref b, 4 * w);
        }
        StoreGates<O, V>(ref z, units, i, f, g, o);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGates<O, V>(ref float row, nint units, V i, V f, V g, V o) where O : ISimdOps<V> where V : struct
    {
        O.Store(i, ref row, 0);
        O.Store(f, ref row, units);
        O.Store(g, ref row, 2 * units);
        O.Store(o, ref row, 3 * units);
    }

    // The cells of samples r … r + rows − 1, units u…, from the pre-activations the tiles stored: activations (kept for
    // backward), c = f∘cPrevious + i∘g, h = o∘act(c).
    private static void Cells<O, V>(in LstmStepRefs s, int u, int r, int rows, Activation cell, Activation gate)
        where O : ISimdOps<V> where V : struct
    {
        nint units = s.Units;
        for (int end = r + rows; r < end; r++)
        {
            ref float row = ref Unsafe.Add(ref s.Gates, 4 * r * units + u);
            V i = Activate<O, V>(gate, O.Load(ref row, 0));
            V f = Activate<O, V>(gate, O.Load(ref row, units));
            V g = Activate<O, V>(cell, O.Load(ref row, 2 * units));
            V o = Activate<O, V>(gate, O.Load(ref row, 3 * units));
            nint at = r * units + u;
            V cNew = O.MultiplyAdd(f, O.Load(ref s.CPrevious, at), O.Multiply(i, g));
            O.Store(cNew, ref s.C, at);
            O.Store(O.Multiply(o, Activate<O, V>(cell, cNew)), ref s.H, r * s.Stride + u);
            StoreGates<O, V>(ref row, units, i, f, g, o);
        }
    }
}

using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace LstmGen.Training;

// The matrix product: register tiles of 4 rows × 3 vectors (12 accumulators, 3 loads of B and 4 broadcasts of A per
// 12 FMAs: fits the 16 registers of AVX2 and keeps the FMA units, not the loads, the limit), then 4 × 1 vectors, then
// the scalar struct for the last columns. k runs in blocks so a 3-vector panel of B stays in L1 while every row tile
// of A passes over it.
internal sealed partial class SimdTrainingKernels<TOps, TVec>
{
    // 256 rows of a 3-vector panel of B: 24 KB at 512 bits, half of L1.
    private const int KBlock = 256;

    public override void Multiply(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (m <= 0 || n <= 0)
            return;
        if (k <= 0)
        {
            if (!accumulate)
                for (int i = 0; i < m; i++)
                    c.Slice(i * ldc, n).Clear();
            return;
        }
        // Bounds once here; the tiles then address through refs without checks.
        if ((long)(m - 1) * aRowStride + (long)(k - 1) * aColumnStride >= a.Length || (long)(k - 1) * ldb + n > b.Length || (long)(m - 1) * ldc + n > c.Length)
            throw new ArgumentException($"Multiply: [{m}, {k}]·[{k}, {n}] does not fit spans of {a.Length}, {b.Length} and {c.Length} floats.");
        ref float a0 = ref MemoryMarshal.GetReference(a);
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float c0 = ref MemoryMarshal.GetReference(c);
        for (int p = 0; p < k; p += KBlock)
        {
            int kc = Math.Min(KBlock, k - p);
            Panels<TOps, TVec>(ref Unsafe.Add(ref a0, (nint)p * aColumnStride), aRowStride, aColumnStride,
                ref Unsafe.Add(ref b0, (nint)p * ldb), ldb, ref c0, ldc, m, n, kc, accumulate || p > 0);
        }
    }

    // Every column of C for one block of k: full tiles of width O, the rest by the scalar struct.
    private static void Panels<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int m, int n, int k, bool accumulate)
        where O : ITrainingSimd<V> where V : struct
    {
        int w = O.Width, j = 0;
        for (; j + 3 * w <= n; j += 3 * w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
                Tile4x3<O, V>(ref Unsafe.Add(ref a, i * aRow), aRow, aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, k, accumulate);
            for (; i < m; i++)
                Tile1x3<O, V>(ref Unsafe.Add(ref a, i * aRow), aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), k, accumulate);
        }
        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
                Tile4x1<O, V>(ref Unsafe.Add(ref a, i * aRow), aRow, aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, k, accumulate);
            for (; i < m; i++)
                Tile1x1<O, V>(ref Unsafe.Add(ref a, i * aRow), aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), k, accumulate);
        }
        if (j < n && w > 1)
            Panels<TrainingSimdScalar, float>(ref a, aRow, aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, j), ldc, m, n - j, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x3<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ITrainingSimd<V> where V : struct
    {
        nint w = O.Width;
        V c00, c01, c02, c10, c11, c12, c20, c21, c22, c30, c31, c32;
        if (accumulate)
        {
            c00 = O.Load(ref c, 0); c01 = O.Load(ref c, w); c02 = O.Load(ref c, 2 * w);
            c10 = O.Load(ref c, ldc); c11 = O.Load(ref c, ldc + w); c12 = O.Load(ref c, ldc + 2 * w);
            c20 = O.Load(ref c, 2 * ldc); c21 = O.Load(ref c, 2 * ldc + w); c22 = O.Load(ref c, 2 * ldc + 2 * w);
            c30 = O.Load(ref c, 3 * ldc); c31 = O.Load(ref c, 3 * ldc + w); c32 = O.Load(ref c, 3 * ldc + 2 * w);
        }
        else
        {
            c00 = c01 = c02 = c10 = c11 = c12 = c20 = c21 = c22 = c30 = c31 = c32 = O.Broadcast(0f);
        }
        for (int p = 0; p < k; p++)
        {
            V b0 = O.Load(ref b, 0), b1 = O.Load(ref b, w), b2 = O.Load(ref b, 2 * w);
            V x = O.Broadcast(a);
            c00 = O.MultiplyAdd(x, b0, c00); c01 = O.MultiplyAdd(x, b1, c01); c02 = O.MultiplyAdd(x, b2, c02);
            x = O.Broadcast(Unsafe.Add(ref a, aRow));
            c10 = O.MultiplyAdd(x, b0, c10); c11 = O.MultiplyAdd(x, b1, c11); c12 = O.MultiplyAdd(x, b2, c12);
            x = O.Broadcast(Unsafe.Add(ref a, 2 * aRow));
            c20 = O.MultiplyAdd(x, b0, c20); c21 = O.MultiplyAdd(x, b1, c21); c22 = O.MultiplyAdd(x, b2, c22);
            x = O.Broadcast(Unsafe.Add(ref a, 3 * aRow));
            c30 = O.MultiplyAdd(x, b0, c30); c31 = O.MultiplyAdd(x, b1, c31); c32 = O.MultiplyAdd(x, b2, c32);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        O.Store(c00, ref c, 0); O.Store(c01, ref c, w); O.Store(c02, ref c, 2 * w);
        O.Store(c10, ref c, ldc); O.Store(c11, ref c, ldc + w); O.Store(c12, ref c, ldc + 2 * w);
        O.Store(c20, ref c, 2 * ldc); O.Store(c21, ref c, 2 * ldc + w); O.Store(c22, ref c, 2 * ldc + 2 * w);
        O.Store(c30, ref c, 3 * ldc); O.Store(c31, ref c, 3 * ldc + w); O.Store(c32, ref c, 3 * ldc + 2 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x3<O, V>(ref float a, nint aColumn, ref float b, nint ldb, ref float c, int k, bool accumulate)
        where O : ITrainingSimd<V> where V : struct
    {
        nint w = O.Width;
        V c0, c1, c2;
        if (accumulate)
            (c0, c1, c2) = (O.Load(ref c, 0), O.Load(ref c, w), O.Load(ref c, 2 * w));
        else
            c0 = c1 = c2 = O.Broadcast(0f);
        for (int p = 0; p < k; p++)
        {
            V x = O.Broadcast(a);
            c0 = O.MultiplyAdd(x, O.Load(ref b, 0), c0);
            c1 = O.MultiplyAdd(x, O.Load(ref b, w), c1);
            c2 = O.MultiplyAdd(x, O.Load(ref b, 2 * w), c2);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        O.Store(c0, ref c, 0); O.Store(c1, ref c, w); O.Store(c2, ref c, 2 * w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ITrainingSimd<V> where V : struct
    {
        V c0, c1, c2, c3;
        if (accumulate)
            (c0, c1, c2, c3) = (O.Load(ref c, 0), O.Load(ref c, ldc), O.Load(ref c, 2 * ldc), O.Load(ref c, 3 * ldc));
        else
            c0 = c1 = c2 = c3 = O.Broadcast(0f);
        for (int p = 0; p < k; p++)
        {
            V b0 = O.Load(ref b, 0);
            c0 = O.MultiplyAdd(O.Broadcast(a), b0, c0);
            c1 = O.MultiplyAdd(O.Broadcast(Unsafe.Add(ref a, aRow)), b0, c1);
            c2 = O.MultiplyAdd(O.Broadcast(Unsafe.Add(ref a, 2 * aRow)), b0, c2);
            c3 = O.MultiplyAdd(O.Broadcast(Unsafe.Add(ref a, 3 * aRow)), b0, c3);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        O.Store(c0, ref c, 0); O.Store(c1, ref c, ldc); O.Store(c2, ref c, 2 * ldc); O.Store(c3, ref c, 3 * ldc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile1x1<O, V>(ref float a, nint aColumn, ref float b, nint ldb, ref float c, int k, bool accumulate)
        where O : ITrainingSimd<V> where V : struct
    {
        V c0 = accumulate ? O.Load(ref c, 0) : O.Broadcast(0f);
        for (int p = 0; p < k; p++)
        {
            c0 = O.MultiplyAdd(O.Broadcast(a), O.Load(ref b, 0), c0);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        O.Store(c0, ref c, 0);
    }
}

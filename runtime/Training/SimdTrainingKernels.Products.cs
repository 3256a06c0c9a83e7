using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen.Training;

// The matrix product. Register tiles of 4 rows × 3 vectors (12 accumulators; 3 loads of B and 4 broadcasts of A per 12
// FMAs, which fits the 16 registers of AVX2 and leaves the FMA units, not the loads, the limit), then 4 × 2 or 4 × 1 for
// the last whole vectors, run over k in blocks of KBlock. Per block, each column panel of B is first copied into a
// contiguous [k, panel] buffer, so the tiles stream it from L1 whatever B's row stride (power-of-two strides would
// otherwise map its rows onto a few cache sets); when A is read down its columns (a transposed product: the weight
// gradients) its rows are packed likewise, 4 at a time. Columns left after the whole vectors take narrower widths, then
// scalars.
internal sealed partial class SimdTrainingKernels<TOps, TVec>
{
    // 128 rows of a 3-vector panel of B: 24 KB at 512 bits, half of L1.
    private const int KBlock = 128;

    // Per thread, so products may later run on several threads: the packed B panel and the packed rows of A.
    [ThreadStatic] private static float[]? t_packedB;
    [ThreadStatic] private static float[]? t_packedA;

    private static float[] Scratch(ref float[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length)
            buffer = new float[length];
        return buffer;
    }

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
        int panel = 3 * TOps.Width, rows4 = m & ~3;
        bool packA = aColumnStride != 1 && rows4 > 0;
        ref float packedB = ref MemoryMarshal.GetArrayDataReference(Scratch(ref t_packedB, KBlock * panel));
        ref float packedA = ref MemoryMarshal.GetArrayDataReference(Scratch(ref t_packedA, packA ? KBlock * rows4 : 1));
        for (int p = 0; p < k; p += KBlock)
        {
            int kc = Math.Min(KBlock, k - p);
            bool add = accumulate || p > 0;
            ref float ap = ref Unsafe.Add(ref a0, (nint)p * aColumnStride);
            ref float bp = ref Unsafe.Add(ref b0, (nint)p * ldb);
            if (packA)
                PackRows(ref ap, aRowStride, aColumnStride, rows4, kc, ref packedA);
            int j = 0;
            // Panels of 3 vectors, then one of 2 or 1 for what remains of whole vectors, all through packed buffers.
            for (int vectors; (vectors = Math.Min(3, (n - j) / TOps.Width)) > 0; j += vectors * TOps.Width)
            {
                int width = vectors * TOps.Width;
                PackPanel(ref Unsafe.Add(ref bp, j), ldb, kc, width, ref packedB);
                int i = 0;
                for (; i < rows4; i += 4)
                {
                    ref float ci = ref Unsafe.Add(ref c0, i * (nint)ldc + j);
                    if (packA)
                        Tile4<TOps, TVec>(vectors, ref Unsafe.Add(ref packedA, i * kc), 1, 4, ref packedB, width, ref ci, ldc, kc, add);
                    else
                        Tile4<TOps, TVec>(vectors, ref Unsafe.Add(ref ap, i * (nint)aRowStride), aRowStride, aColumnStride, ref packedB, width, ref ci, ldc, kc, add);
                }
                for (; i < m; i++)
                    for (int v = 0; v < vectors; v++)
                        Tile1x1<TOps, TVec>(ref Unsafe.Add(ref ap, i * (nint)aRowStride), aColumnStride, ref Unsafe.Add(ref packedB, v * TOps.Width), width,
                            ref Unsafe.Add(ref c0, i * (nint)ldc + j + v * TOps.Width), kc, add);
            }
            if (j < n)
                Columns<TOps, TVec>(ref ap, aRowStride, aColumnStride, ref Unsafe.Add(ref bp, j), ldb, ref Unsafe.Add(ref c0, j), ldc, m, n - j, kc, add);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4<O, V>(int vectors, ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
    {
        if (vectors == 3)
            Tile4x3<O, V>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
        else if (vectors == 2)
            Tile4x2<O, V>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
        else
            Tile4x1<O, V>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
    }

    // [kc, panel] of B (row stride ldb) into a contiguous buffer.
    private static void PackPanel(ref float b, nint ldb, int kc, int panel, ref float packed)
    {
        for (int p = 0; p < kc; p++)
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref packed, p * panel)),
                ref Unsafe.As<float, byte>(ref Unsafe.Add(ref b, p * ldb)), (uint)(panel * sizeof(float)));
    }

    // A(i, p) for i < rows (a multiple of 4), p < kc, as [rows / 4][kc][4]: each tile's 4 rows side by side along k.
    private static void PackRows(ref float a, nint aRow, nint aColumn, int rows, int kc, ref float packed)
    {
        for (int i = 0; i < rows; i += 4)
        {
            ref float tile = ref Unsafe.Add(ref packed, i * kc);
            for (int p = 0; p < kc; p++)
            {
                ref float column = ref Unsafe.Add(ref a, i * aRow + p * aColumn);
                if (aRow == 1)
                    Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref tile, 4 * p)), Unsafe.ReadUnaligned<Vector128<float>>(ref Unsafe.As<float, byte>(ref column)));
                else
                    for (int r = 0; r < 4; r++)
                        Unsafe.Add(ref tile, 4 * p + r) = Unsafe.Add(ref column, r * aRow);
            }
        }
    }

    // The columns after the 3-vector panels, unpacked: single-vector tiles of width O, the rest by the next narrower width.
    private static void Columns<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int m, int n, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
    {
        int w = O.Width, j = 0;
        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
                Tile4x1<O, V>(ref Unsafe.Add(ref a, i * aRow), aRow, aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, k, accumulate);
            for (; i < m; i++)
                Tile1x1<O, V>(ref Unsafe.Add(ref a, i * aRow), aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), k, accumulate);
        }
        if (j == n)
            return;
        ref float bj = ref Unsafe.Add(ref b, j);
        ref float cj = ref Unsafe.Add(ref c, j);
        // The widths below this one are accelerated wherever this one is (and exact in software where it is not).
        if (w > 8)
            Columns<Ops256, Vector256<float>>(ref a, aRow, aColumn, ref bj, ldb, ref cj, ldc, m, n - j, k, accumulate);
        else if (w > 4)
            Columns<Ops128, Vector128<float>>(ref a, aRow, aColumn, ref bj, ldb, ref cj, ldc, m, n - j, k, accumulate);
        else if (w > 1)
            Columns<OpsScalar, float>(ref a, aRow, aColumn, ref bj, ldb, ref cj, ldc, m, n - j, k, accumulate);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x3<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
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
    private static void Tile4x2<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
    {
        nint w = O.Width;
        V c00, c01, c10, c11, c20, c21, c30, c31;
        if (accumulate)
        {
            c00 = O.Load(ref c, 0); c01 = O.Load(ref c, w);
            c10 = O.Load(ref c, ldc); c11 = O.Load(ref c, ldc + w);
            c20 = O.Load(ref c, 2 * ldc); c21 = O.Load(ref c, 2 * ldc + w);
            c30 = O.Load(ref c, 3 * ldc); c31 = O.Load(ref c, 3 * ldc + w);
        }
        else
        {
            c00 = c01 = c10 = c11 = c20 = c21 = c30 = c31 = O.Broadcast(0f);
        }
        for (int p = 0; p < k; p++)
        {
            V b0 = O.Load(ref b, 0), b1 = O.Load(ref b, w);
            V x = O.Broadcast(a);
            c00 = O.MultiplyAdd(x, b0, c00); c01 = O.MultiplyAdd(x, b1, c01);
            x = O.Broadcast(Unsafe.Add(ref a, aRow));
            c10 = O.MultiplyAdd(x, b0, c10); c11 = O.MultiplyAdd(x, b1, c11);
            x = O.Broadcast(Unsafe.Add(ref a, 2 * aRow));
            c20 = O.MultiplyAdd(x, b0, c20); c21 = O.MultiplyAdd(x, b1, c21);
            x = O.Broadcast(Unsafe.Add(ref a, 3 * aRow));
            c30 = O.MultiplyAdd(x, b0, c30); c31 = O.MultiplyAdd(x, b1, c31);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        O.Store(c00, ref c, 0); O.Store(c01, ref c, w);
        O.Store(c10, ref c, ldc); O.Store(c11, ref c, ldc + w);
        O.Store(c20, ref c, 2 * ldc); O.Store(c21, ref c, 2 * ldc + w);
        O.Store(c30, ref c, 3 * ldc); O.Store(c31, ref c, 3 * ldc + w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x1<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
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
        where O : ISimdOps<V> where V : struct
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

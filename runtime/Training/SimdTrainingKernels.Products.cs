using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen.Training;

// The matrix product. Register tiles of 4 rows × up to PanelVectors vectors (at 512 bits 4: 16 accumulators, 4 loads of B
// and 4 broadcasts of A per 16 FMAs, within the 32 registers of AVX-512; narrower widths 3, within the 16 of AVX2), the last
// whole vectors of a row in one narrower panel, run over k in blocks of KBlock. Per block, each column panel of B is read
// from a contiguous [k, panel] copy, so the tiles stream it from L1 whatever B's row stride (power-of-two strides would
// otherwise map its rows onto a few cache sets): made per call, or once by PackProductOperand for a B that many products
// share (the recurrent weights of every step). When A is read down its columns (a transposed product: the weight
// gradients) its rows are packed likewise, 4 at a time. Columns left after the whole vectors take narrower widths, then
// scalars.
internal sealed partial class SimdTrainingKernels<TOps, TVec>
{
    // 128 rows of a 4-vector panel of B: 32 KB at 512 bits, two thirds of L1.
    private const int KBlock = 128;

    private static int PanelVectors => TOps.Width == 16 ? 4 : 3;

    /// <summary>Vectors in the next panel when <paramref name="vectors"/> whole vectors remain: as few panels as
    /// PanelVectors allows, of even widths (10 vectors at 512 bits: 4, 3, 3 rather than 4, 4, 2).</summary>
    private static int NextPanel(int vectors) => vectors == 0 ? 0 : (vectors + (vectors + PanelVectors - 1) / PanelVectors - 1) / ((vectors + PanelVectors - 1) / PanelVectors);

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
        if (Empty(c, ldc, m, n, k, accumulate))
            return;
        CheckProduct(a, aRowStride, aColumnStride, c, ldc, m, n, k);
        if ((long)(k - 1) * ldb + n > b.Length)
            throw new ArgumentException($"Multiply: B [{k}, {n}] with row stride {ldb} does not fit a span of {b.Length} floats.", nameof(b));
        Product(ref MemoryMarshal.GetReference(a), aRowStride, aColumnStride, ref MemoryMarshal.GetReference(b), ldb, packed: false,
            ref MemoryMarshal.GetReference(c), ldc, m, n, k, accumulate);
    }

    public override void PackProductOperand(ReadOnlySpan<float> b, int ldb, int k, int n, Span<float> packed)
    {
        Check(b.Length, (long)(k - 1) * ldb + n, nameof(b));
        Check(packed.Length, (long)k * n, nameof(packed));
        ref float b0 = ref MemoryMarshal.GetReference(b);
        ref float packed0 = ref MemoryMarshal.GetReference(packed);
        for (int p = 0; p < k; p += KBlock)
        {
            int kc = Math.Min(KBlock, k - p);
            // The block's panels side by side, [kc, width] each, then the columns after the whole vectors as [kc, rest].
            for (int j = 0, width; j < n; j += width)
            {
                width = NextPanel((n - j) / TOps.Width) * TOps.Width;
                if (width == 0)
                    width = n - j;
                PackPanel(ref Unsafe.Add(ref b0, p * (nint)ldb + j), ldb, kc, width, ref Unsafe.Add(ref packed0, p * (nint)n + j * (nint)kc));
            }
        }
    }

    public override void MultiplyPacked(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, ReadOnlySpan<float> packedB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (Empty(c, ldc, m, n, k, accumulate))
            return;
        CheckProduct(a, aRowStride, aColumnStride, c, ldc, m, n, k);
        Check(packedB.Length, (long)k * n, nameof(packedB));
        Product(ref MemoryMarshal.GetReference(a), aRowStride, aColumnStride, ref MemoryMarshal.GetReference(packedB), n, packed: true,
            ref MemoryMarshal.GetReference(c), ldc, m, n, k, accumulate);
    }

    // Nothing to multiply: C is cleared (k = 0 without accumulate) or left as it is.
    private static bool Empty(Span<float> c, int ldc, int m, int n, int k, bool accumulate)
    {
        if (m > 0 && n > 0 && k > 0)
            return false;
        if (m > 0 && n > 0 && !accumulate)
            for (int i = 0; i < m; i++)
                c.Slice(i * ldc, n).Clear();
        return true;
    }

    // Bounds once here; the tiles then address through refs without checks.
    private static void CheckProduct(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, Span<float> c, int ldc, int m, int n, int k)
    {
        if ((long)(m - 1) * aRowStride + (long)(k - 1) * aColumnStride >= a.Length || (long)(m - 1) * ldc + n > c.Length)
            throw new ArgumentException($"Multiply: [{m}, {k}]·[{k}, {n}] does not fit spans of {a.Length} (A) and {c.Length} (C) floats.");
    }

    // b is B (row stride ldb) or, when packed, PackProductOperand's layout of it (ldb = n).
    private static void Product(ref float a0, nint aRowStride, nint aColumnStride, ref float b0, nint ldb, bool packed, ref float c0, nint ldc,
        int m, int n, int k, bool accumulate)
    {
        int panel = PanelVectors * TOps.Width, rows4 = m & ~3;
        bool packA = aColumnStride != 1 && rows4 > 0;
        ref float packedB = ref MemoryMarshal.GetArrayDataReference(Scratch(ref t_packedB, packed ? 1 : KBlock * panel));
        ref float packedA = ref MemoryMarshal.GetArrayDataReference(Scratch(ref t_packedA, packA ? KBlock * rows4 : 1));
        for (int p = 0; p < k; p += KBlock)
        {
            int kc = Math.Min(KBlock, k - p);
            bool add = accumulate || p > 0;
            ref float ap = ref Unsafe.Add(ref a0, p * aColumnStride);
            ref float bp = ref Unsafe.Add(ref b0, p * ldb); // packed: this block's panels (p·n)
            if (packA)
                PackRows(ref ap, aRowStride, aColumnStride, rows4, kc, ref packedA);
            int j = 0;
            for (int vectors; (vectors = NextPanel((n - j) / TOps.Width)) > 0; j += vectors * TOps.Width)
            {
                int width = vectors * TOps.Width;
                if (!packed)
                    PackPanel(ref Unsafe.Add(ref bp, j), ldb, kc, width, ref packedB);
                ref float bPanel = ref packed ? ref Unsafe.Add(ref bp, j * (nint)kc) : ref packedB;
                int i = 0;
                for (; i < rows4; i += 4)
                {
                    ref float ci = ref Unsafe.Add(ref c0, i * ldc + j);
                    if (packA)
                        Tile4<TOps, TVec>(vectors, ref Unsafe.Add(ref packedA, i * kc), 1, 4, ref bPanel, width, ref ci, ldc, kc, add);
                    else
                        Tile4<TOps, TVec>(vectors, ref Unsafe.Add(ref ap, i * aRowStride), aRowStride, aColumnStride, ref bPanel, width, ref ci, ldc, kc, add);
                }
                for (; i < m; i++)
                    for (int v = 0; v < vectors; v++)
                        Tile1x1<TOps, TVec>(ref Unsafe.Add(ref ap, i * aRowStride), aColumnStride, ref Unsafe.Add(ref bPanel, v * TOps.Width), width,
                            ref Unsafe.Add(ref c0, i * ldc + j + v * TOps.Width), kc, add);
            }
            if (j < n)
            {
                ref float bRest = ref packed ? ref Unsafe.Add(ref bp, j * (nint)kc) : ref Unsafe.Add(ref bp, j);
                Columns<TOps, TVec>(ref ap, aRowStride, aColumnStride, ref bRest, packed ? n - j : ldb, ref Unsafe.Add(ref c0, j), ldc, m, n - j, kc, add);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4<O, V>(int vectors, ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
    {
        if (vectors == 4)
            Tile4<O, V, FourVectors>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
        else if (vectors == 3)
            Tile4<O, V, ThreeVectors>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
        else if (vectors == 2)
            Tile4<O, V, TwoVectors>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
        else
            Tile4<O, V, OneVector>(ref a, aRow, aColumn, ref b, ldb, ref c, ldc, k, accumulate);
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

    // The columns after the panels, unpacked: single-vector tiles of width O, the rest by the next narrower width.
    private static void Columns<O, V>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int m, int n, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct
    {
        int w = O.Width, j = 0;
        for (; j + w <= n; j += w)
        {
            int i = 0;
            for (; i + 4 <= m; i += 4)
                Tile4<O, V, OneVector>(ref Unsafe.Add(ref a, i * aRow), aRow, aColumn, ref Unsafe.Add(ref b, j), ldb, ref Unsafe.Add(ref c, i * ldc + j), ldc, k, accumulate);
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

    // C[4 rows, N vectors] (+)= A·B. The accumulators of vectors ≥ N are never used, and the JIT drops them and their code.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4<O, V, N>(ref float a, nint aRow, nint aColumn, ref float b, nint ldb, ref float c, nint ldc, int k, bool accumulate)
        where O : ISimdOps<V> where V : struct where N : IVectorCount
    {
        nint w = O.Width;
        V zero = O.Broadcast(0f);
        V c00 = zero, c01 = zero, c02 = zero, c03 = zero, c10 = zero, c11 = zero, c12 = zero, c13 = zero;
        V c20 = zero, c21 = zero, c22 = zero, c23 = zero, c30 = zero, c31 = zero, c32 = zero, c33 = zero;
        if (accumulate)
        {
            VectorRow.Load<O, V, N>(ref c, w, ref c00, ref c01, ref c02, ref c03);
            VectorRow.Load<O, V, N>(ref Unsafe.Add(ref c, ldc), w, ref c10, ref c11, ref c12, ref c13);
            VectorRow.Load<O, V, N>(ref Unsafe.Add(ref c, 2 * ldc), w, ref c20, ref c21, ref c22, ref c23);
            VectorRow.Load<O, V, N>(ref Unsafe.Add(ref c, 3 * ldc), w, ref c30, ref c31, ref c32, ref c33);
        }
        for (int p = 0; p < k; p++)
        {
            V b0 = O.Load(ref b, 0);
            V b1 = N.Count > 1 ? O.Load(ref b, w) : zero;
            V b2 = N.Count > 2 ? O.Load(ref b, 2 * w) : zero;
            V b3 = N.Count > 3 ? O.Load(ref b, 3 * w) : zero;
            V x = O.Broadcast(a);
            c00 = O.MultiplyAdd(x, b0, c00);
            if (N.Count > 1) c01 = O.MultiplyAdd(x, b1, c01);
            if (N.Count > 2) c02 = O.MultiplyAdd(x, b2, c02);
            if (N.Count > 3) c03 = O.MultiplyAdd(x, b3, c03);
            x = O.Broadcast(Unsafe.Add(ref a, aRow));
            c10 = O.MultiplyAdd(x, b0, c10);
            if (N.Count > 1) c11 = O.MultiplyAdd(x, b1, c11);
            if (N.Count > 2) c12 = O.MultiplyAdd(x, b2, c12);
            if (N.Count > 3) c13 = O.MultiplyAdd(x, b3, c13);
            x = O.Broadcast(Unsafe.Add(ref a, 2 * aRow));
            c20 = O.MultiplyAdd(x, b0, c20);
            if (N.Count > 1) c21 = O.MultiplyAdd(x, b1, c21);
            if (N.Count > 2) c22 = O.MultiplyAdd(x, b2, c22);
            if (N.Count > 3) c23 = O.MultiplyAdd(x, b3, c23);
            x = O.Broadcast(Unsafe.Add(ref a, 3 * aRow));
            c30 = O.MultiplyAdd(x, b0, c30);
            if (N.Count > 1) c31 = O.MultiplyAdd(x, b1, c31);
            if (N.Count > 2) c32 = O.MultiplyAdd(x, b2, c32);
            if (N.Count > 3) c33 = O.MultiplyAdd(x, b3, c33);
            a = ref Unsafe.Add(ref a, aColumn);
            b = ref Unsafe.Add(ref b, ldb);
        }
        VectorRow.Store<O, V, N>(ref c, w, c00, c01, c02, c03);
        VectorRow.Store<O, V, N>(ref Unsafe.Add(ref c, ldc), w, c10, c11, c12, c13);
        VectorRow.Store<O, V, N>(ref Unsafe.Add(ref c, 2 * ldc), w, c20, c21, c22, c23);
        VectorRow.Store<O, V, N>(ref Unsafe.Add(ref c, 3 * ldc), w, c30, c31, c32, c33);
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

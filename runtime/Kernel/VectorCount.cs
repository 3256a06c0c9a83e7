using System.Runtime.CompilerServices;

namespace LstmGen;

/// <summary>
/// A count of SIMD vectors known to the JIT: the width of a register tile as a type argument, so one tile method serves
/// every width. Tests of <c>N.Count</c> are constants in each specialisation, and the accumulators a narrower tile never
/// uses are dropped with their code.
/// </summary>
internal interface IVectorCount { static abstract int Count { get; } }

internal readonly struct OneVector : IVectorCount { public static int Count => 1; }
internal readonly struct TwoVectors : IVectorCount { public static int Count => 2; }
internal readonly struct ThreeVectors : IVectorCount { public static int Count => 3; }
internal readonly struct FourVectors : IVectorCount { public static int Count => 4; }

/// <summary>Loads and stores the first <c>N.Count</c> of four consecutive vectors at <c>p</c>: one row of a register tile.</summary>
internal static class VectorRow
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Load<O, V, N>(ref float p, nint width, ref V v0, ref V v1, ref V v2, ref V v3)
        where O : ISimdOps<V> where V : struct where N : IVectorCount
    {
        v0 = O.Load(ref p, 0);
        if (N.Count > 1) v1 = O.Load(ref p, width);
        if (N.Count > 2) v2 = O.Load(ref p, 2 * width);
        if (N.Count > 3) v3 = O.Load(ref p, 3 * width);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store<O, V, N>(ref float p, nint width, V v0, V v1, V v2, V v3)
        where O : ISimdOps<V> where V : struct where N : IVectorCount
    {
        O.Store(v0, ref p, 0);
        if (N.Count > 1) O.Store(v1, ref p, width);
        if (N.Count > 2) O.Store(v2, ref p, 2 * width);
        if (N.Count > 3) O.Store(v3, ref p, 3 * width);
    }
}

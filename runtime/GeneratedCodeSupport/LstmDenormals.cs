using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// Flushes denormal (subnormal) floats, those with 0 &lt; |v| &lt; 2^-126, to zero of the same sign. x86 CPUs compute
/// an operation that reads or produces a denormal in microcode, tens to hundreds of times slower, unless MXCSR's
/// FTZ/DAZ bits are set, which .NET cannot do. The kernels therefore flush at their boundaries rather than in the
/// matrix products: inputs as they enter Run, the cell state and h where a tile writes them, and weights once when
/// they are packed. Zero, normal numbers, infinities and NaN pass unchanged (bit for bit), so results for inputs
/// without denormals are exactly what they were. Public only for generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmDenormals
{
    /// <summary>2^-126, the smallest positive normal float: anything smaller in magnitude (but zero) is denormal.</summary>
    public const float MinNormal = 1.17549435E-38f;

    // A lane is denormal-or-zero where |v| < MinNormal; clearing its magnitude bits (all but the sign) leaves ±0.
    private const uint MagnitudeBits = 0x7FFF_FFFFu;

    /// <summary><paramref name="v"/>, or ±0 where it is denormal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float v) => MathF.Abs(v) < MinNormal ? BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & ~MagnitudeBits) : v;

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Flush(Vector128<float> v) =>
        Vector128.AndNot(v, Vector128.LessThan(Vector128.Abs(v), Vector128.Create(MinNormal)) & Vector128.Create(MagnitudeBits).AsSingle());

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Flush(Vector256<float> v) =>
        Vector256.AndNot(v, Vector256.LessThan(Vector256.Abs(v), Vector256.Create(MinNormal)) & Vector256.Create(MagnitudeBits).AsSingle());

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flush(Vector512<float> v) =>
        Vector512.AndNot(v, Vector512.LessThan(Vector512.Abs(v), Vector512.Create(MinNormal)) & Vector512.Create(MagnitudeBits).AsSingle());

    /// <summary>Whether any element of <paramref name="values"/> is denormal (a read-only pass, vectorised).</summary>
    public static bool Contains(ReadOnlySpan<float> values)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var min = new Vector<float>(MinNormal);
            var any = Vector<int>.Zero;
            ref float v = ref MemoryMarshal.GetReference(values);
            for (; k + Vector<float>.Count <= values.Length; k += Vector<float>.Count)
            {
                var a = Vector.Abs(Vector.LoadUnsafe(ref v, (nuint)k));
                any |= Vector.LessThan(a, min) & Vector.GreaterThan(a, Vector<float>.Zero);
            }
            if (any != Vector<int>.Zero)
                return true;
        }
        for (; k < values.Length; k++)
            if (float.IsSubnormal(values[k]))
                return true;
        return false;
    }

    /// <summary>
    /// <paramref name="values"/> itself when it holds no denormal (the usual case: one read-only pass); otherwise a copy
    /// with its denormals flushed, in an array rented from <see cref="ArrayPool{T}.Shared"/> that <paramref name="rented"/>
    /// holds until <see cref="Return"/>. Thread-safe, and allocation-free once the pool has arrays of that size.
    /// </summary>
    public static ReadOnlySpan<float> Flushed(ReadOnlySpan<float> values, out float[]? rented)
    {
        rented = null;
        if (!Contains(values))
            return values;
        rented = ArrayPool<float>.Shared.Rent(values.Length);
        var copy = rented.AsSpan(0, values.Length);
        for (int k = 0; k < values.Length; k++)
            copy[k] = Flush(values[k]);
        return copy;
    }

    /// <summary>Returns the array <see cref="Flushed"/> rented, if it rented one.</summary>
    public static void Return(float[]? rented)
    {
        if (rented is not null)
            ArrayPool<float>.Shared.Return(rented);
    }

    /// <summary>Flushes the denormals of <paramref name="values"/> in place (a one-off pass, for weights as they are packed).</summary>
    public static void FlushInPlace(Span<float> values)
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = Flush(values[k]);
    }
}

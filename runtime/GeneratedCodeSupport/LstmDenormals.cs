using System;
using System.Buffers;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// Flushes denormal (subnormal) floats, those with 0 &lt; |v| &lt; 2^-126, and the tiniest normal ones, down to
/// <see cref="Threshold"/> = 2^-96, to zero of the same sign. x86 CPUs compute an operation that reads or produces a
/// denormal in microcode, tens to hundreds of times slower, unless MXCSR's FTZ/DAZ bits are set, which .NET cannot do.
/// The kernels therefore flush at their boundaries rather than in the matrix products: inputs as they enter Run, the
/// cell state and h where a tile writes them, and weights once when they are packed. The threshold sits above 2^-126
/// so that products of a flushed value with a weight or gate stay normal too: a state decaying through
/// 2^-126..2^-96 would otherwise make every W_hh·h product underflow, step after step. Zero, values of at least 2^-96
/// in magnitude, infinities and NaN pass unchanged (bit for bit). Public only for generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmDenormals
{
    /// <summary>
    /// 2^-96 ≈ 1.26e-29: values smaller in magnitude (but zero) are flushed. 2^30 above the smallest normal float, so
    /// a product with a weight or gate of magnitude 2^-30 or more (σ's smallest nonzero output is 2^-26) is still normal.
    /// </summary>
    public const float Threshold = 1.2621774E-29f;

    // A lane is flushed where |v| < Threshold: compared as integers (a positive float's bits order as its value), a
    // one-cycle compare where a float compare takes four, on the path from one step's c to the next step's products.
    // Kept lanes keep all their bits; flushed ones only the sign bit.
    private const int ThresholdBits = 0x0F80_0000; // the bits of 2^-96
    private const int MagnitudeBits = 0x7FFF_FFFF;

    /// <summary><paramref name="v"/>, or ±0 where its magnitude is below <see cref="Threshold"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Flush(float v) => MathF.Abs(v) < Threshold ? MathF.CopySign(0f, v) : v;

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Flush(Vector128<float> v)
    {
        var bits = v.AsInt32();
        var keep = Vector128.GreaterThan(bits & Vector128.Create(MagnitudeBits), Vector128.Create(ThresholdBits - 1)) | Vector128.Create(int.MinValue);
        return (bits & keep).AsSingle();
    }

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Flush(Vector256<float> v)
    {
        var bits = v.AsInt32();
        var keep = Vector256.GreaterThan(bits & Vector256.Create(MagnitudeBits), Vector256.Create(ThresholdBits - 1)) | Vector256.Create(int.MinValue);
        return (bits & keep).AsSingle();
    }

    /// <inheritdoc cref="Flush(float)"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Flush(Vector512<float> v)
    {
        var bits = v.AsInt32();
        var keep = Vector512.GreaterThan(bits & Vector512.Create(MagnitudeBits), Vector512.Create(ThresholdBits - 1)) | Vector512.Create(int.MinValue);
        return (bits & keep).AsSingle();
    }

    /// <summary>Whether any element of <paramref name="values"/> needs flushing (a read-only pass, vectorised).</summary>
    public static bool Contains(ReadOnlySpan<float> values)
    {
        int k = 0;
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var min = new Vector<float>(Threshold);
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
            if (values[k] != 0f && MathF.Abs(values[k]) < Threshold)
                return true;
        return false;
    }

    /// <summary>
    /// <paramref name="values"/> itself when it holds nothing to flush (the usual case: one read-only pass); otherwise a
    /// flushed copy, in an array rented from <see cref="ArrayPool{T}.Shared"/> that <paramref name="rented"/>
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

    /// <summary>Flushes <paramref name="values"/> in place (a one-off pass, for weights as they are packed).</summary>
    public static void FlushInPlace(Span<float> values)
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = Flush(values[k]);
    }
}

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// Splits a packed slot of two bfloat16 weights (see <see cref="LstmLayout.Pack(LstmWeights, Span{float}, int, WeightPrecision, string)"/>)
/// into two floats, in registers. A bfloat16 is the top 16 bits of a float32, so the high weight is the slot with its
/// low 16 bits cleared, and the low weight is the slot shifted left by 16: one operation each. Public only for generated code.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmBFloat16
{
    /// <summary>The low 16 bits of each slot (the even W_hh row) as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Low(Vector256<float> slots) => Vector256.ShiftLeft(slots.AsInt32(), 16).AsSingle();

    /// <summary>The high 16 bits of each slot (the odd W_hh row) as a float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> High(Vector256<float> slots) => (slots.AsInt32() & Vector256.Create(unchecked((int)0xFFFF0000))).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Low(Vector512<float> slots) => Vector512.ShiftLeft(slots.AsInt32(), 16).AsSingle();

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> High(Vector512<float> slots) => (slots.AsInt32() & Vector512.Create(unchecked((int)0xFFFF0000))).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Low(Vector128<float> slots) => Vector128.ShiftLeft(slots.AsInt32(), 16).AsSingle();

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> High(Vector128<float> slots) => (slots.AsInt32() & Vector128.Create(unchecked((int)0xFFFF0000))).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Low(float slot) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(slot) << 16);

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float High(float slot) => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(slot) & unchecked((int)0xFFFF0000));
}

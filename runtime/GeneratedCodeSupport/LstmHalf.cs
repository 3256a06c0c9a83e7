using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// Splits a packed slot of two IEEE halves (see <see cref="LstmLayout.Pack(LstmWeights, Span{float}, int, WeightPrecision, string)"/>)
/// into two floats, in registers. Public only for generated code.
/// </summary>
/// <remarks>
/// .NET has no vector Half→float conversion, so this uses integer operations: a half's sign goes to bit 31 and its
/// 15 exponent-and-mantissa bits to bits 27..13 of a float, which is then exactly the half's value times 2⁻¹¹²
/// (normal and subnormal halves alike, and zero stays zero). An arithmetic shift right by 3 of a slot puts the
/// high half there with the sign copied into bits 31..28; the mask keeps bit 31 and bits 27..13. The low half is
/// shifted to the top first. The kernel multiplies h by <see cref="Scale"/> = 2¹¹² instead of multiplying every
/// weight back, so one shift, an and (and for the low half one more shift) replace a float conversion. |h| ≤ 1 for
/// σ/tanh cells, far from float's limit at h·2¹¹² ≈ 2¹²⁸.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmHalf
{
    /// <summary>2¹¹²: h is multiplied by this so the decoded weights (value·2⁻¹¹²) need no scaling.</summary>
    public const float Scale = 5.192297E+33f;

    private const int Mask = unchecked((int)0x8FFFE000);

    /// <summary>The low half of each slot (the even W_hh row), times 2⁻¹¹².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Low(Vector256<float> slots) =>
        (Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(slots.AsInt32(), 16), 3) & Vector256.Create(Mask)).AsSingle();

    /// <summary>The high half of each slot (the odd W_hh row), times 2⁻¹¹².</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> High(Vector256<float> slots) =>
        (Vector256.ShiftRightArithmetic(slots.AsInt32(), 3) & Vector256.Create(Mask)).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Low(Vector512<float> slots) =>
        (Vector512.ShiftRightArithmetic(Vector512.ShiftLeft(slots.AsInt32(), 16), 3) & Vector512.Create(Mask)).AsSingle();

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> High(Vector512<float> slots) =>
        (Vector512.ShiftRightArithmetic(slots.AsInt32(), 3) & Vector512.Create(Mask)).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Low(Vector128<float> slots) =>
        (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(slots.AsInt32(), 16), 3) & Vector128.Create(Mask)).AsSingle();

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> High(Vector128<float> slots) =>
        (Vector128.ShiftRightArithmetic(slots.AsInt32(), 3) & Vector128.Create(Mask)).AsSingle();

    /// <inheritdoc cref="Low(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Low(float slot) => BitConverter.Int32BitsToSingle(((BitConverter.SingleToInt32Bits(slot) << 16) >> 3) & Mask);

    /// <inheritdoc cref="High(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float High(float slot) => BitConverter.Int32BitsToSingle((BitConverter.SingleToInt32Bits(slot) >> 3) & Mask);
}

using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace LstmGen.GeneratedCodeSupport;

/// <summary>
/// Splits a packed slot of four int8 weights (see <see cref="LstmLayout.Pack(LstmWeights, Span{float}, int, WeightPrecision, string)"/>)
/// into four floats, in registers. Public only for generated code.
/// </summary>
/// <remarks>
/// Byte j of a slot holds row k+j's q. Moved to the top byte with the bytes below it cleared, the slot read as an int32
/// is exactly q·2²⁴, which converts to float exactly: byte 0 needs one shift, byte 3 one mask, bytes 1 and 2 a shift and
/// a mask, then the conversion. The kernel's per-row scale is stored already divided by 2²⁴ (<see cref="Scale"/>), so
/// the decoded values need no further work. Only cross-platform vector operations are used, so every path shares this.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LstmInt8
{
    /// <summary>2²⁴: a decoded weight is q times this; the packed scales are divided by it.</summary>
    public const float Scale = 16777216f;

    private const int TopByte = unchecked((int)0xFF000000);

    /// <summary>Byte 0 of each slot (row k), as q·2²⁴.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Byte0(Vector256<float> slots) => Vector256.ConvertToSingle(Vector256.ShiftLeft(slots.AsInt32(), 24));

    /// <summary>Byte 1 of each slot (row k+1), as q·2²⁴.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Byte1(Vector256<float> slots) => Vector256.ConvertToSingle(Vector256.ShiftLeft(slots.AsInt32(), 16) & Vector256.Create(TopByte));

    /// <summary>Byte 2 of each slot (row k+2), as q·2²⁴.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Byte2(Vector256<float> slots) => Vector256.ConvertToSingle(Vector256.ShiftLeft(slots.AsInt32(), 8) & Vector256.Create(TopByte));

    /// <summary>Byte 3 of each slot (row k+3), as q·2²⁴.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Byte3(Vector256<float> slots) => Vector256.ConvertToSingle(slots.AsInt32() & Vector256.Create(TopByte));

    /// <inheritdoc cref="Byte0(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Byte0(Vector512<float> slots) => Vector512.ConvertToSingle(Vector512.ShiftLeft(slots.AsInt32(), 24));

    /// <inheritdoc cref="Byte1(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Byte1(Vector512<float> slots) => Vector512.ConvertToSingle(Vector512.ShiftLeft(slots.AsInt32(), 16) & Vector512.Create(TopByte));

    /// <inheritdoc cref="Byte2(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Byte2(Vector512<float> slots) => Vector512.ConvertToSingle(Vector512.ShiftLeft(slots.AsInt32(), 8) & Vector512.Create(TopByte));

    /// <inheritdoc cref="Byte3(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Byte3(Vector512<float> slots) => Vector512.ConvertToSingle(slots.AsInt32() & Vector512.Create(TopByte));

    /// <inheritdoc cref="Byte0(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Byte0(Vector128<float> slots) => Vector128.ConvertToSingle(Vector128.ShiftLeft(slots.AsInt32(), 24));

    /// <inheritdoc cref="Byte1(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Byte1(Vector128<float> slots) => Vector128.ConvertToSingle(Vector128.ShiftLeft(slots.AsInt32(), 16) & Vector128.Create(TopByte));

    /// <inheritdoc cref="Byte2(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Byte2(Vector128<float> slots) => Vector128.ConvertToSingle(Vector128.ShiftLeft(slots.AsInt32(), 8) & Vector128.Create(TopByte));

    /// <inheritdoc cref="Byte3(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Byte3(Vector128<float> slots) => Vector128.ConvertToSingle(slots.AsInt32() & Vector128.Create(TopByte));

    /// <inheritdoc cref="Byte0(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Byte0(float slot) => BitConverter.SingleToInt32Bits(slot) << 24;

    /// <inheritdoc cref="Byte1(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Byte1(float slot) => (BitConverter.SingleToInt32Bits(slot) << 16) & TopByte;

    /// <inheritdoc cref="Byte2(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Byte2(float slot) => (BitConverter.SingleToInt32Bits(slot) << 8) & TopByte;

    /// <inheritdoc cref="Byte3(Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Byte3(float slot) => BitConverter.SingleToInt32Bits(slot) & TopByte;
}

using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>LstmInt8's decode, exhaustively: every int8 value in every byte of a slot, on every width.</summary>
public sealed class LstmInt8DecodeTests
{
    [Fact]
    public void EveryInt8DecodesExactlyInEveryBytePosition()
    {
        var rng = new Random(8);
        for (int q = sbyte.MinValue; q <= sbyte.MaxValue; q++)
            for (int position = 0; position < 4; position++)
            {
                // The other three bytes hold arbitrary values: none may leak into the decoded one.
                int others = rng.Next() & ~(0xFF << (8 * position));
                float slot = BitConverter.Int32BitsToSingle(others | (q & 0xFF) << (8 * position));
                float expected = q * LstmInt8.Scale;
                Assert.Equal(expected, Decode(position, slot));
                var v128 = Vector128.Create(BitConverter.Int32BitsToSingle(rng.Next())).WithElement(position % 4, slot);
                var v256 = Vector256.Create(BitConverter.Int32BitsToSingle(rng.Next())).WithElement(position + 3, slot);
                var v512 = Vector512.Create(BitConverter.Int32BitsToSingle(rng.Next())).WithElement(position * 4 + 1, slot);
                Assert.Equal(expected, Decode(position, v128).GetElement(position % 4));
                Assert.Equal(expected, Decode(position, v256).GetElement(position + 3));
                Assert.Equal(expected, Decode(position, v512).GetElement(position * 4 + 1));
            }
    }

    [Fact]
    public void ScaleIsTwoToThe24() => Assert.Equal((double)LstmInt8.Scale, Math.Pow(2, 24));

    private static float Decode(int position, float slot) => position switch
    {
        0 => LstmInt8.Byte0(slot), 1 => LstmInt8.Byte1(slot), 2 => LstmInt8.Byte2(slot), _ => LstmInt8.Byte3(slot),
    };

    private static Vector128<float> Decode(int position, Vector128<float> slots) => position switch
    {
        0 => LstmInt8.Byte0(slots), 1 => LstmInt8.Byte1(slots), 2 => LstmInt8.Byte2(slots), _ => LstmInt8.Byte3(slots),
    };

    private static Vector256<float> Decode(int position, Vector256<float> slots) => position switch
    {
        0 => LstmInt8.Byte0(slots), 1 => LstmInt8.Byte1(slots), 2 => LstmInt8.Byte2(slots), _ => LstmInt8.Byte3(slots),
    };

    private static Vector512<float> Decode(int position, Vector512<float> slots) => position switch
    {
        0 => LstmInt8.Byte0(slots), 1 => LstmInt8.Byte1(slots), 2 => LstmInt8.Byte2(slots), _ => LstmInt8.Byte3(slots),
    };
}

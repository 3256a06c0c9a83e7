using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>LstmHalf's decode, exhaustively: every finite Half in both halves of a slot, on every width.</summary>
public sealed class LstmHalfDecodeTests
{
    [Fact]
    public void EveryFiniteHalfDecodesExactly()
    {
        for (int bits = 0; bits < 65536; bits++)
        {
            var value = BitConverter.UInt16BitsToHalf((ushort)bits);
            if (!Half.IsFinite(value))
                continue;
            float expected = (float)value;
            int other = (bits * 7919 + 12345) & 0xFFFF; // the slot's other half must not leak in
            float low = BitConverter.Int32BitsToSingle(bits | other << 16);
            float high = BitConverter.Int32BitsToSingle(other | bits << 16);
            Assert.Equal(expected, LstmHalf.Low(low) * LstmHalf.Scale);
            Assert.Equal(expected, LstmHalf.High(high) * LstmHalf.Scale);
            Assert.Equal(expected, LstmHalf.Low(Vector128.Create(low)).GetElement(2) * LstmHalf.Scale);
            Assert.Equal(expected, LstmHalf.High(Vector128.Create(high)).GetElement(1) * LstmHalf.Scale);
            Assert.Equal(expected, LstmHalf.Low(Vector256.Create(low)).GetElement(7) * LstmHalf.Scale);
            Assert.Equal(expected, LstmHalf.High(Vector256.Create(high)).GetElement(0) * LstmHalf.Scale);
        }
    }

    [Fact]
    public void EveryFiniteBFloat16DecodesExactly()
    {
        for (int bits = 0; bits < 65536; bits++)
        {
            float expected = BitConverter.Int32BitsToSingle(bits << 16); // a bfloat16 is a float's top 16 bits
            if (!float.IsFinite(expected))
                continue;
            int other = (bits * 7919 + 12345) & 0xFFFF;
            float low = BitConverter.Int32BitsToSingle(bits | other << 16);
            float high = BitConverter.Int32BitsToSingle(other | bits << 16);
            Assert.Equal(expected, LstmBFloat16.Low(low));
            Assert.Equal(expected, LstmBFloat16.High(high));
            Assert.Equal(expected, LstmBFloat16.Low(Vector128.Create(low)).GetElement(3));
            Assert.Equal(expected, LstmBFloat16.High(Vector256.Create(high)).GetElement(5));
        }
    }

    [Fact]
    public void ScaleIsTwoToThe112() => Assert.Equal((double)LstmHalf.Scale, Math.Pow(2, 112));
}

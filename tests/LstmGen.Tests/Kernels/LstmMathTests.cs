using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>The activations against float64 Math, over the whole float range the kernels can meet.</summary>
[Trait("Category", "Kernel")]
public sealed class LstmMathTests(ITestOutputHelper log)
{
    // The bounds LstmMath documents (measured 3.2e-7 and 1.7e-7 when the fit was made).
    private const double TanhBound = 3.3e-7, SigmoidBound = 2e-7;

    private static float[] Sweep()
    {
        var xs = new System.Collections.Generic.List<float>();
        for (double x = -100; x <= 100; x += 0.00137) xs.Add((float)x);             // dense in the interesting range
        // every 1024th float in [−20, 20] (by bit pattern): the fit's whole range at all scales, saturation included
        for (int bits = 0; bits <= BitConverter.SingleToInt32Bits(20f); bits += 1024) { float x = BitConverter.Int32BitsToSingle(bits); xs.Add(x); xs.Add(-x); }
        for (double x = 1e-30; x < 1e30; x *= 1.7) { xs.Add((float)x); xs.Add((float)-x); } // every magnitude
        xs.AddRange(new[] { 0f, -0f, float.MaxValue, float.MinValue, float.Epsilon, 88.7f, -87.4f, 44.5f, -44.5f });
        while (xs.Count % 16 != 0) xs.Add(0f);
        return xs.ToArray();
    }

    [Fact]
    public void SigmoidAndTanhMatchFloat64OnEveryPath()
    {
        var xs = Sweep();
        double worstSig = 0, worstTanh = 0;
        void Check(float x, float sig, float tanh, string path)
        {
            double es = 1 / (1 + Math.Exp(-(double)x)), et = Math.Tanh(x);
            Assert.True(float.IsFinite(sig) && float.IsFinite(tanh), $"{path}: non-finite at x = {x}");
            double ds = Math.Abs(sig - es), dt = Math.Abs(tanh - et);
            Assert.True(ds <= SigmoidBound, $"{path} σ({x}) = {sig}, expected {es} (|diff| {ds:E2})");
            Assert.True(dt <= TanhBound, $"{path} tanh({x}) = {tanh}, expected {et} (|diff| {dt:E2})");
            worstSig = Math.Max(worstSig, ds);
            worstTanh = Math.Max(worstTanh, dt);
        }
        for (int k = 0; k + 16 <= xs.Length; k += 16)
        {
            var v512 = Vector512.Create(xs, k);
            var s512 = LstmMath.Sigmoid(v512);
            var t512 = LstmMath.Tanh(v512);
            for (int lane = 0; lane < 16; lane++)
                Check(xs[k + lane], s512[lane], t512[lane], "Vector512");
        }
        for (int k = 0; k < xs.Length; k += 8)
        {
            var v256 = Vector256.Create(xs, k);
            var s256 = LstmMath.Sigmoid(v256);
            var t256 = LstmMath.Tanh(v256);
            var v128 = Vector128.Create(xs, k);
            var s128 = LstmMath.Sigmoid(v128);
            var t128 = LstmMath.Tanh(v128);
            for (int lane = 0; lane < 8; lane++)
            {
                float x = xs[k + lane];
                Check(x, s256[lane], t256[lane], "Vector256");
                if (lane < 4) Check(x, s128[lane], t128[lane], "Vector128");
                Check(x, LstmMath.Sigmoid(x), LstmMath.Tanh(x), "scalar");
            }
        }
        log.WriteLine($"{xs.Length} points: max |σ − σ64| = {worstSig:E2}, max |tanh − tanh64| = {worstTanh:E2}");
    }

    [Fact]
    public void NaNStaysNaNOnEveryPath()
    {
        Assert.True(float.IsNaN(LstmMath.Sigmoid(float.NaN)) && float.IsNaN(LstmMath.Tanh(float.NaN)), "scalar");
        Assert.True(float.IsNaN(LstmMath.Sigmoid(Vector128.Create(float.NaN))[3]) && float.IsNaN(LstmMath.Tanh(Vector128.Create(float.NaN))[3]), "Vector128");
        Assert.True(float.IsNaN(LstmMath.Sigmoid(Vector256.Create(float.NaN))[7]) && float.IsNaN(LstmMath.Tanh(Vector256.Create(float.NaN))[7]), "Vector256");
        Assert.True(float.IsNaN(LstmMath.Sigmoid(Vector512.Create(float.NaN))[15]) && float.IsNaN(LstmMath.Tanh(Vector512.Create(float.NaN))[15]), "Vector512");
    }

    [Fact]
    public void OvershootIsAtMostTwoUlpsOfOne()
    {
        // The rational forms may leave [0, 1] and [−1, 1] by rounding; LstmMath promises at most 2·2⁻²³.
        const float slack = 2f / (1 << 23);
        foreach (float x in Sweep())
        {
            float s = LstmMath.Sigmoid(Vector256.Create(x))[0], t = LstmMath.Tanh(Vector256.Create(x))[0];
            Assert.InRange(s, -slack, 1 + slack);
            Assert.InRange(t, -1 - slack, 1 + slack);
        }
    }
}

using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>
/// The activations models add (ReLU, both hard sigmoids, linear) in their float, Vector128, Vector256 and Vector512 forms, and
/// ModelKernels' Dense/Activate on the active path (CI reruns the Kernel category on the Vector128 and scalar paths),
/// against float64 formulas written in <see cref="ReferenceModel.Activate"/>.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class ModelKernelsTests
{
    public static TheoryData<Activation> ElementWise() => new()
    {
        Activation.Linear, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.HardSigmoidKeras2,
    };

    // Both sides of every clamp (±2.5 for Keras 2's, ±3 for PyTorch's), the kinks themselves, and far out.
    private static readonly float[] Points = new[] { -100f, -3.5f, -3f, -2.9f, -2.5f, -2.4f, -1f, -1e-3f, 0f, 1e-3f, 0.7f, 2.4f, 2.5f, 2.6f, 3f, 3.1f, 60f }
        .Concat(Enumerable.Range(0, 61).Select(k => -6f + 0.2f * k)).ToArray();

    private static float Scalar(Activation a, float x) => a switch
    {
        Activation.Linear => LstmMath.Linear(x),
        Activation.Relu => LstmMath.Relu(x),
        Activation.Tanh => LstmMath.Tanh(x),
        Activation.Sigmoid => LstmMath.Sigmoid(x),
        Activation.HardSigmoid => LstmMath.HardSigmoid(x),
        _ => LstmMath.HardSigmoidKeras2(x),
    };

    private static Vector128<float> V128(Activation a, Vector128<float> x) => a switch
    {
        Activation.Linear => LstmMath.Linear(x),
        Activation.Relu => LstmMath.Relu(x),
        Activation.Tanh => LstmMath.Tanh(x),
        Activation.Sigmoid => LstmMath.Sigmoid(x),
        Activation.HardSigmoid => LstmMath.HardSigmoid(x),
        _ => LstmMath.HardSigmoidKeras2(x),
    };

    private static Vector256<float> V256(Activation a, Vector256<float> x) => a switch
    {
        Activation.Linear => LstmMath.Linear(x),
        Activation.Relu => LstmMath.Relu(x),
        Activation.Tanh => LstmMath.Tanh(x),
        Activation.Sigmoid => LstmMath.Sigmoid(x),
        Activation.HardSigmoid => LstmMath.HardSigmoid(x),
        _ => LstmMath.HardSigmoidKeras2(x),
    };

    private static Vector512<float> V512(Activation a, Vector512<float> x) => a switch
    {
        Activation.Linear => LstmMath.Linear(x),
        Activation.Relu => LstmMath.Relu(x),
        Activation.Tanh => LstmMath.Tanh(x),
        Activation.Sigmoid => LstmMath.Sigmoid(x),
        Activation.HardSigmoid => LstmMath.HardSigmoid(x),
        _ => LstmMath.HardSigmoidKeras2(x),
    };

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void ScalarAndVectorFormsMatchFloat64(Activation activation)
    {
        foreach (float x in Points)
        {
            double expected = ReferenceModel.Activate(activation, x);
            double tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
            Assert.True(Math.Abs(Scalar(activation, x) - expected) <= tolerance, $"{activation}({x}) scalar = {Scalar(activation, x)}, expected {expected}");
            Assert.True(Math.Abs(V128(activation, Vector128.Create(x)).GetElement(3) - expected) <= tolerance, $"{activation}({x}) Vector128");
            Assert.True(Math.Abs(V256(activation, Vector256.Create(x)).GetElement(7) - expected) <= tolerance, $"{activation}({x}) Vector256");
            Assert.True(Math.Abs(V512(activation, Vector512.Create(x)).GetElement(15) - expected) <= tolerance, $"{activation}({x}) Vector512");
        }
    }

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void ActivateMatchesFloat64OnTheActivePathWithATail(Activation activation)
    {
        // 78 values: whole vectors on every path plus a tail of 6 (Vector256) or 2 (Vector128).
        var values = Points.ToArray();
        ModelKernels.Activate(values, activation);
        for (int k = 0; k < Points.Length; k++)
        {
            double expected = ReferenceModel.Activate(activation, Points[k]);
            Assert.True(Math.Abs(values[k] - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{activation}({Points[k]}) = {values[k]}, expected {expected}");
        }
    }

    [Theory]
    [InlineData(1, 1, Activation.Linear)]
    [InlineData(7, 13, Activation.Relu)]
    [InlineData(16, 8, Activation.HardSigmoidKeras2)]
    [InlineData(3, 21, Activation.Softmax)]
    [InlineData(40, 5, Activation.Tanh)]
    public void DenseMatchesFloat64(int input, int units, Activation activation)
    {
        var layer = (ReferenceModel.Dense)ReferenceModel.RandomDense(input, units, seed: input * 100 + units, activation);
        var model = new ReferenceModel(input, new[] { layer });
        var x = TestModel.Inputs(input, seed: 5, amplitude: 3f);
        var (expected, _) = model.Run(x, 1);
        var y = new float[units];
        ModelKernels.Dense(ModelKernels.PackDense((DenseWeights)layer.Weights), input, units, x, y, activation);
        for (int o = 0; o < units; o++)
            Assert.True(Math.Abs(y[o] - expected[o]) <= 1e-5, $"output {o}: {y[o]}, expected {expected[o]}");
    }

    [Fact]
    public void SoftmaxDoesNotOverflow()
    {
        var values = new[] { 1000f, 999f, -1000f };
        ModelKernels.Softmax(values);
        double e1 = Math.Exp(-1);
        Assert.Equal(1 / (1 + e1), values[0], 6);
        Assert.Equal(e1 / (1 + e1), values[1], 6);
        Assert.Equal(0f, values[2]);
    }

    [Fact]
    public void DenseWeightsFactoriesConvertAndCheck()
    {
        // Keras kernel [in, out] is the transpose of PyTorch's weight [out, in].
        var keras = DenseWeights.FromKeras(2, 3, new float[] { 1, 2, 3, 4, 5, 6 }, new float[] { 7, 8, 9 });
        Assert.Equal(new float[] { 1, 4, 2, 5, 3, 6 }, keras.Weight.ToArray());
        Assert.Equal(9, keras.ParameterCount);
        var noBias = DenseWeights.FromPyTorch(2, 3, new float[6], ReadOnlySpan<float>.Empty);
        Assert.Equal(new float[3], noBias.Bias.ToArray());
        var ex = Assert.Throws<ArgumentException>(() => DenseWeights.FromPyTorch(2, 3, new float[5], new float[3]));
        Assert.Contains("[3, 2]", ex.Message);
        Assert.Equal("bias", Assert.Throws<ArgumentException>(() => DenseWeights.FromKeras(2, 3, new float[6], new float[2])).ParamName);
        Assert.Throws<ArgumentException>(() => new ModelWeights());
    }
}

public sealed class GruWeightsTests
{
    /// <summary>Keras's [I, 3U] kernel (columns z, r, h) and [2, 3U] bias map onto PyTorch's rows r, z, n.</summary>
    [Fact]
    public void FromKerasReordersAndTransposes()
    {
        const int input = 2, units = 3, g3 = 9;
        // Value encodes (row-major position) so every element's destination can be checked.
        var kernel = Enumerable.Range(0, input * g3).Select(v => (float)v).ToArray();
        var recurrent = Enumerable.Range(0, units * g3).Select(v => 100f + v).ToArray();
        var bias = Enumerable.Range(0, 2 * g3).Select(v => 1000f + v).ToArray();
        var w = GruWeights.FromKeras(input, units, kernel, recurrent, bias);
        int[] kerasBlock = { 1, 0, 2 }; // PyTorch gate r, z, n ← Keras column block r = 1, z = 0, h = 2
        for (int gate = 0; gate < 3; gate++)
            for (int u = 0; u < units; u++)
            {
                int row = gate * units + u, column = kerasBlock[gate] * units + u;
                for (int i = 0; i < input; i++) Assert.Equal(kernel[i * g3 + column], w.WeightIh[row * input + i]);
                for (int j = 0; j < units; j++) Assert.Equal(recurrent[j * g3 + column], w.WeightHh[row * units + j]);
                Assert.Equal(bias[column], w.BiasIh[row]);
                Assert.Equal(bias[g3 + column], w.BiasHh[row]);
            }
        Assert.Equal(3L * units * (input + units + 2), w.ParameterCount);
    }

    /// <summary>reset_after=False: the one [3U] bias reordered into BiasIh, BiasHh zeros, the flag and count set.</summary>
    [Fact]
    public void FromKerasResetBeforeKeepsOneBias()
    {
        const int input = 2, units = 3, g3 = 9;
        var bias = Enumerable.Range(0, g3).Select(v => 1000f + v).ToArray();
        var w = GruWeights.FromKeras(input, units, new float[input * g3], new float[units * g3], bias, resetAfter: false);
        Assert.False(w.ResetAfter);
        int[] kerasBlock = { 1, 0, 2 };
        for (int gate = 0; gate < 3; gate++)
            for (int u = 0; u < units; u++)
                Assert.Equal(bias[kerasBlock[gate] * units + u], w.BiasIh[gate * units + u]);
        Assert.Equal(new float[g3], w.BiasHh.ToArray());
        Assert.Equal(3L * units * (input + units + 1), w.ParameterCount);
        Assert.Equal("GRU 2 -> 3 (reset_after=False)", w.ToString());
        Assert.True(GruWeights.FromKeras(input, units, new float[input * g3], new float[units * g3], new float[2 * g3]).ResetAfter);
        // use_bias=False: an empty bias is zeros in either convention.
        Assert.Equal(new float[g3], GruWeights.FromKeras(input, units, new float[input * g3], new float[units * g3], [], resetAfter: false).BiasIh.ToArray());
    }

    [Fact]
    public void BiasOfTheOtherConventionIsRejectedWithAHint()
    {
        var ex = Assert.Throws<ArgumentException>(() => GruWeights.FromKeras(2, 3, new float[18], new float[27], new float[9]));
        Assert.Equal("bias", ex.ParamName);
        Assert.Contains("[2, 9] = 18 floats (reset_after=True), got 9", ex.Message);
        Assert.Contains("pass resetAfter: false", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => GruWeights.FromKeras(2, 3, new float[18], new float[27], new float[18], resetAfter: false));
        Assert.Equal("bias", ex.ParamName);
        Assert.Contains("[9] = 9 floats (reset_after=False), got 18", ex.Message);
        Assert.Contains("pass resetAfter: true", ex.Message);
        ex = Assert.Throws<ArgumentException>(() => GruWeights.FromKeras(2, 3, new float[18], new float[27], new float[7], resetAfter: false));
        Assert.EndsWith("got 7. (Parameter 'bias')", ex.Message);
        Assert.Equal("recurrentKernel", Assert.Throws<ArgumentException>(() =>
            GruWeights.FromKeras(2, 3, new float[18], new float[26], new float[9], resetAfter: false)).ParamName);
    }
}

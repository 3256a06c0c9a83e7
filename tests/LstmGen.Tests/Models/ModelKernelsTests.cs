using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Tests;

/// <summary>
/// The activations models add (ReLU, both hard sigmoids, linear) in their float, Vector128, Vector256 and Vector512 forms, and
/// ModelKernels' Dense/Activate on the active path (CI reruns the Kernel category on the Vector128 and scalar paths),
/// against float64 formulas written in <see cref="ReferenceCells.Activate"/>.
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

    /// <summary>LstmMath's four forms of one activation.</summary>
    private sealed record Forms(Func<float, float> Scalar, Func<Vector128<float>, Vector128<float>> V128,
        Func<Vector256<float>, Vector256<float>> V256, Func<Vector512<float>, Vector512<float>> V512);

    private static Forms Of(Activation a) => a switch
    {
        Activation.Linear => new(LstmMath.Linear, LstmMath.Linear, LstmMath.Linear, LstmMath.Linear),
        Activation.Relu => new(LstmMath.Relu, LstmMath.Relu, LstmMath.Relu, LstmMath.Relu),
        Activation.Tanh => new(LstmMath.Tanh, LstmMath.Tanh, LstmMath.Tanh, LstmMath.Tanh),
        Activation.Sigmoid => new(LstmMath.Sigmoid, LstmMath.Sigmoid, LstmMath.Sigmoid, LstmMath.Sigmoid),
        Activation.HardSigmoid => new(LstmMath.HardSigmoid, LstmMath.HardSigmoid, LstmMath.HardSigmoid, LstmMath.HardSigmoid),
        _ => new(LstmMath.HardSigmoidKeras2, LstmMath.HardSigmoidKeras2, LstmMath.HardSigmoidKeras2, LstmMath.HardSigmoidKeras2),
    };

    [Theory]
    [MemberData(nameof(ElementWise))]
    public void ScalarAndVectorFormsMatchFloat64(Activation activation)
    {
        var forms = Of(activation);
        foreach (float x in Points)
        {
            double expected = ReferenceCells.Activate(activation, x);
            double tolerance = 1e-6 * Math.Max(1, Math.Abs(expected));
            Assert.True(Math.Abs(forms.Scalar(x) - expected) <= tolerance, $"{activation}({x}) scalar = {forms.Scalar(x)}, expected {expected}");
            Assert.True(Math.Abs(forms.V128(Vector128.Create(x)).GetElement(3) - expected) <= tolerance, $"{activation}({x}) Vector128");
            Assert.True(Math.Abs(forms.V256(Vector256.Create(x)).GetElement(7) - expected) <= tolerance, $"{activation}({x}) Vector256");
            Assert.True(Math.Abs(forms.V512(Vector512.Create(x)).GetElement(15) - expected) <= tolerance, $"{activation}({x}) Vector512");
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
            double expected = ReferenceCells.Activate(activation, Points[k]);
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
        var x = TestData.Inputs(input, seed: 5, amplitude: 3f);
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

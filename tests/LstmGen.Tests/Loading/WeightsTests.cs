namespace LstmGen.Tests;

/// <summary>LstmWeights' framework conversions, checked against layouts built independently from each framework's documented convention.</summary>
public sealed class WeightsTests
{
    private const int I = 3, U = 2;

    [Fact]
    public void PyTorchKeepsOrderAndSumsBiases()
    {
        var m = new TestLstm(I, U, 1);
        var w = LstmWeights.FromPyTorch(I, U, m.WeightIh, m.WeightHh, m.BiasIh, m.BiasHh);
        Assert.Equal(m.WeightIh, w.WeightIh.ToArray());
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
        Assert.Equal(m.BiasIh.Zip(m.BiasHh, (a, b) => a + b), w.Bias.ToArray());
        Assert.Equal(4L * U * (I + U + 1), w.ParameterCount);
    }

    [Fact]
    public void KerasKernelIsTransposedWithSameGateOrder()
    {
        var m = new TestLstm(I, U, 2);
        // Keras kernel[k, gate*U + u] = PyTorch weight_ih[gate*U + u, k] (i,f,c,o == i,f,g,o).
        var kernel = new float[I * 4 * U];
        var recurrent = new float[U * 4 * U];
        for (int row = 0; row < 4 * U; row++)
        {
            for (int k = 0; k < I; k++) kernel[k * 4 * U + row] = m.WeightIh[row * I + k];
            for (int k = 0; k < U; k++) recurrent[k * 4 * U + row] = m.WeightHh[row * U + k];
        }
        var bias = m.BiasIh.Zip(m.BiasHh, (a, b) => a + b).ToArray();
        var w = LstmWeights.FromKeras(I, U, kernel, recurrent, bias);
        Assert.Equal(m.WeightIh, w.WeightIh.ToArray());
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
        Assert.Equal(bias, w.Bias.ToArray());
    }

    [Fact]
    public void OnnxGatesAreReorderedAndBiasHalvesSummed()
    {
        var m = new TestLstm(I, U, 3);
        // ONNX stacks gates i, o, f, c; PyTorch i, f, g, o. ONNX block b holds PyTorch gate torchOf[b].
        int[] torchOf = { 0, 3, 1, 2 };
        var W = new float[4 * U * I];
        var R = new float[4 * U * U];
        var B = new float[8 * U];
        for (int block = 0; block < 4; block++)
            for (int u = 0; u < U; u++)
            {
                int src = torchOf[block] * U + u, dst = block * U + u;
                for (int k = 0; k < I; k++) W[dst * I + k] = m.WeightIh[src * I + k];
                for (int k = 0; k < U; k++) R[dst * U + k] = m.WeightHh[src * U + k];
                B[dst] = m.BiasIh[src];
                B[4 * U + dst] = m.BiasHh[src];
            }
        var w = LstmWeights.FromOnnx(I, U, W, R, B);
        Assert.Equal(m.WeightIh, w.WeightIh.ToArray());
        Assert.Equal(m.WeightHh, w.WeightHh.ToArray());
        Assert.Equal(m.BiasIh.Zip(m.BiasHh, (a, b) => a + b), w.Bias.ToArray());
    }

    [Fact]
    public void EmptyBiasMeansNoBias()
    {
        var m = new TestLstm(I, U, 4);
        Assert.All(LstmWeights.FromPyTorch(I, U, m.WeightIh, m.WeightHh, default, default).Bias.ToArray(), b => Assert.Equal(0f, b));
        Assert.All(LstmWeights.FromOnnx(I, U, new float[4 * U * I], new float[4 * U * U], default).Bias.ToArray(), b => Assert.Equal(0f, b));
        Assert.All(LstmWeights.FromKeras(I, U, new float[4 * U * I], new float[4 * U * U], default).Bias.ToArray(), b => Assert.Equal(0f, b));
    }

    [Fact]
    public void WrongLengthsNameTensorShapeAndActual()
    {
        var m = new TestLstm(I, U, 5);
        var e = Assert.Throws<ArgumentException>(() => LstmWeights.FromPyTorch(I, U, m.WeightIh[..^1], m.WeightHh, m.BiasIh, m.BiasHh));
        Assert.Equal("weightIh", e.ParamName);
        Assert.Contains("[8, 3]", e.Message);
        Assert.Contains("got 23", e.Message);

        e = Assert.Throws<ArgumentException>(() => LstmWeights.FromKeras(I, U, new float[24], new float[15], default));
        Assert.Equal("recurrentKernel", e.ParamName);
        Assert.Contains("[2, 8]", e.Message);

        e = Assert.Throws<ArgumentException>(() => LstmWeights.FromOnnx(I, U, new float[24], new float[16], new float[8]));
        Assert.Equal("b", e.ParamName);
        Assert.Contains("[16]", e.Message);
        Assert.Contains("got 8", e.Message);

        Assert.Throws<ArgumentOutOfRangeException>(() => LstmWeights.FromPyTorch(0, U, default, m.WeightHh, default, default));
        Assert.Throws<ArgumentOutOfRangeException>(() => LstmWeights.CreateRandom(3, -1, 0));
    }

    [Fact]
    public void CreateRandomIsDeterministic()
    {
        var a = LstmWeights.CreateRandom(5, 7, 42);
        var b = LstmWeights.CreateRandom(5, 7, 42);
        Assert.Equal(a.WeightHh.ToArray(), b.WeightHh.ToArray());
        Assert.NotEqual(a.WeightHh.ToArray(), LstmWeights.CreateRandom(5, 7, 43).WeightHh.ToArray());
        float bound = 1f / MathF.Sqrt(7);
        Assert.All(a.WeightIh.ToArray(), v => Assert.InRange(v, -bound, bound));
    }
}

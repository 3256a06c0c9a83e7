namespace LstmGen.Tests;

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

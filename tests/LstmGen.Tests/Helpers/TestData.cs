namespace LstmGen.Tests;

/// <summary>Deterministic uniform values: the one formula every random test weight and input is drawn with.</summary>
internal static class TestData
{
    /// <summary><paramref name="count"/> values in ±<paramref name="scale"/>, the next ones <paramref name="rng"/> gives.</summary>
    public static float[] Uniform(Random rng, int count, float scale)
    {
        var a = new float[count];
        for (int k = 0; k < count; k++) a[k] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    /// <summary>An input sequence (or batch): <paramref name="count"/> values in ±<paramref name="amplitude"/> from <paramref name="seed"/>.</summary>
    public static float[] Inputs(int count, int seed, float amplitude) => Uniform(new Random(seed), count, amplitude);
}

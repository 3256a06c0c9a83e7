using System;

namespace LstmGen.Training;

/// <summary>
/// A small deterministic generator (SplitMix64) for initialisation, shuffling and dropout masks: a value type, so drawing
/// allocates nothing, and its sequence is fixed by this code alone (not by a runtime version's <see cref="Random"/>).
/// A generator is made from any number of keys, so each (seed, epoch, batch, shard, layer) has its own stream.
/// </summary>
internal struct SeededRandom
{
    private ulong _state;

    public SeededRandom(long seed) => _state = Mix((ulong)seed);

    /// <summary>A generator for a combination of keys: each key is folded in with a full mixing round.</summary>
    public SeededRandom(long seed, long key1, long key2 = 0, long key3 = 0, long key4 = 0)
    {
        ulong s = Mix((ulong)seed);
        s = Mix(s ^ (ulong)key1);
        s = Mix(s ^ (ulong)key2);
        s = Mix(s ^ (ulong)key3);
        _state = Mix(s ^ (ulong)key4);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 24 random bits: every float32 multiple of 2⁻²⁴.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [0, <paramref name="count"/>), unbiased (rejection of the top partial range).</summary>
    public int NextInt(int count)
    {
        ulong n = (ulong)count, limit = ulong.MaxValue - ulong.MaxValue % n;
        ulong v;
        do
            v = NextUInt64();
        while (v >= limit);
        return (int)(v % n);
    }

    /// <summary>Fills <paramref name="order"/> with 0 … n − 1 in a uniformly random order (Fisher–Yates).</summary>
    public static void Permutation(Span<int> order, ref SeededRandom random)
    {
        for (int k = 0; k < order.Length; k++)
            order[k] = k;
        for (int k = order.Length - 1; k > 0; k--)
        {
            int j = random.NextInt(k + 1);
            (order[k], order[j]) = (order[j], order[k]);
        }
    }
}

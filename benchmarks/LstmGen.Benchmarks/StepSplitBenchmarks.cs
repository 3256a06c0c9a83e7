using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Benchmarks;

/// <summary>
/// Where the time of one small streaming Step goes. Per shape (Input = 1, Units = 8, 16, 64) three rows:
/// the full generated <c>Step</c> (the baseline of each category), the activations of one step alone, and the
/// matrix work of one step alone. "Activations only" and "Matrix only" are separate loops, so their sum is only
/// an estimate of the split: inside the real Step the CPU overlaps them out of order.
/// </summary>
/// <remarks>
/// <para><b>Matrix only</b>: z = b + W_ih·x + W_hh·h for all four gates, as a plain Vector256 loop over the same
/// packed weights the kernel streams (<see cref="LstmLayout.Pack"/>, width 8: 4·U·(1 + I + U) floats), with the
/// same number of independent accumulators as the generated tile (gates × tile columns × 2 sets for even and odd
/// rows), but a run-time row loop instead of the generator's unrolled one. z is stored (4·U floats).</para>
/// <para><b>Activations only</b>: per vector of 8 units exactly what the kernel does after the FMAs:
/// σ(f), σ(i), tanh(g) → c = σ(f)∘c + σ(i)∘tanh(g) (c stored) → σ(o)∘tanh(c) (h stored): 3 σ + 2 tanh of
/// <see cref="LstmMath"/> on Vector256, with the same data dependencies. Its inputs are real pre-activations:
/// 16 sets of z recorded in setup from this model's own recurrence (steps 240–255 of the 256 inputs), taken in
/// turn (4·U floats loaded per call, from L1), c carried between calls as in Step.</para>
/// <para>Setup checks that Matrix-then-Activations, fed back, reproduces the generated Step's h over all 256
/// inputs within 1e-5, so both halves compute the real thing.</para>
/// </remarks>
[Config(typeof(BenchConfig))]
public class StepSplitBenchmarks
{
    private const string S8 = "Split 1x8", S16 = "Split 1x16", S64 = "Split 1x64";
    private const int InputCount = 256; // as StepBenchmarks: same seed, same inputs
    private const int ZSets = 16;

    private float[] _xs = null!;
    private Stream1x8 _g8 = null!;
    private Stream1x16 _g16 = null!;
    private Stream1x64 _g64 = null!;
    private float[] _h8 = null!, _h16 = null!, _h64 = null!;
    private Split _s8 = null!, _s16 = null!, _s64 = null!;
    private int _t;

    [GlobalSetup]
    public void Setup()
    {
        _xs = Check.Inputs(InputCount, seed: 2);
        (_g8, _h8, _s8) = Make(new Stream1x8());
        (_g16, _h16, _s16) = Make(new Stream1x16());
        (_g64, _h64, _s64) = Make(new Stream1x64());
    }

    private (T, float[], Split) Make<T>(T generated) where T : ILstmLayer
    {
        var weights = Models.Weights(generated.Input, generated.Units);
        generated.LoadWeights(weights);
        var split = new Split(weights, _xs);
        Check.AgreeStreaming($"Matrix + activations 1x{generated.Units} vs generated Step", generated, split.FullStep, split.ResetState, _xs);
        split.Record(_xs);
        generated.ResetState();
        return (generated, new float[generated.Units], split);
    }

    private ReadOnlySpan<float> NextX() => _xs.AsSpan(_t++ & (InputCount - 1), 1);

    [Benchmark(Baseline = true, Description = "Step (generated)"), BenchmarkCategory(S8)]
    public void Step8() => _g8.Step(NextX(), _h8);

    [Benchmark(Description = "Activations only"), BenchmarkCategory(S8)]
    public void Activations8() => _s8.ActivationsNext();

    [Benchmark(Description = "Matrix only"), BenchmarkCategory(S8)]
    public void Matrix8() => _s8.MatrixOnly(NextX());

    [Benchmark(Baseline = true, Description = "Step (generated)"), BenchmarkCategory(S16)]
    public void Step16() => _g16.Step(NextX(), _h16);

    [Benchmark(Description = "Activations only"), BenchmarkCategory(S16)]
    public void Activations16() => _s16.ActivationsNext();

    [Benchmark(Description = "Matrix only"), BenchmarkCategory(S16)]
    public void Matrix16() => _s16.MatrixOnly(NextX());

    [Benchmark(Baseline = true, Description = "Step (generated)"), BenchmarkCategory(S64)]
    public void Step64() => _g64.Step(NextX(), _h64);

    [Benchmark(Description = "Activations only"), BenchmarkCategory(S64)]
    public void Activations64() => _s64.ActivationsNext();

    [Benchmark(Description = "Matrix only"), BenchmarkCategory(S64)]
    public void Matrix64() => _s64.MatrixOnly(NextX());

    /// <summary>One shape's two halves, on the weights packed as the kernel packs them (Vector256: width 8).</summary>
    private sealed class Split
    {
        private const int W = 8;
        private readonly int _input, _units, _rows;
        private readonly float[] _packedArray;
        private readonly int _packedLength;
        private readonly float[] _z, _c, _h, _zSets, _hFixed;
        private int _set;

        public Split(LstmWeights weights, float[] xs)
        {
            _input = weights.Input;
            _units = weights.Units;
            if (_units % W != 0)
                throw new ArgumentException("Split covers Units that are multiples of 8 (no padding).");
            _rows = 1 + _input + _units;
            _packedLength = LstmLayout.PackedLength(_input, _units, W); // 4·U·(1 + I + U)
            _packedArray = LstmLayout.AllocateAligned(_packedLength);
            LstmLayout.Pack(weights, LstmLayout.Aligned(_packedArray, _packedLength), W);
            _z = new float[4 * _units];
            _c = new float[_units];
            _h = new float[_units];
            _zSets = new float[ZSets * 4 * _units];
            _hFixed = new float[_units];
        }

        private ref float Weights => ref MemoryMarshal.GetReference(LstmLayout.Aligned(_packedArray, _packedLength));

        public void ResetState()
        {
            Array.Clear(_c);
            Array.Clear(_h);
        }

        /// <summary>Matrix then activations: one whole step (for the agreement check), h out.</summary>
        public void FullStep(ReadOnlySpan<float> x, Span<float> h)
        {
            Matrix(ref Weights, x, _h, _z);
            Activations(_z, _c, _h);
            _h.CopyTo(h);
        }

        /// <summary>Runs all inputs from a zero state, keeping the z of the last 16 steps and the h before the last.</summary>
        public void Record(float[] xs)
        {
            ResetState();
            for (int t = 0; t < xs.Length; t++)
            {
                if (t == xs.Length - 1)
                    _h.CopyTo(_hFixed);
                Matrix(ref Weights, xs.AsSpan(t, 1), _h, _z);
                int set = t - (xs.Length - ZSets);
                if (set >= 0)
                    _z.CopyTo(_zSets, set * 4 * _units);
                Activations(_z, _c, _h);
            }
        }

        public void MatrixOnly(ReadOnlySpan<float> x) => Matrix(ref Weights, x, _hFixed, _z);

        public void ActivationsNext() => Activations(_zSets.AsSpan(((_set++) & (ZSets - 1)) * 4 * _units, 4 * _units), _c, _h);

        /// <summary>
        /// z = b + W_ih·x + W_hh·h. Tiles of two columns of 8 units (one column when only one is left), rows
        /// [gate][column][lane] as LstmLayout packs them; z is written in the same order, tile after tile.
        /// </summary>
        private void Matrix(ref float w, ReadOnlySpan<float> x, ReadOnlySpan<float> h, Span<float> z)
        {
            int columns = _units / W;
            ref float zr = ref MemoryMarshal.GetReference(z);
            for (int col = 0; col < columns; col += 2)
            {
                ref float tile = ref Unsafe.Add(ref w, col * 4 * W * _rows);
                if (col + 1 < columns)
                    Tile<TwoColumns>(ref tile, x, h, ref Unsafe.Add(ref zr, col * 4 * W));
                else
                    Tile<OneColumn>(ref tile, x, h, ref Unsafe.Add(ref zr, col * 4 * W));
            }
        }

        // Columns × 4 gates × 2 sets (even / odd h rows) = 8 or 16 accumulators, as the generated one- and two-column
        // tiles. A weight row is 4·columns vectors; a / b hold its first four (even / odd h rows), a2 / b2 the other
        // four of a two-column tile. The JIT compiles one body per TColumns, with `two` a constant.
        private void Tile<TColumns>(ref float w, ReadOnlySpan<float> x, ReadOnlySpan<float> h, ref float z)
            where TColumns : struct, ITileColumns
        {
            bool two = TColumns.Count == 2;
            const nuint Half = 4 * W; // where a2 and b2 start within their half of a row
            int row = TColumns.Count * 4 * W; // floats per weight row: the odd-h (b) half starts there
            var a = Vector256x4.Load(ref w, 0);
            var a2 = two ? Vector256x4.Load(ref w, Half) : default;
            Vector256x4 b = default, b2 = default;
            ref float r = ref Unsafe.Add(ref w, row);
            for (int k = 0; k < _input; k++)
            {
                var v = Vector256.Create(x[k]);
                a.MultiplyAdd(ref r, 0, v);
                if (two) a2.MultiplyAdd(ref r, Half, v);
                r = ref Unsafe.Add(ref r, row);
            }
            for (int k = 0; k < _units; k += 2)
            {
                var v = Vector256.Create(h[k]);
                a.MultiplyAdd(ref r, 0, v);
                if (two) a2.MultiplyAdd(ref r, Half, v);
                v = Vector256.Create(h[k + 1]);
                b.MultiplyAdd(ref r, (nuint)row, v);
                if (two) b2.MultiplyAdd(ref r, (nuint)row + Half, v);
                r = ref Unsafe.Add(ref r, 2 * row);
            }
            a.StoreSum(b, ref z, 0);
            if (two) a2.StoreSum(b2, ref z, Half);
        }

        /// <summary>
        /// The kernel's gate step for every vector of 8 units, z in the Matrix order: c = σ(f)∘c + σ(i)∘tanh(g),
        /// h = σ(o)∘tanh(c). Per vector 3 σ + 2 tanh.
        /// </summary>
        private void Activations(ReadOnlySpan<float> zSpan, Span<float> cSpan, Span<float> hSpan)
        {
            int columns = _units / W;
            ref float z = ref MemoryMarshal.GetReference(zSpan);
            ref float c = ref MemoryMarshal.GetReference(cSpan);
            ref float h = ref MemoryMarshal.GetReference(hSpan);
            for (int col = 0; col < columns; col++)
            {
                // Column col sits in the tile starting at col & ~1; within a two-column tile gate g of column j is at
                // g·16 + j·8, within a one-column tile at g·8.
                int tileStart = col & ~1;
                int n = tileStart + 1 < columns ? 2 : 1;
                ref float zt = ref Unsafe.Add(ref z, tileStart * 4 * W + (col - tileStart) * W);
                var i = Vector256.LoadUnsafe(ref zt, 0);
                var f = Vector256.LoadUnsafe(ref zt, (nuint)(n * W));
                var g = Vector256.LoadUnsafe(ref zt, (nuint)(2 * n * W));
                var o = Vector256.LoadUnsafe(ref zt, (nuint)(3 * n * W));
                var cNew = Vector256.MultiplyAddEstimate(LstmMath.Sigmoid(f), Vector256.LoadUnsafe(ref c, (nuint)(col * W)), LstmMath.Sigmoid(i) * LstmMath.Tanh(g));
                cNew.StoreUnsafe(ref c, (nuint)(col * W));
                (LstmMath.Sigmoid(o) * LstmMath.Tanh(cNew)).StoreUnsafe(ref h, (nuint)(col * W));
            }
        }

        private interface ITileColumns
        {
            static abstract int Count { get; }
        }

        private struct OneColumn : ITileColumns
        {
            public static int Count => 1;
        }

        private struct TwoColumns : ITileColumns
        {
            public static int Count => 2;
        }

        /// <summary>Four accumulators over four consecutive vectors of a weight row (kept in registers by the JIT).</summary>
        private struct Vector256x4
        {
            private Vector256<float> _v0, _v1, _v2, _v3;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public static Vector256x4 Load(ref float p, nuint offset)
            {
                Vector256x4 loaded;
                loaded._v0 = Vector256.LoadUnsafe(ref p, offset);
                loaded._v1 = Vector256.LoadUnsafe(ref p, offset + 8);
                loaded._v2 = Vector256.LoadUnsafe(ref p, offset + 16);
                loaded._v3 = Vector256.LoadUnsafe(ref p, offset + 24);
                return loaded;
            }

            /// <summary>Adds row[offset..offset + 32) · v, one FMA per accumulator.</summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public void MultiplyAdd(ref float row, nuint offset, Vector256<float> v)
            {
                _v0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, offset), v, _v0);
                _v1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, offset + 8), v, _v1);
                _v2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, offset + 16), v, _v2);
                _v3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, offset + 24), v, _v3);
            }

            /// <summary>Stores this + other at z[offset..offset + 32).</summary>
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public readonly void StoreSum(in Vector256x4 other, ref float z, nuint offset)
            {
                (_v0 + other._v0).StoreUnsafe(ref z, offset);
                (_v1 + other._v1).StoreUnsafe(ref z, offset + 8);
                (_v2 + other._v2).StoreUnsafe(ref z, offset + 16);
                (_v3 + other._v3).StoreUnsafe(ref z, offset + 24);
            }
        }
    }
}

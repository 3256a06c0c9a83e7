    /// <summary>Copies <paramref name="weights"/> into this kernel's SIMD layout. The previous weights stay in use if this throws.</summary>
    /// <exception cref="global::System.ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="global::System.ArgumentException">The weights are not for Input = 3, Units = 21, a recurrent weight is NaN or infinite, or their file records activations other than tanh and sigmoid (the message names both).</exception>
    public void LoadWeights(global::LstmGen.LstmWeights weights)
    {
        global::System.ArgumentNullException.ThrowIfNull(weights);
        if (weights.Input != Input || weights.Units != Units)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1, T2, T3>(T0 a0, T1 a1, T2 a2, T3 a3) => new($"weights: Int8Layer expects Input = {a0}, Units = {a1}, got Input = {a2}, Units = {a3}.", "weights");
            throw Error(Input, Units, weights.Input, weights.Units);
        }
        // A file that records other activations than this layer's tanh cell and σ gates holds weights trained for them.
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckLayerActivations(weights, "Int8Layer");
        int length = global::LstmGen.GeneratedCodeSupport.LstmLayout.PackedLength(Input, Units, ActiveWidth, global::LstmGen.WeightPrecision.Int8);
        float[] packed = global::LstmGen.GeneratedCodeSupport.LstmLayout.AllocateAligned(length);
        global::LstmGen.GeneratedCodeSupport.LstmLayout.Pack(weights, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed, length), ActiveWidth, global::LstmGen.WeightPrecision.Int8);
        _lstmPacked = packed;
    }

    // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 8 lanes: independent FMA chains that hide FMA latency.
    private static void TileVector256x1(ref float w, ref float x, ref float h, ref float c, ref float hNext)
    {
        // Row 0 is the bias: the accumulators start there.
        global::System.Runtime.Intrinsics.Vector256<float>
            i0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
            f0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8),
            g0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 16),
            o0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 24);
        ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, RowVector256x1);
        // The second accumulator set (odd rows) starts at zero.
        global::System.Runtime.Intrinsics.Vector256<float> i0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, f0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, g0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, o0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        {
            global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
            // sums += W_ih[:, k]·x[k], unrolled (3 rows; row pairs, even rows into one set, odd rows into the other).
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 0));
            vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 1));
            i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0), v0, i0);
            i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, i0b);
            f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8), v0, f0);
            f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, f0b);
            g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16), v0, g0);
            g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 16), vo0, g0b);
            o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24), v0, o0);
            o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, o0b);
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 2));
            i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, i0);
            f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, f0);
            g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 16), v0, g0);
            o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, o0);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 3 * RowVector256x1);
        }
        // Add the odd rows' set; it then starts again at zero for W_hh's products.
        i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
        i0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; f0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; g0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; o0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        {
            global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, v2_0, v3_0, wv;
            // W_hh's q·h, in the second set: groups of four rows, one packed Int8 row each.
            for (int k = 0; k < Units - 1; k += 4)
            {
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 3));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, i0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, f0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, g0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, o0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
            }
            // The odd last row.
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1));
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
            i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, i0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
            f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, f0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
            g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, g0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
            o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, o0b);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
        }
        // sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.
        i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), i0b, i0);
        f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), f0b, f0);
        g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 16), g0b, g0);
        o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 24), o0b, o0);
        // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
        global::System.Runtime.Intrinsics.Vector256<float> c0New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f0), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref c, 0), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g0)));
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(c0New, ref c, 0);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c0New)), ref hNext, 0);
    }

    // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 8 lanes: independent FMA chains that hide FMA latency.
    private static void RecurTileVector256x1(ref float w, ref float sums, ref float h, ref float c, ref float hNext)
    {
        // Start from the projected input b + W_ih·x, at the h rows.
        global::System.Runtime.Intrinsics.Vector256<float>
            i0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 0),
            f0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8),
            g0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 16),
            o0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 24);
        ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
        // The second accumulator set (odd rows) starts at zero.
        global::System.Runtime.Intrinsics.Vector256<float> i0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, f0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, g0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, o0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        {
            global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, v2_0, v3_0, wv;
            // W_hh's q·h, in the second set: groups of four rows, one packed Int8 row each.
            for (int k = 0; k < Units - 1; k += 4)
            {
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 3));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, i0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, f0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, g0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, o0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
            }
            // The odd last row.
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1));
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
            i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, i0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
            f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, f0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
            g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, g0b);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
            o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, o0b);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
        }
        // sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.
        i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), i0b, i0);
        f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), f0b, f0);
        g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 16), g0b, g0);
        o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 24), o0b, o0);
        // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
        global::System.Runtime.Intrinsics.Vector256<float> c0New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f0), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref c, 0), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g0)));
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(c0New, ref c, 0);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c0New)), ref hNext, 0);
    }

    // One pass: 2 gates of each row, 2 vectors × 4 sequences = 8 accumulators; each weight load feeds four FMAs.
    private static void BatchPassVector256x1(ref float w, ref float x0, ref float x1, ref float x2, ref float x3, ref float h, ref float sums)
    {
        ref float h1 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1 * PaddedUnitsVector256);
        ref float h2 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2 * PaddedUnitsVector256);
        ref float h3 = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3 * PaddedUnitsVector256);
        // Row 0 is the bias: the accumulators start there.
        global::System.Runtime.Intrinsics.Vector256<float>
            a0s0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
            a1s0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8),
            a0s1 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
            a1s1 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8),
            a0s2 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
            a1s2 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8),
            a0s3 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
            a1s3 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8);
        ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, RowVector256x1);
        {
            global::System.Runtime.Intrinsics.Vector256<float> v0, v1, v2, v3, wr;
            // sums += W_ih[:, k]·x[k], unrolled (3 rows).
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x0, 0));
            v1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x1, 0));
            v2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x2, 0));
            v3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x3, 0));
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
            a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a0s0);
            a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a0s1);
            a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a0s2);
            a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a0s3);
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
            a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a1s0);
            a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a1s1);
            a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a1s2);
            a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a1s3);
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x0, 1));
            v1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x1, 1));
            v2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x2, 1));
            v3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x3, 1));
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1);
            a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a0s0);
            a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a0s1);
            a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a0s2);
            a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a0s3);
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8);
            a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a1s0);
            a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a1s1);
            a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a1s2);
            a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a1s3);
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x0, 2));
            v1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x1, 2));
            v2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x2, 2));
            v3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x3, 2));
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1);
            a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a0s0);
            a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a0s1);
            a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a0s2);
            a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a0s3);
            wr = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8);
            a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a1s0);
            a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a1s1);
            a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a1s2);
            a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a1s3);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 3 * RowVector256x1);
        }
        // Int8 W_hh has a scale per output row: keep b + W_ih·x, and reduce Σ q·h from zero.
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a0s0, ref sums, 0);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a1s0, ref sums, 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a0s1, ref sums, RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a1s1, ref sums, RowVector256x1 + 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a0s2, ref sums, 2 * RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a1s2, ref sums, 2 * RowVector256x1 + 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a0s3, ref sums, 3 * RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(a1s3, ref sums, 3 * RowVector256x1 + 8);
        a0s0 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a1s0 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a0s1 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a1s1 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a0s2 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a1s2 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a0s3 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        a1s3 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
        {
            global::System.Runtime.Intrinsics.Vector256<float> v0, v1, v2, v3, vo0, vo1, vo2, vo3, v2_0, v2_1, v2_2, v2_3, v3_0, v3_1, v3_2, v3_3, wv, wr;
            // Σ q·h for W_hh[:, k]·h[k]: groups of four rows, one packed Int8 row each.
            for (int k = 0; k < Units - 1; k += 4)
            {
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k));
                v1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h1, k));
                v2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h2, k));
                v3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h3, k));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1));
                vo1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h1, k + 1));
                vo2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h2, k + 1));
                vo3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h3, k + 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 2));
                v2_1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h1, k + 2));
                v2_2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h2, k + 2));
                v2_3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h3, k + 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 3));
                v3_1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h1, k + 3));
                v3_2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h2, k + 3));
                v3_3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h3, k + 3));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv);
                a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a0s0);
                a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a0s1);
                a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a0s2);
                a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a0s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv);
                a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo0, a0s0);
                a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo1, a0s1);
                a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo2, a0s2);
                a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo3, a0s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv);
                a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_0, a0s0);
                a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_1, a0s1);
                a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_2, a0s2);
                a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_3, a0s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv);
                a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_0, a0s0);
                a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_1, a0s1);
                a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_2, a0s2);
                a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_3, a0s3);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv);
                a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a1s0);
                a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a1s1);
                a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a1s2);
                a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a1s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv);
                a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo0, a1s0);
                a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo1, a1s1);
                a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo2, a1s2);
                a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, vo3, a1s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv);
                a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_0, a1s0);
                a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_1, a1s1);
                a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_2, a1s2);
                a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2_3, a1s3);
                wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv);
                a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_0, a1s0);
                a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_1, a1s1);
                a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_2, a1s2);
                a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3_3, a1s3);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
            }
            // The odd last row.
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1));
            v1 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h1, Units - 1));
            v2 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h2, Units - 1));
            v3 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h3, Units - 1));
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
            wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv);
            a0s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a0s0);
            a0s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a0s1);
            a0s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a0s2);
            a0s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a0s3);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
            wr = global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv);
            a1s0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v0, a1s0);
            a1s1 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v1, a1s1);
            a1s2 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v2, a1s2);
            a1s3 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(wr, v3, a1s3);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
        }
        // sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), a0s0, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 0)), ref sums, 0);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), a1s0, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8)), ref sums, 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), a0s1, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, RowVector256x1)), ref sums, RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), a1s1, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, RowVector256x1 + 8)), ref sums, RowVector256x1 + 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), a0s2, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 2 * RowVector256x1)), ref sums, 2 * RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), a1s2, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 2 * RowVector256x1 + 8)), ref sums, 2 * RowVector256x1 + 8);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), a0s3, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 3 * RowVector256x1)), ref sums, 3 * RowVector256x1);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), a1s3, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 3 * RowVector256x1 + 8)), ref sums, 3 * RowVector256x1 + 8);
    }

    /// <summary>Copies <paramref name="weights"/> into this kernel's SIMD layout. The previous weights stay in use if this throws.</summary>
    /// <exception cref="global::System.ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="global::System.ArgumentException">The weights are not for Input = 3, Units = 21, a recurrent weight lies beyond Half's range, or their file records activations other than tanh and sigmoid (the message names both).</exception>
    public void LoadWeights(global::LstmGen.LstmWeights weights)
    {
        global::System.ArgumentNullException.ThrowIfNull(weights);
        if (weights.Input != Input || weights.Units != Units)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1, T2, T3>(T0 a0, T1 a1, T2 a2, T3 a3) => new($"weights: HalfLayer expects Input = {a0}, Units = {a1}, got Input = {a2}, Units = {a3}.", "weights");
            throw Error(Input, Units, weights.Input, weights.Units);
        }
        // A file that records other activations than this layer's tanh cell and σ gates holds weights trained for them.
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckLayerActivations(weights, "HalfLayer");
        int length = global::LstmGen.GeneratedCodeSupport.LstmLayout.PackedLength(Input, Units, ActiveWidth, global::LstmGen.WeightPrecision.Half);
        float[] packed = global::LstmGen.GeneratedCodeSupport.LstmLayout.AllocateAligned(length);
        global::LstmGen.GeneratedCodeSupport.LstmLayout.Pack(weights, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed, length), ActiveWidth, global::LstmGen.WeightPrecision.Half);
        _lstmPacked = packed;
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
            global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, wv;
            // sums += W_hh[:, k]·h[k]: row pairs, one packed Half row each.
            for (int k = 0; k < Units - 1; k += 2)
            {
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k) * global::LstmGen.GeneratedCodeSupport.LstmHalf.Scale);
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1) * global::LstmGen.GeneratedCodeSupport.LstmHalf.Scale);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
                i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, i0);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.High(wv), vo0, i0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
                f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, f0);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.High(wv), vo0, f0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
                g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, g0);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.High(wv), vo0, g0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
                o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, o0);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.High(wv), vo0, o0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
            }
            // The odd last row.
            v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1) * global::LstmGen.GeneratedCodeSupport.LstmHalf.Scale);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
            i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, i0);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
            f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, f0);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16);
            g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, g0);
            wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
            o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmHalf.Low(wv), v0, o0);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector256x1);
        }
        // Add the odd rows' set.
        i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
        // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
        global::System.Runtime.Intrinsics.Vector256<float> c0New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f0), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref c, 0), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g0)));
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(c0New, ref c, 0);
        global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c0New)), ref hNext, 0);
    }

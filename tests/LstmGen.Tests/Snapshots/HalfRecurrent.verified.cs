    /// <summary>Copies <paramref name="weights"/> into this kernel's SIMD layout. The previous weights stay in use if this throws.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The weights are not for Input = 3, Units = 21, or a recurrent weight lies beyond Half's range.</exception>
    public void LoadWeights(LstmWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Input != Input || weights.Units != Units)
            throw new ArgumentException($"weights: HalfLayer expects Input = {Input}, Units = {Units}, got Input = {weights.Input}, Units = {weights.Units}.", nameof(weights));
        int length = LstmLayout.PackedLength(Input, Units, ActiveWidth, WeightPrecision.Half);
        var packed = LstmLayout.AllocateAligned(length);
        LstmLayout.Pack(weights, LstmLayout.Aligned(packed, length), ActiveWidth, WeightPrecision.Half);
        _lstmPacked = packed;
    }

    // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 8 lanes: independent FMA chains that hide FMA latency.
    private static void RecurTileVector256x1(ref float w, ref float sums, ref float h, ref float c, ref float hNext)
    {
        // Start from the projected input b + W_ih·x, at the h rows.
        var i0 = Vector256.LoadUnsafe(ref sums, 0);
        var f0 = Vector256.LoadUnsafe(ref sums, 8);
        var g0 = Vector256.LoadUnsafe(ref sums, 16);
        var o0 = Vector256.LoadUnsafe(ref sums, 24);
        ref float row = ref Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
        // The second accumulator set (odd rows) starts at zero.
        var i0b = Vector256<float>.Zero; var f0b = Vector256<float>.Zero; var g0b = Vector256<float>.Zero; var o0b = Vector256<float>.Zero;
        {
            Vector256<float> v0, vo0, wv;
            // sums += W_hh[:, k]·h[k]: row pairs, one packed Half row each.
            for (int k = 0; k < Units - 1; k += 2)
            {
                v0 = Vector256.Create(Unsafe.Add(ref h, k) * LstmHalf.Scale);
                vo0 = Vector256.Create(Unsafe.Add(ref h, k + 1) * LstmHalf.Scale);
                wv = Vector256.LoadUnsafe(ref row, 0);
                i0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, i0);
                i0b = Vector256.MultiplyAddEstimate(LstmHalf.High(wv), vo0, i0b);
                wv = Vector256.LoadUnsafe(ref row, 8);
                f0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, f0);
                f0b = Vector256.MultiplyAddEstimate(LstmHalf.High(wv), vo0, f0b);
                wv = Vector256.LoadUnsafe(ref row, 16);
                g0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, g0);
                g0b = Vector256.MultiplyAddEstimate(LstmHalf.High(wv), vo0, g0b);
                wv = Vector256.LoadUnsafe(ref row, 24);
                o0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, o0);
                o0b = Vector256.MultiplyAddEstimate(LstmHalf.High(wv), vo0, o0b);
                row = ref Unsafe.Add(ref row, RowVector256x1);
            }
            // The odd last row.
            v0 = Vector256.Create(Unsafe.Add(ref h, Units - 1) * LstmHalf.Scale);
            wv = Vector256.LoadUnsafe(ref row, 0);
            i0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, i0);
            wv = Vector256.LoadUnsafe(ref row, 8);
            f0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, f0);
            wv = Vector256.LoadUnsafe(ref row, 16);
            g0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, g0);
            wv = Vector256.LoadUnsafe(ref row, 24);
            o0 = Vector256.MultiplyAddEstimate(LstmHalf.Low(wv), v0, o0);
            row = ref Unsafe.Add(ref row, RowVector256x1);
        }
        // Add the odd rows' set.
        i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
        // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c).
        var c0New = Vector256.MultiplyAddEstimate(LstmMath.Sigmoid(f0), Vector256.LoadUnsafe(ref c, 0), LstmMath.Sigmoid(i0) * LstmMath.Tanh(g0));
        c0New.StoreUnsafe(ref c, 0);
        (LstmMath.Sigmoid(o0) * LstmMath.Tanh(c0New)).StoreUnsafe(ref hNext, 0);
    }

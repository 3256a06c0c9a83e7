    /// <summary>
    /// Copies every layer's weights into this model's layout. All layers are checked (kind, Input, Units, and the
    /// activations where the weights' file records them) before
    /// anything is copied, so if this throws the previous weights stay in use. Expected, in order:
    /// <list type="number">
    /// <item><description><see cref="global::LstmGen.GruWeights"/> with Input = 3, Units = 5</description></item>
    /// <item><description><see cref="global::LstmGen.LstmWeights"/> with Input = 5, Units = 6</description></item>
    /// </list>
    /// </summary>
    /// <exception cref="global::System.ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="global::System.ArgumentException">The layer count, a layer's kind or a shape differs, or a layer's file records
    /// activations other than the declared ones, or a recurrent weight does not fit the layer's RecurrentWeights (NaN or
    /// infinite in Int8, beyond Half's range); the message names the layer, expected and actual.</exception>
    public void LoadWeights(global::LstmGen.ModelWeights weights)
    {
        global::System.ArgumentNullException.ThrowIfNull(weights);
        global::System.Collections.Generic.IReadOnlyList<global::LstmGen.LayerWeights> layers = weights.Layers;
        if (layers.Count != LayerCount)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1, T2>(T0 a0, T1 a1, T2 a2) => new($"weights: Int8Model has {a0} weighted layers (GRU 3 -> 5, LSTM 5 -> 6), got {a1} ({a2}).", "weights");
            throw Error(LayerCount, layers.Count, weights);
        }
        // Check every layer first: nothing is packed or replaced unless all fit.
        if (layers[0] is not global::LstmGen.GruWeights w0 || w0.Input != 3 || w0.Units != 5)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"weights.Layers[0]: Int8Model layer 0 expects GRU weights with Input = 3, Units = 5, got {a0}.", "weights");
            throw Error(layers[0]);
        }
        if (w0.ResetAfter != false)
            throw new global::System.ArgumentException("weights.Layers[0]: Int8Model layer 0 is a GRU with ResetAfter = false, got GRU weights with ResetAfter = true.", nameof(weights));
        if (layers[1] is not global::LstmGen.LstmWeights w1 || w1.Input != 5 || w1.Units != 6)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"weights.Layers[1]: Int8Model layer 1 expects LSTM weights with Input = 5, Units = 6, got {a0}.", "weights");
            throw Error(layers[1]);
        }
        // Files that record activations (Keras configs, RTNeural JSON) must have been trained with the declared ones.
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckActivations(w0, "Int8Model", 0, global::LstmGen.Activation.Tanh, global::LstmGen.Activation.Sigmoid);
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckActivations(w1, "Int8Model", 1, global::LstmGen.Activation.Tanh, global::LstmGen.Activation.Sigmoid);
        int length0 = global::LstmGen.GeneratedCodeSupport.LstmLayout.PackedLength(3, 5, Layer0Kernel.ActiveWidth, global::LstmGen.WeightPrecision.Int8);
        float[] packed0 = global::LstmGen.GeneratedCodeSupport.LstmLayout.AllocateAligned(length0);
        global::LstmGen.GeneratedCodeSupport.LstmLayout.PackGru(w0, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed0, length0), Layer0Kernel.ActiveWidth, global::LstmGen.WeightPrecision.Int8, "weights.Layers[0]");
        int length1 = global::LstmGen.GeneratedCodeSupport.LstmLayout.PackedLength(5, 6, Layer1Kernel.ActiveWidth, global::LstmGen.WeightPrecision.Int8);
        float[] packed1 = global::LstmGen.GeneratedCodeSupport.LstmLayout.AllocateAligned(length1);
        global::LstmGen.GeneratedCodeSupport.LstmLayout.Pack(w1, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed1, length1), Layer1Kernel.ActiveWidth, global::LstmGen.WeightPrecision.Int8, "weights.Layers[1]");
        _layer0Packed = packed0;
        _layer1Packed = packed1;
    }

        // reset_after=False, pass 1: 1 column(s) × gates r, z × 2 sets over h; then r∘h for pass 2.
        private static void RecurTileVector256x1(ref float w, ref float sums, ref float h, ref float hOld, ref float rh)
        {
            // Start from the projected input b + W_ih·x, at the h rows.
            global::System.Runtime.Intrinsics.Vector256<float>
                r0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 0),
                z0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8);
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector256<float> r0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, z0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, v2_0, v3_0, wv;
                // W_hh's q·h, in the second set, unrolled (5 rows; groups of four rows, one packed Int8 row each).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, r0b);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, r0b);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, r0b);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, r0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, z0b);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, z0b);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, z0b);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, z0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 4));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, r0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, z0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowVector256x1);
            }
            // sums += scale∘(Σ q·h): the scale row after the h rows holds each output row's scale / 2²⁴.
            r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1), r0b, r0);
            z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 8), z0b, z0);
            // r∘h = σ(r)∘h for pass 2; keep z's sum in the sums.
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(r0) * global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref hOld, 0)), ref rh, 0);
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(z0, ref sums, 8);
        }

        // reset_after=False, pass 2: 1 column(s) of U_n·(r∘h) × 2 sets, then h'.
        private static void ResetTileVector256x1(ref float w, ref float sums, ref float rh, ref float hOld, ref float hNext)
        {
            // nh has no bias and no x rows (b_n is nx's): start at zero, at the h rows.
            global::System.Runtime.Intrinsics.Vector256<float> nh0 = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector256<float> nh0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, v2_0, v3_0, wv;
                // U_n's q·(r∘h), unrolled (5 rows; groups of four rows, one packed Int8 row each).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 3));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, nh0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte2(wv), v2_0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte3(wv), v3_0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 4));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, nh0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowVector256x1);
            }
            // Add the odd rows' set.
            nh0 += nh0b;
            // U_n·(r∘h) = scale∘(Σ q·(r∘h)): the scale row after the h rows holds each output row's scale / 2²⁴.
            // n = tanh(nx + U_n·(r∘h)), z = σ(z); h' = n + z∘(h − n), denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector256<float> n0 = global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, (PackedRows - 1) * RowVector256x1 + 24), nh0, global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 16)));
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8)), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref hOld, 0) - n0, n0)), ref hNext, 0);
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
                // sums += W_ih[:, k]·x[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
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
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 3));
                i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, i0);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1), vo0, i0b);
                f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, f0);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 8), vo0, f0b);
                g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 16), v0, g0);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 16), vo0, g0b);
                o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, o0);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 24), vo0, o0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 4));
                i0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1), v0, i0);
                f0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 8), v0, f0);
                g0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 16), v0, g0);
                o0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 24), v0, o0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set; it then starts again at zero for W_hh's products.
            i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
            i0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; f0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; g0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero; o0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0, v2_0, v3_0, wv;
                // W_hh's q·h, in the second set, unrolled (6 rows; groups of four rows, one packed Int8 row each).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1));
                v2_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2));
                v3_0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3));
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
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 4));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 5));
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, i0b);
                i0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, i0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, f0b);
                f0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, f0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 16);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, g0b);
                g0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, g0b);
                wv = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte0(wv), v0, o0b);
                o0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmInt8.Byte1(wv), vo0, o0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowVector256x1);
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

    /// <summary>
    /// Copies every layer's weights into this model's layout. All layers are checked (kind, Input, Units, and the
    /// activations where the weights' file records them) before
    /// anything is copied, so if this throws the previous weights stay in use. Expected, in order:
    /// <list type="number">
    /// <item><description><see cref="global::LstmGen.GruWeights"/> with Input = 3, Units = 5</description></item>
    /// <item><description><see cref="global::LstmGen.DenseWeights"/> with Input = 5, Units = 2</description></item>
    /// </list>
    /// </summary>
    /// <exception cref="global::System.ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="global::System.ArgumentException">The layer count, a layer's kind or a shape differs, or a layer's file records
    /// activations other than the declared ones (the message names the layer, expected and actual).</exception>
    public void LoadWeights(global::LstmGen.ModelWeights weights)
    {
        global::System.ArgumentNullException.ThrowIfNull(weights);
        global::System.Collections.Generic.IReadOnlyList<global::LstmGen.LayerWeights> layers = weights.Layers;
        if (layers.Count != LayerCount)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1, T2>(T0 a0, T1 a1, T2 a2) => new($"weights: TinyGru has {a0} weighted layers (GRU 3 -> 5, Dense 5 -> 2), got {a1} ({a2}).", "weights");
            throw Error(LayerCount, layers.Count, weights);
        }
        // Check every layer first: nothing is packed or replaced unless all fit.
        if (layers[0] is not global::LstmGen.GruWeights w0 || w0.Input != 3 || w0.Units != 5)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"weights.Layers[0]: TinyGru layer 0 expects GRU weights with Input = 3, Units = 5, got {a0}.", "weights");
            throw Error(layers[0]);
        }
        if (w0.ResetAfter != true)
            throw new global::System.ArgumentException("weights.Layers[0]: TinyGru layer 0 is a GRU with ResetAfter = true, got GRU weights with ResetAfter = false.", nameof(weights));
        if (layers[1] is not global::LstmGen.DenseWeights w1 || w1.Input != 5 || w1.Units != 2)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"weights.Layers[1]: TinyGru layer 1 expects Dense weights with Input = 5, Units = 2, got {a0}.", "weights");
            throw Error(layers[1]);
        }
        // Files that record activations (Keras configs, RTNeural JSON) must have been trained with the declared ones.
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckActivations(w0, "TinyGru", 0, global::LstmGen.Activation.Tanh, global::LstmGen.Activation.HardSigmoid);
        global::LstmGen.GeneratedCodeSupport.ModelKernels.CheckActivations(w1, "TinyGru", 1, global::LstmGen.Activation.Sigmoid, null);
        int length0 = global::LstmGen.GeneratedCodeSupport.LstmLayout.PackedLength(3, 5, Layer0Kernel.ActiveWidth);
        float[] packed0 = global::LstmGen.GeneratedCodeSupport.LstmLayout.AllocateAligned(length0);
        global::LstmGen.GeneratedCodeSupport.LstmLayout.PackGru(w0, global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed0, length0), Layer0Kernel.ActiveWidth);
        float[] packed1 = global::LstmGen.GeneratedCodeSupport.ModelKernels.PackDense(w1);
        _layer0Packed = packed0;
        _layer1Packed = packed1;
    }

        // One streaming step: for each tile, the sums b + W_ih·x + W_hh·h for all four gates of its units, then c and h'.
        private static void StepVector256(ref float weights, ref float x, ref float h, ref float c, ref float hNext)
        {
            TileVector256x1(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, 0 * (4 * 8 * PackedRows)), ref x, ref h, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0 * 8), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hNext, 0 * 8));
        }

        // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 8 lanes: independent FMA chains that hide FMA latency.
        private static void TileVector256x1(ref float w, ref float x, ref float h, ref float hOld, ref float hNext)
        {
            // Row 0 is the bias: the accumulators start there.
            global::System.Runtime.Intrinsics.Vector256<float>
                r0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 0),
                z0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 8),
                nx0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 16),
                nh0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref w, 24);
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector256<float> r0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, z0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, nx0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, nh0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
                // sums += W_ih[:, k]·x[k], unrolled (3 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 1));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, z0b);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16), v0, nx0);
                nx0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 16), vo0, nx0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref x, 2));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, r0);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, z0);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 16), v0, nx0);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, nh0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 3 * RowVector256x1);
            }
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
                // sums += W_hh[:, k]·h[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, z0b);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16), v0, nx0);
                nx0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 16), vo0, nx0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 8), vo0, z0b);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 16), v0, nx0);
                nx0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 16), vo0, nx0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 4));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1), v0, r0);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 8), v0, z0);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 16), v0, nx0);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 24), v0, nh0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            r0 += r0b; z0 += z0b; nx0 += nx0b; nh0 += nh0b;
            // GRU: r = hardσ(r), z = hardσ(z), n = tanh(nx + r∘nh); h' = n + z∘(h − n), denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector256<float> n0 = global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.HardSigmoid(r0), nh0, nx0));
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.HardSigmoid(z0), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref hOld, 0) - n0, n0)), ref hNext, 0);
        }

        // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 8 lanes: independent FMA chains that hide FMA latency.
        private static void RecurTileVector256x1(ref float w, ref float sums, ref float h, ref float hOld, ref float hNext)
        {
            // Start from the projected input b + W_ih·x, at the h rows.
            global::System.Runtime.Intrinsics.Vector256<float>
                r0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 0),
                z0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8),
                nx0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 16),
                nh0 = global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 24);
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector256<float> r0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, z0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, nx0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero, nh0b = global::System.Runtime.Intrinsics.Vector256<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
                // sums += W_hh[:, k]·h[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, z0b);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 16), v0, nx0);
                nx0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 16), vo0, nx0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 8), vo0, z0b);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 16), v0, nx0);
                nx0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 16), vo0, nx0b);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 4));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1), v0, r0);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 8), v0, z0);
                nx0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 16), v0, nx0);
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 24), v0, nh0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            r0 += r0b; z0 += z0b; nx0 += nx0b; nh0 += nh0b;
            // GRU: r = hardσ(r), z = hardσ(z), n = tanh(nx + r∘nh); h' = n + z∘(h − n), denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector256<float> n0 = global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.HardSigmoid(r0), nh0, nx0));
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.HardSigmoid(z0), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref hOld, 0) - n0, n0)), ref hNext, 0);
        }

        // Streaming: per step the input projection b + W_ih·x, then Forward's two-pass recurrence, from
        // `state` = [h, h', r∘h, sums], writing the last hidden state to `output`.
        internal static void Run(float[] packed, global::System.ReadOnlySpan<float> input, global::System.Span<float> output, int steps, global::System.Span<float> state)
        {
            // Denormal inputs would make the products run in microcode: a copy with them flushed to zero replaces the
            // input if it holds any (one read-only pass otherwise).
            input = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flushed(input, out float[]? flushed);
            ref float weights = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(global::LstmGen.GeneratedCodeSupport.LstmLayout.Aligned(packed, 0));
            ref float x = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(input);
            ref float h = ref global::System.Runtime.InteropServices.MemoryMarshal.GetReference(state);
            ref float hNext = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, ActivePaddedUnits);
            ref float c = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2 * ActivePaddedUnits);
            ref float sums = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3 * ActivePaddedUnits);
            for (int t = 0; t < steps; t++)
            {
                if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                    ProjectVector256(ref weights, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, t * Input), 1, ref sums);
                else if (global::System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
                    ProjectVector128(ref weights, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, t * Input), 1, ref sums);
                else
                    ProjectScalar(ref weights, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref x, t * Input), 1, ref sums);
                if (global::System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated)
                    RecurVector256(ref weights, ref sums, ref h, ref c, ref hNext);
                else if (global::System.Runtime.Intrinsics.Vector128.IsHardwareAccelerated)
                    RecurVector128(ref weights, ref sums, ref h, ref c, ref hNext);
                else
                    RecurScalar(ref weights, ref sums, ref h, ref c, ref hNext);
                // h' becomes h for the next step (padded units stay 0 and are never copied).
                global::LstmGen.GeneratedCodeSupport.LstmLayout.CopyUnits(global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref hNext, Units), global::System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref h, Units));
            }
            global::LstmGen.GeneratedCodeSupport.LstmLayout.CopyUnits(global::System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref h, Units), output);
            global::LstmGen.GeneratedCodeSupport.LstmDenormals.Return(flushed);
        }

        // Forward's recurrence for one step, two passes over the tiles: r, z and r∘h, then U_n·(r∘h) and h'.
        private static void RecurVector256(ref float weights, ref float sums, ref float h, ref float c, ref float hNext)
        {
            RecurTileVector256x1(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, 0 * (4 * 8 * PackedRows)), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 0 * (4 * 8)), ref h, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0 * 8), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref c, 0 * 8));
            ResetTileVector256x1(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, 0 * (4 * 8 * PackedRows)), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 0 * (4 * 8)), ref c, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0 * 8), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hNext, 0 * 8));
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
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
                // sums += W_hh[:, k]·h[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 1));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 0), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, z0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 2));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 3));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, r0);
                r0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1), vo0, r0b);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, z0);
                z0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 8), vo0, z0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, 4));
                r0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1), v0, r0);
                z0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 8), v0, z0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            r0 += r0b; z0 += z0b;
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
                global::System.Runtime.Intrinsics.Vector256<float> v0, vo0;
                // nh += U_n[:, k]·(r∘h)[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 0));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 1));
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 2));
                vo0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 3));
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, nh0);
                nh0b = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 24), vo0, nh0b);
                v0 = global::System.Runtime.Intrinsics.Vector256.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref rh, 4));
                nh0 = global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 24), v0, nh0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            nh0 += nh0b;
            // n = tanh(nx + U_n·(r∘h)), z = σ(z); h' = n + z∘(h − n), denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector256<float> n0 = global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 16) + nh0);
            global::System.Runtime.Intrinsics.Vector256.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector256.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref sums, 8)), global::System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref hOld, 0) - n0, n0)), ref hNext, 0);
        }

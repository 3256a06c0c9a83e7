        // Streaming: per step the input projection b + W_ih·x, then Forward's two-pass recurrence, from
        // `state` = [h, h', r∘h, sums], writing the last hidden state to `output`.
        internal static void Run(float[] packed, ReadOnlySpan<float> input, Span<float> output, int steps, Span<float> state)
        {
            ref float weights = ref MemoryMarshal.GetReference(LstmLayout.Aligned(packed, 0));
            ref float x = ref MemoryMarshal.GetReference(input);
            ref float h = ref MemoryMarshal.GetReference(state);
            ref float hNext = ref Unsafe.Add(ref h, ActivePaddedUnits);
            ref float c = ref Unsafe.Add(ref h, 2 * ActivePaddedUnits);
            ref float sums = ref Unsafe.Add(ref h, 3 * ActivePaddedUnits);
            for (int t = 0; t < steps; t++)
            {
                if (Vector256.IsHardwareAccelerated)
                    ProjectVector256(ref weights, ref Unsafe.Add(ref x, t * Input), 1, ref sums);
                else if (Vector128.IsHardwareAccelerated)
                    ProjectVector128(ref weights, ref Unsafe.Add(ref x, t * Input), 1, ref sums);
                else
                    ProjectScalar(ref weights, ref Unsafe.Add(ref x, t * Input), 1, ref sums);
                if (Vector256.IsHardwareAccelerated)
                    RecurVector256(ref weights, ref sums, ref h, ref c, ref hNext);
                else if (Vector128.IsHardwareAccelerated)
                    RecurVector128(ref weights, ref sums, ref h, ref c, ref hNext);
                else
                    RecurScalar(ref weights, ref sums, ref h, ref c, ref hNext);
                // h' becomes h for the next step (padded units stay 0 and are never copied).
                MemoryMarshal.CreateReadOnlySpan(ref hNext, Units).CopyTo(MemoryMarshal.CreateSpan(ref h, Units));
            }
            MemoryMarshal.CreateReadOnlySpan(ref h, Units).CopyTo(output);
        }

        // Forward's recurrence for one step, two passes over the tiles: r, z and r∘h, then U_n·(r∘h) and h'.
        private static void RecurVector256(ref float weights, ref float sums, ref float h, ref float c, ref float hNext)
        {
            RecurTileVector256x1(ref Unsafe.Add(ref weights, 0 * (4 * 8 * PackedRows)), ref Unsafe.Add(ref sums, 0 * (4 * 8)), ref h, ref Unsafe.Add(ref h, 0 * 8), ref Unsafe.Add(ref c, 0 * 8));
            ResetTileVector256x1(ref Unsafe.Add(ref weights, 0 * (4 * 8 * PackedRows)), ref Unsafe.Add(ref sums, 0 * (4 * 8)), ref c, ref Unsafe.Add(ref h, 0 * 8), ref Unsafe.Add(ref hNext, 0 * 8));
        }

        // reset_after=False, pass 1: 1 column(s) × gates r, z × 2 sets over h; then r∘h for pass 2.
        private static void RecurTileVector256x1(ref float w, ref float sums, ref float h, ref float hOld, ref float rh)
        {
            // Start from the projected input b + W_ih·x, at the h rows.
            var r0 = Vector256.LoadUnsafe(ref sums, 0);
            var z0 = Vector256.LoadUnsafe(ref sums, 8);
            ref float row = ref Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            var r0b = Vector256<float>.Zero; var z0b = Vector256<float>.Zero;
            {
                Vector256<float> v0, vo0;
                // sums += W_hh[:, k]·h[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = Vector256.Create(Unsafe.Add(ref h, 0));
                vo0 = Vector256.Create(Unsafe.Add(ref h, 1));
                r0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 0), v0, r0);
                r0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, RowVector256x1), vo0, r0b);
                z0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 8), v0, z0);
                z0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, RowVector256x1 + 8), vo0, z0b);
                v0 = Vector256.Create(Unsafe.Add(ref h, 2));
                vo0 = Vector256.Create(Unsafe.Add(ref h, 3));
                r0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 2 * RowVector256x1), v0, r0);
                r0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 3 * RowVector256x1), vo0, r0b);
                z0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 8), v0, z0);
                z0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 8), vo0, z0b);
                v0 = Vector256.Create(Unsafe.Add(ref h, 4));
                r0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 4 * RowVector256x1), v0, r0);
                z0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 8), v0, z0);
                row = ref Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            r0 += r0b; z0 += z0b;
            // r∘h = σ(r)∘h for pass 2; keep z's sum in the sums.
            (LstmMath.Sigmoid(r0) * Vector256.LoadUnsafe(ref hOld, 0)).StoreUnsafe(ref rh, 0);
            z0.StoreUnsafe(ref sums, 8);
        }

        // reset_after=False, pass 2: 1 column(s) of U_n·(r∘h) × 2 sets, then h'.
        private static void ResetTileVector256x1(ref float w, ref float sums, ref float rh, ref float hOld, ref float hNext)
        {
            // nh has no bias and no x rows (b_n is nx's): start at zero, at the h rows.
            var nh0 = Vector256<float>.Zero;
            ref float row = ref Unsafe.Add(ref w, (1 + Input) * RowVector256x1);
            // The second accumulator set (odd rows) starts at zero.
            var nh0b = Vector256<float>.Zero;
            {
                Vector256<float> v0, vo0;
                // nh += U_n[:, k]·(r∘h)[k], unrolled (5 rows; row pairs, even rows into one set, odd rows into the other).
                v0 = Vector256.Create(Unsafe.Add(ref rh, 0));
                vo0 = Vector256.Create(Unsafe.Add(ref rh, 1));
                nh0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 24), v0, nh0);
                nh0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, RowVector256x1 + 24), vo0, nh0b);
                v0 = Vector256.Create(Unsafe.Add(ref rh, 2));
                vo0 = Vector256.Create(Unsafe.Add(ref rh, 3));
                nh0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 2 * RowVector256x1 + 24), v0, nh0);
                nh0b = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 3 * RowVector256x1 + 24), vo0, nh0b);
                v0 = Vector256.Create(Unsafe.Add(ref rh, 4));
                nh0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, 4 * RowVector256x1 + 24), v0, nh0);
                row = ref Unsafe.Add(ref row, 5 * RowVector256x1);
            }
            // Add the odd rows' set.
            nh0 += nh0b;
            // n = tanh(nx + U_n·(r∘h)), z = σ(z); h' = n + z∘(h − n).
            var n0 = LstmMath.Tanh(Vector256.LoadUnsafe(ref sums, 16) + nh0);
            (Vector256.MultiplyAddEstimate(LstmMath.Sigmoid(Vector256.LoadUnsafe(ref sums, 8)), Vector256.LoadUnsafe(ref hOld, 0) - n0, n0)).StoreUnsafe(ref hNext, 0);
        }

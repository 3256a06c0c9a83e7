    // Forward's recurrence for one step: the sums (the projected input) + W_hh·h, then c and h'.
    private static void RecurVector128(ref float weights, ref float sums, ref float h, ref float c, ref float hNext, int first, int end)
    {
        for (int col = first; col < end; col += 2)
        {
            RecurTileVector128x2(ref global::System.Runtime.CompilerServices.Unsafe.Add(ref weights, col * (4 * 4 * PackedRows)), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, col * (4 * 4)), ref h, ref global::System.Runtime.CompilerServices.Unsafe.Add(ref c, col * 4), ref global::System.Runtime.CompilerServices.Unsafe.Add(ref hNext, col * 4));
        }
    }

    // 2 column(s) × 4 gates × 2 sets = 16 accumulators of 4 lanes: independent FMA chains that hide FMA latency.
    // The two columns one after the other (8 accumulators live at a time): the second column's FMAs overlap the first column's σ/tanh.
    private static void RecurTileVector128x2(ref float w, ref float sums, ref float h, ref float c, ref float hNext)
    {
        {
            // Start from the projected input b + W_ih·x, at the h rows.
            global::System.Runtime.Intrinsics.Vector128<float>
                i0 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 0),
                f0 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 8),
                g0 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 16),
                o0 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 24);
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector128x2);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector128<float> i0b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, f0b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, g0b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, o0b = global::System.Runtime.Intrinsics.Vector128<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector128<float> v0, vo0;
                // sums += W_hh[:, k]·h[k]: row pairs, even rows into one set, odd rows into the other.
                for (int k = 0; k < Units - 1; k += 2)
                {
                    v0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k));
                    vo0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1));
                    i0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 0), v0, i0);
                    i0b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2), vo0, i0b);
                    f0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 8), v0, f0);
                    f0b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 8), vo0, f0b);
                    g0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 16), v0, g0);
                    g0b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 16), vo0, g0b);
                    o0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 24), v0, o0);
                    o0b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 24), vo0, o0b);
                    row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowVector128x2);
                }
                // The odd last row.
                v0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1));
                i0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 0), v0, i0);
                f0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 8), v0, f0);
                g0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 16), v0, g0);
                o0 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 24), v0, o0);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector128x2);
            }
            // Add the odd rows' set.
            i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
            // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector128<float> c0New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f0), global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref c, 0), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g0)));
            global::System.Runtime.Intrinsics.Vector128.StoreUnsafe(c0New, ref c, 0);
            global::System.Runtime.Intrinsics.Vector128.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c0New)), ref hNext, 0);
        }
        {
            // Start from the projected input b + W_ih·x, at the h rows.
            global::System.Runtime.Intrinsics.Vector128<float>
                i1 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 4),
                f1 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 12),
                g1 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 20),
                o1 = global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref sums, 28);
            ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowVector128x2);
            // The second accumulator set (odd rows) starts at zero.
            global::System.Runtime.Intrinsics.Vector128<float> i1b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, f1b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, g1b = global::System.Runtime.Intrinsics.Vector128<float>.Zero, o1b = global::System.Runtime.Intrinsics.Vector128<float>.Zero;
            {
                global::System.Runtime.Intrinsics.Vector128<float> v0, vo0;
                // sums += W_hh[:, k]·h[k]: row pairs, even rows into one set, odd rows into the other.
                for (int k = 0; k < Units - 1; k += 2)
                {
                    v0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k));
                    vo0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1));
                    i1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 4), v0, i1);
                    i1b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 4), vo0, i1b);
                    f1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 12), v0, f1);
                    f1b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 12), vo0, f1b);
                    g1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 20), v0, g1);
                    g1b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 20), vo0, g1b);
                    o1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 28), v0, o1);
                    o1b = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, RowVector128x2 + 28), vo0, o1b);
                    row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowVector128x2);
                }
                // The odd last row.
                v0 = global::System.Runtime.Intrinsics.Vector128.Create(global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1));
                i1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 4), v0, i1);
                f1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 12), v0, f1);
                g1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 20), v0, g1);
                o1 = global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref row, 28), v0, o1);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowVector128x2);
            }
            // Add the odd rows' set.
            i1 += i1b; f1 += f1b; g1 += g1b; o1 += o1b;
            // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
            global::System.Runtime.Intrinsics.Vector128<float> c1New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::System.Runtime.Intrinsics.Vector128.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f1), global::System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref c, 4), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i1) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g1)));
            global::System.Runtime.Intrinsics.Vector128.StoreUnsafe(c1New, ref c, 4);
            global::System.Runtime.Intrinsics.Vector128.StoreUnsafe(global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o1) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c1New)), ref hNext, 4);
        }
    }

    // 1 column(s) × 4 gates × 2 sets = 8 accumulators of 1 lane: independent FMA chains that hide FMA latency.
    private static void RecurTileScalarx1(ref float w, ref float sums, ref float h, ref float c, ref float hNext)
    {
        // Start from the projected input b + W_ih·x, at the h rows.
        float
            i0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 0),
            f0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 1),
            g0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 2),
            o0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref sums, 3);
        ref float row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref w, (1 + Input) * RowScalarx1);
        // The second accumulator set (odd rows) starts at zero.
        float i0b = 0f, f0b = 0f, g0b = 0f, o0b = 0f;
        {
            float v0, vo0;
            // sums += W_hh[:, k]·h[k]: row pairs, even rows into one set, odd rows into the other.
            for (int k = 0; k < Units - 1; k += 2)
            {
                v0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k);
                vo0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref h, k + 1);
                i0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 0), v0, i0);
                i0b = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowScalarx1), vo0, i0b);
                f0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 1), v0, f0);
                f0b = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowScalarx1 + 1), vo0, f0b);
                g0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2), v0, g0);
                g0b = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowScalarx1 + 2), vo0, g0b);
                o0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 3), v0, o0);
                o0b = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowScalarx1 + 3), vo0, o0b);
                row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2 * RowScalarx1);
            }
            // The odd last row.
            v0 = global::System.Runtime.CompilerServices.Unsafe.Add(ref h, Units - 1);
            i0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 0), v0, i0);
            f0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 1), v0, f0);
            g0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 2), v0, g0);
            o0 = float.MultiplyAddEstimate(global::System.Runtime.CompilerServices.Unsafe.Add(ref row, 3), v0, o0);
            row = ref global::System.Runtime.CompilerServices.Unsafe.Add(ref row, RowScalarx1);
        }
        // Add the odd rows' set.
        i0 += i0b; f0 += f0b; g0 += g0b; o0 += o0b;
        // Gates and state: c = σ(f)∘c + σ(i)∘tanh(g); h' = σ(o)∘tanh(c), each with denormals flushed to 0.
        float c0New = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(float.MultiplyAddEstimate(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(f0), global::System.Runtime.CompilerServices.Unsafe.Add(ref c, 0), global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(i0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(g0)));
        global::System.Runtime.CompilerServices.Unsafe.Add(ref c, 0) = c0New;
        global::System.Runtime.CompilerServices.Unsafe.Add(ref hNext, 0) = global::LstmGen.GeneratedCodeSupport.LstmDenormals.Flush(global::LstmGen.GeneratedCodeSupport.LstmMath.Sigmoid(o0) * global::LstmGen.GeneratedCodeSupport.LstmMath.Tanh(c0New));
    }

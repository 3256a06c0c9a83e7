    /// <summary>
    /// Runs one whole sequence from a zero state; the streaming state of <see cref="Step(global::System.ReadOnlySpan{float}, global::System.Span{float})"/> is neither read nor changed.
    /// </summary>
    /// <param name="input">steps·Input floats for any steps ≥ 1, row-major [step, feature].</param>
    /// <param name="output">Receives Units floats (the last hidden state).</param>
    /// <exception cref="global::System.ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="global::System.InvalidOperationException">No weights were loaded.</exception>
    public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)
    {
        float[] packed = _lstmPacked ?? throw new global::System.InvalidOperationException("Streaming.Forward: call LoadWeights first.");
        if (input.Length == 0 || input.Length % Input != 0)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"input: expected a positive multiple of Input = 1 floats ([steps, 1]), got {a0}.", "input");
            throw Error(input.Length);
        }
        int steps = input.Length / Input;
        if (output.Length != Units)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0>(T0 a0) => new($"output: expected Units = 8 floats (the last hidden state), got {a0}.", "output");
            throw Error(output.Length);
        }

        // h, h' and c start at zero; they live on the stack, so Forward allocates nothing.
        global::System.Span<float> state = stackalloc float[ForwardStateLength];
        state.Clear();
        RunSequence(packed, input, output, steps, ReturnSequences, state);
    }

    // Checks ForwardBatch's lengths; returns the steps per sequence.
    private static int BatchSteps(int inputs, int outputs, int batch)
    {
        if (batch < 1)
            throw new global::System.ArgumentOutOfRangeException(nameof(batch), batch, "batch: expected at least 1 sequence.");
        if (inputs == 0 || inputs % ((long)batch * Input) != 0)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1, T2>(T0 a0, T1 a1, T2 a2) => new($"inputs: expected a positive multiple of batch·Input = {a0}·1 floats ([{a1}, steps, 1]), got {a2}.", "inputs");
            throw Error(batch, batch, inputs);
        }
        int steps = (int)(inputs / ((long)batch * Input));
        if (outputs != (long)batch * Units)
        {
            [global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
            static global::System.ArgumentException Error<T0, T1>(T0 a0, T1 a1) => new($"outputs: expected batch·Units = {a0} floats, got {a1}.", "outputs");
            throw Error((long)batch * Units, outputs);
        }
        return steps;
    }

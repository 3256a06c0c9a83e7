    /// <summary>
    /// Runs one whole sequence from a zero state; the streaming state of <see cref="Step"/> is neither read nor changed.
    /// </summary>
    /// <param name="input">steps·Input floats for any steps ≥ 1, row-major [step, feature].</param>
    /// <param name="output">Receives Units floats (the last hidden state).</param>
    /// <exception cref="global::System.ArgumentException">A span has the wrong length.</exception>
    /// <exception cref="global::System.InvalidOperationException">No weights were loaded.</exception>
    public void Forward(global::System.ReadOnlySpan<float> input, global::System.Span<float> output)
    {
        float[] packed = _lstmPacked ?? throw new global::System.InvalidOperationException("Streaming.Forward: call LoadWeights first.");
        if (input.Length == 0 || input.Length % Input != 0)
            throw new global::System.ArgumentException($"input: expected a positive multiple of Input = 1 floats ([steps, 1]), got {input.Length}.", nameof(input));
        int steps = input.Length / Input;
        if (output.Length != Units)
            throw new global::System.ArgumentException($"output: expected Units = 8 floats (the last hidden state), got {output.Length}.", nameof(output));

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
            throw new global::System.ArgumentException($"inputs: expected a positive multiple of batch·Input = {batch}·1 floats ([{batch}, steps, 1]), got {inputs}.", nameof(inputs));
        int steps = (int)(inputs / ((long)batch * Input));
        if (outputs != (long)batch * Units)
            throw new global::System.ArgumentException($"outputs: expected batch·Units = {(long)batch * Units} floats, got {outputs}.", nameof(outputs));
        return steps;
    }

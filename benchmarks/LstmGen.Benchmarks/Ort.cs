using System;
using System.Collections.Generic;
using Microsoft.ML.OnnxRuntime;

namespace LstmGen.Benchmarks;

/// <summary>ONNX Runtime sessions as the benchmarks use them: CPU, one thread, every graph optimisation.</summary>
internal static class Ort
{
    public static InferenceSession Open(string file)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        return new InferenceSession(Models.PathOf(file), options);
    }
}

/// <summary>
/// A sequence model (forward_*.onnx or batch_*.onnx): x [T, B, I] → h [1, B, U], the last hidden state
/// of each of the B sequences, run two ways.
/// </summary>
internal sealed class OrtSequence : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly long[] _xShape;
    private readonly OrtValue _xBound, _hBound;
    private readonly OrtIoBinding _binding;

    /// <param name="file">The .onnx file.</param>
    /// <param name="x">The input, [T, B, I]; the IoBinding path reads it in place, so fill it before <see cref="RunBound"/>.</param>
    /// <param name="h">The output of the IoBinding path, [B, U]; ORT writes into it.</param>
    public OrtSequence(string file, float[] x, float[] h, int steps, int batch, int input, int units)
    {
        _session = Ort.Open(file);
        _xShape = [steps, batch, input];
        // IoBinding: OrtValues over the caller's (pinned) arrays, bound once.
        _xBound = OrtValue.CreateTensorValueFromMemory(x, _xShape);
        _hBound = OrtValue.CreateTensorValueFromMemory(h, [1, batch, units]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput("x", _xBound);
        _binding.BindOutput("h", _hBound);
    }

    /// <summary>The simple API as a typical user writes it: an OrtValue and a name map per call, outputs allocated by ORT and copied out.</summary>
    public void Run(float[] x, Span<float> h)
    {
        using var xValue = OrtValue.CreateTensorValueFromMemory(x, _xShape);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = xValue };
        using var outputs = _session.Run(_runOptions, inputs, _session.OutputNames);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(h);
    }

    /// <summary>IoBinding: input and output pre-bound over pinned buffers; reads the constructor's x, writes its h.</summary>
    public void RunBound() => _session.RunWithBinding(_runOptions, _binding);

    public void Dispose()
    {
        _binding.Dispose();
        _xBound.Dispose();
        _hBound.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}

/// <summary>
/// A one-step model (step_*.onnx): (x [1, 1, I], h0, c0 [1, 1, U]) → (h, c), with the state carried by
/// feeding h and c back in, as a streaming ONNX Runtime user does.
/// </summary>
internal sealed class OrtStream : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly long[] _xShape, _stateShape;
    // Simple API state.
    private readonly float[] _x, _h, _c;
    // IoBinding: two bindings over two state buffers; each run reads one pair and writes the other.
    private readonly float[] _xBuf;
    private readonly float[][] _hBuf, _cBuf;
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding[] _bindings;
    private int _parity;

    public OrtStream(string file, int input, int units)
    {
        _session = Ort.Open(file);
        _xShape = [1, 1, input];
        _stateShape = [1, 1, units];
        _x = new float[input];
        _h = new float[units];
        _c = new float[units];

        _xBuf = new float[input];
        _hBuf = [new float[units], new float[units]];
        _cBuf = [new float[units], new float[units]];
        var x = OrtValue.CreateTensorValueFromMemory(_xBuf, _xShape);
        var h0 = OrtValue.CreateTensorValueFromMemory(_hBuf[0], _stateShape);
        var c0 = OrtValue.CreateTensorValueFromMemory(_cBuf[0], _stateShape);
        var h1 = OrtValue.CreateTensorValueFromMemory(_hBuf[1], _stateShape);
        var c1 = OrtValue.CreateTensorValueFromMemory(_cBuf[1], _stateShape);
        _values = [x, h0, c0, h1, c1];
        _bindings = [Bind(x, h0, c0, h1, c1), Bind(x, h1, c1, h0, c0)];
    }

    private OrtIoBinding Bind(OrtValue x, OrtValue hIn, OrtValue cIn, OrtValue hOut, OrtValue cOut)
    {
        var binding = _session.CreateIoBinding();
        binding.BindInput("x", x);
        binding.BindInput("h0", hIn);
        binding.BindInput("c0", cIn);
        binding.BindOutput("h", hOut);
        binding.BindOutput("c", cOut);
        return binding;
    }

    /// <summary>Simple API: OrtValues over the input and the state and a name map per call; the new state is copied back.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h)
    {
        x.CopyTo(_x);
        using var xValue = OrtValue.CreateTensorValueFromMemory(_x, _xShape);
        using var hValue = OrtValue.CreateTensorValueFromMemory(_h, _stateShape);
        using var cValue = OrtValue.CreateTensorValueFromMemory(_c, _stateShape);
        var inputs = new Dictionary<string, OrtValue> { ["x"] = xValue, ["h0"] = hValue, ["c0"] = cValue };
        using var outputs = _session.Run(_runOptions, inputs, _session.OutputNames);
        outputs[0].GetTensorDataAsSpan<float>().CopyTo(_h);
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(_c);
        _h.CopyTo(h);
    }

    /// <summary>IoBinding: x copied into its pinned buffer, one run ping-ponging between the two state buffers, h copied out.</summary>
    public void StepBound(ReadOnlySpan<float> x, Span<float> h)
    {
        x.CopyTo(_xBuf);
        _session.RunWithBinding(_runOptions, _bindings[_parity]);
        _parity ^= 1;
        _hBuf[_parity].AsSpan().CopyTo(h);
    }

    public void ResetState()
    {
        Array.Clear(_h);
        Array.Clear(_c);
        foreach (var b in _hBuf) Array.Clear(b);
        foreach (var b in _cBuf) Array.Clear(b);
        _parity = 0;
    }

    public void Dispose()
    {
        foreach (var b in _bindings) b.Dispose();
        foreach (var v in _values) v.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}

using System;
#if LSTMGEN_TORCH
using System.IO;
using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;
#endif

namespace LstmGen.Benchmarks;

#if !LSTMGEN_TORCH
/// <summary>This build has no TorchSharp (see the .csproj): the TorchSharp benchmarks are filtered out.</summary>
internal static class TorchProbe
{
    public static string? Failure => "this build has no TorchSharp: set LSTMGEN_BENCH_TORCH=1 (benchmarks/run.sh does)";
}

/// <summary>
/// Stands in for the TorchSharp LSTM in builds without TorchSharp, so the benchmark classes compile unchanged;
/// never constructed, because <see cref="TorchProbe.Failure"/> is set.
/// </summary>
internal sealed class TorchLstm : IDisposable
{
    public TorchLstm(LstmWeights weights) => throw new NotSupportedException(TorchProbe.Failure);
    public void Forward(float[] x, Span<float> h) => throw new NotSupportedException(TorchProbe.Failure);
    public void Step(ReadOnlySpan<float> x, Span<float> h) => throw new NotSupportedException(TorchProbe.Failure);
    public void ResetState() => throw new NotSupportedException(TorchProbe.Failure);
    public void Dispose() { }
}
#else

/// <summary>
/// Whether TorchSharp's native library loads here. TorchSharp 0.107's glue (libLibTorchSharp.so) needs
/// GLIBCXX_3.4.32 (GCC 13's libstdc++); Debian 12 has GCC 12's (up to GLIBCXX_3.4.30), so there it fails
/// and the TorchSharp benchmarks are filtered out (Program.cs) instead of crashing the run.
/// </summary>
internal static class TorchProbe
{
    /// <summary>Null if TorchSharp works, else why not (the loader's own message).</summary>
    public static string? Failure { get; } = Probe();

    private static string? Probe()
    {
        // Load the glue ourselves first: when TorchSharp's own loader fails it falls back to copying all
        // of libtorch (~480 MB) next to the executable before giving up; this check costs nothing.
        // A patched copy first on LD_LIBRARY_PATH (benchmarks/run.sh's Debian 12 fix) is found by name, as TorchSharp's
        // loader finds it after the app's own copy fails; libtorch goes first (from this app, as TorchSharp loads it), so
        // the glue's libc10 and libtorch_cpu resolve to this app's copies and not to a system PyTorch.
        string native = Path.Combine(AppContext.BaseDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native");
        string glue = Path.Combine(native, "libLibTorchSharp.so");
        if (NativeLibrary.TryLoad(Path.Combine(native, "libtorch.so"), out _) && NativeLibrary.TryLoad("libLibTorchSharp.so", out var patched))
            NativeLibrary.Free(patched);
        else if (File.Exists(glue))
        {
            try { NativeLibrary.Free(NativeLibrary.Load(glue)); }
            catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
            {
                // .NET's message ends with the dynamic loader's own reason (dlerror) on its last line.
                string reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[^1];
                return $"TorchSharp's native library does not load here: {reason}";
            }
        }
        try
        {
            torch.set_num_threads(1);
            using var t = torch.ones(2);
            return t.sum().item<float>() == 2f ? null : "torch.ones(2).sum() is not 2";
        }
        catch (Exception e)
        {
            return $"TorchSharp does not initialise: {e.GetType().Name}: {(e.InnerException ?? e).Message.Split('\n')[0]}";
        }
    }
}

/// <summary>
/// A TorchSharp <c>nn.LSTM</c> with <see cref="LstmWeights"/> loaded into it, used as a PyTorch user would:
/// one thread, inference mode, tensors made from the caller's arrays per call. Only touched when
/// <see cref="TorchProbe.Failure"/> is null.
/// </summary>
internal sealed class TorchLstm : IDisposable
{
    private readonly TorchSharp.Modules.LSTM _lstm;
    private readonly int _input, _units;
    private Tensor _h, _c; // streaming state [1, 1, U]

    public TorchLstm(LstmWeights weights)
    {
        torch.set_num_threads(1);
        _input = weights.Input;
        _units = weights.Units;
        _lstm = nn.LSTM(_input, _units);
        _lstm.eval();
        using (torch.no_grad())
        {
            // LstmWeights holds bias_ih + bias_hh summed; put the sum in bias_ih and zero bias_hh.
            int g4 = 4 * _units;
            Parameter("weight_ih_l0").copy_(torch.tensor(weights.WeightIh.ToArray(), [g4, _input]));
            Parameter("weight_hh_l0").copy_(torch.tensor(weights.WeightHh.ToArray(), [g4, _units]));
            Parameter("bias_ih_l0").copy_(torch.tensor(weights.Bias.ToArray(), [g4]));
            Parameter("bias_hh_l0").zero_();
        }
        _h = torch.zeros(1, 1, _units);
        _c = torch.zeros(1, 1, _units);
    }

    private Tensor Parameter(string name) =>
        _lstm.get_parameter(name) ?? throw new InvalidOperationException($"TorchSharp's LSTM has no parameter {name}.");

    /// <summary>Sequences from a zero state: x is [T, B, I] (B = h.Length / U), h gets the last hidden state [B, U].</summary>
    public void Forward(float[] x, Span<float> h)
    {
        int batch = h.Length / _units;
        using var scope = torch.NewDisposeScope();
        using var mode = torch.inference_mode();
        var input = torch.tensor(x, [x.Length / (batch * _input), batch, _input]);
        var (_, hn, _) = _lstm.forward(input, null);
        hn.data<float>().CopyTo(h);
    }

    /// <summary>One streaming step; h and c carry over between calls.</summary>
    public void Step(ReadOnlySpan<float> x, Span<float> h)
    {
        using var scope = torch.NewDisposeScope();
        using var mode = torch.inference_mode();
        var input = torch.tensor(x.ToArray(), [1, 1, _input]);
        var (_, hn, cn) = _lstm.forward(input, (_h, _c));
        _h.Dispose();
        _c.Dispose();
        _h = hn.MoveToOuterDisposeScope();
        _c = cn.MoveToOuterDisposeScope();
        _h.data<float>().CopyTo(h);
    }

    public void ResetState()
    {
        _h.Dispose();
        _c.Dispose();
        _h = torch.zeros(1, 1, _units);
        _c = torch.zeros(1, 1, _units);
    }

    public void Dispose()
    {
        _h.Dispose();
        _c.Dispose();
        _lstm.Dispose();
    }
}
#endif

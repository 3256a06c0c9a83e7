using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace LstmGen.Tests;

/// <summary>
/// What each loader does with an arbitrary file, and the contract it must keep: shared by the fuzzer
/// (tests/LstmGen.Fuzz, which links this file) and by the corpus replay in the unit tests.
/// </summary>
/// <remarks>
/// A target runs a loader's public entry points on the bytes as a user would (open, list, read every tensor, load
/// each layer, load the whole model), each call a separate step. A step must return or throw
/// <see cref="LstmFormatException"/>; anything else escapes as a finding. Each step must also finish within
/// <see cref="StepTimeLimit"/> and allocate at most <see cref="AllocationBound"/>: 16 × the input's size plus the
/// bytes of the float32 tensors the step returned, plus a fixed allowance for the exception and its message.
/// </remarks>
internal static class FuzzTargets
{
    /// <summary>The loaders under fuzzing, by the name run.sh and the corpus folders use.</summary>
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> Loaders = new Dictionary<string, Action<byte[]>>
    {
        ["safetensors"] = Safetensors,
        ["numpy"] = Numpy,
        ["onnx"] = Onnx,
        ["rtneural"] = RtNeural,
        ["keras-h5"] = Keras,
        ["keras-zip"] = Keras,
    };

    public static readonly TimeSpan StepTimeLimit = TimeSpan.FromSeconds(1);

    /// <summary>Room for the rejection itself: the exception, its stack trace and formatted message.</summary>
    public const long FixedAllowance = 64 * 1024;

    public static long AllocationBound(int inputLength, long floatsReturned) =>
        16L * inputLength + 4 * floatsReturned + FixedAllowance;

    // Created on first use, not in the static constructor: under the fuzzer no loader code (instrumented) may run
    // before SharpFuzz has set up the coverage map.
    private static LstmLoadOptions? _allowNonFinite;
    private static LstmLoadOptions AllowNonFinite => _allowNonFinite ??= new() { AllowNonFinite = true };

    // A few calls per container is enough to reach every code path; more only slows each execution.
    private const int MaxPerFile = 8;

    /// <summary>
    /// Runs one step, enforcing the contract. <paramref name="step"/> returns how many floats it loaded. A step over a
    /// bound runs once more and fails only if it is over again: the first time a process reaches a path it also pays
    /// for one-time work (JIT compilation, the framework loading its resource strings for an exception message).
    /// </summary>
    private static void Step(string what, byte[] input, Func<long> step)
    {
        if (Measure(input, step) is null)
            return;
        if (Measure(input, step) is { } problem)
            throw new FuzzContractException($"{what} {problem}");
    }

    /// <summary>Runs the step once; returns what was over a bound, or null.</summary>
    private static string? Measure(byte[] input, Func<long> step)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        long floats = 0;
        try
        {
            floats = step();
        }
        catch (LstmFormatException)
        {
            // The documented rejection.
        }
        clock.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        long bound = AllocationBound(input.Length, floats);
        if (allocated > bound)
            return $"allocated {allocated:N0} bytes on a {input.Length:N0}-byte input returning {floats:N0} floats; the bound is {bound:N0}";
        if (clock.Elapsed > StepTimeLimit)
            return $"took {clock.Elapsed.TotalMilliseconds:N0} ms on a {input.Length:N0}-byte input; the limit is {StepTimeLimit.TotalMilliseconds:N0} ms";
        return null;
    }

    /// <summary>Runs <paramref name="loader"/>'s target on <paramref name="input"/>.</summary>
    public static void Run(string loader, byte[] input) => Loaders[loader](input);

    private static void Safetensors(byte[] input)
    {
        SafetensorsFile? file = null;
        Step("SafetensorsFile.Open", input, () =>
        {
            file?.Dispose();
            file = SafetensorsFile.Open(new MemoryStream(input, writable: false), "fuzz.safetensors");
            return 0;
        });
        if (file is null)
            return;
        using (file)
        {
            foreach (var tensor in file.Tensors.Take(MaxPerFile))
                Step($"ReadFloat32({tensor.Name})", input, () => file.ReadFloat32(tensor.Name).Length);
            Step("LstmWeights.LoadSafetensors", input, () => LstmWeights.LoadSafetensors(file).ParameterCount);
            Step("LstmWeights.LoadSafetensors(layer 1, reverse)", input,
                () => LstmWeights.LoadSafetensors(file, layer: 1, reverse: true, options: AllowNonFinite).ParameterCount);
            string[] modules = Modules(file.Tensors.Select(t => t.Name));
            if (modules.Length == 0)
                return; // as for .npz below
            using var temp = new InputFile(input);
            Step("ModelWeights.LoadSafetensors", input,
                () => Parameters(ModelWeights.LoadSafetensors(temp.Path, AllowNonFinite, modules)));
        }
    }

    private static void Numpy(byte[] input)
    {
        if (input.Length < 2 || input[0] != 'P' || input[1] != 'K')
        {
            Step("NpyArray.Read", input, () => NpyArray.Read(new MemoryStream(input, writable: false), "fuzz.npy").Data.Length);
            return;
        }
        Step("LstmWeights.LoadNpz", input,
            () => LstmWeights.LoadNpz(new MemoryStream(input, writable: false), "fuzz.npz").ParameterCount);
        Step("LstmWeights.LoadNpz(layer 1, reverse)", input,
            () => LstmWeights.LoadNpz(new MemoryStream(input, writable: false), "fuzz.npz", layer: 1, reverse: true,
                options: AllowNonFinite).ParameterCount);
        string[] modules = Modules(ZipEntryNames(input).Select(n => n.EndsWith(".npy", StringComparison.Ordinal) ? n[..^4] : n));
        if (modules.Length == 0)
            return; // no names to pass: an empty module list is the caller's error (ArgumentException), not the file's
        using var temp = new InputFile(input);
        Step("ModelWeights.LoadNpz", input, () => Parameters(ModelWeights.LoadNpz(temp.Path, AllowNonFinite, modules)));
    }

    private static void Onnx(byte[] input)
    {
        IReadOnlyList<OnnxLstmNode> nodes = [];
        Step("LstmWeights.ListOnnxNodes", input, () =>
        {
            nodes = LstmWeights.ListOnnxNodes(new MemoryStream(input, writable: false), "fuzz.onnx");
            return 0;
        });
        if (nodes.Count == 0)
            Step("LstmWeights.LoadOnnx", input, () => LstmWeights.LoadOnnx(new MemoryStream(input, writable: false), "fuzz.onnx").ParameterCount);
        foreach (var node in nodes.Take(MaxPerFile))
            for (int direction = 0; direction < Math.Min(node.Directions, 2); direction++)
            {
                int d = direction;
                Step($"LstmWeights.LoadOnnx(node {node.Index}, direction {d})", input,
                    () => LstmWeights.LoadOnnx(new MemoryStream(input, writable: false), "fuzz.onnx", node.Index, d, AllowNonFinite).ParameterCount);
            }
    }

    private static void RtNeural(byte[] input)
    {
        Step("LstmWeights.LoadRtNeural", input,
            () => LstmWeights.LoadRtNeural(new MemoryStream(input, writable: false)).ParameterCount);
        using var temp = new InputFile(input);
        Step("LstmWeights.LoadRtNeuralLayers", input,
            () => LstmWeights.LoadRtNeuralLayers(temp.Path, AllowNonFinite).Sum(w => w.ParameterCount));
        Step("ModelWeights.LoadRtNeural", input, () => Parameters(ModelWeights.LoadRtNeural(temp.Path)));
    }

    private static void Keras(byte[] input)
    {
        KerasWeightsFile? file = null;
        Step("KerasWeightsFile.Open", input, () =>
        {
            file?.Dispose();
            file = KerasWeightsFile.Open(new MemoryStream(input, writable: false), "fuzz.keras");
            return 0;
        });
        if (file is null)
            return;
        using (file)
        {
            foreach (var layer in file.Layers.Take(MaxPerFile))
                Step($"ReadLayer({layer.Name})", input, () => file.ReadLayer(layer.Name, AllowNonFinite).Sum(t => (long)t.Data.Length));
            Step("ReadLstm", input, () => file.ReadLstm().ParameterCount);
            Step("ReadModel", input, () => Parameters(file.ReadModel(options: AllowNonFinite)));
        }
    }

    private static long Parameters(ModelWeights model) => model.Layers.Sum(l => l.ParameterCount);

    /// <summary>
    /// The module names a user would pass for these tensor names: each name up to its last dot, in first-seen order
    /// ("" for names without a dot).
    /// </summary>
    private static string[] Modules(IEnumerable<string> tensorNames) =>
        tensorNames.Select(n => n.LastIndexOf('.') is var dot and >= 0 ? n[..dot] : "").Distinct().Take(MaxPerFile).ToArray();

    /// <summary>The harness's own look at a zip's entry names, to choose module names; not part of what is checked.</summary>
    private static IEnumerable<string> ZipEntryNames(byte[] input)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(input, writable: false), ZipArchiveMode.Read);
            return zip.Entries.Select(e => e.FullName).Take(64).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or ArgumentException or IOException or NotSupportedException)
        {
            return [];
        }
    }

    /// <summary>The input written to a temporary file, for the entry points that take a path.</summary>
    private sealed class InputFile : IDisposable
    {
        public InputFile(byte[] input)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(),
                $"lstmgen-fuzz-{Environment.ProcessId}-{Environment.CurrentManagedThreadId}.bin");
            File.WriteAllBytes(Path, input);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}

/// <summary>A loader broke its contract on a fuzzed input: took too long or allocated too much.</summary>
internal sealed class FuzzContractException(string message) : Exception(message);

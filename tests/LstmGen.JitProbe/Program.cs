using System;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Runtime.Intrinsics;
using LstmGen;
using LstmGen.JitProbe;
using LstmGen.Tests;

// Calls LoadWeights, Forward, Step, ResetState and ForwardBatch on every [LstmLayer] class of this assembly and on
// an LstmKernel of the same shape, so the JIT compiles every kernel method on the active SIMD path.
// Run it with DOTNET_TieredCompilation=0 DOTNET_JitDisasmSummary=1 DOTNET_JitStdOutFile=<file>: every
// method is then compiled once, straight at full optimisation, and the file says which ones the JIT
// refused to optimise ("MinOpts"). Stdout tells the reader (JitTests) what to look for:
//   path <Vector512|Vector256|Vector128|Scalar>   the path the generated kernels take in this process
//   runtime-optimized <True|False>      whether LstmGen.dll (LstmKernel) was built optimised
//   layer <full type name>              one per generated class
//   control-above|control-below <name> <IL instructions>   the MinOpts controls (see JitControls)
//   checksum <value>, then done

Console.WriteLine($"path {SimdPath.Active}");
var debuggable = typeof(LstmKernel).Assembly.GetCustomAttribute<DebuggableAttribute>();
Console.WriteLine($"runtime-optimized {!(debuggable?.IsJITOptimizerDisabled ?? false)}");

var layerTypes = typeof(JitControls).Assembly.GetTypes()
    .Where(t => t.GetCustomAttribute<LstmLayerAttribute>() is not null)
    .OrderBy(t => t.FullName, StringComparer.Ordinal)
    .ToArray();
double checksum = 0;
foreach (var type in layerTypes)
{
    var attribute = type.GetCustomAttribute<LstmLayerAttribute>()!;
    var layer = (ILstmLayer)Activator.CreateInstance(type)!;
    Console.WriteLine($"layer {type.FullName} {layer.Units}");
    var weights = LstmWeights.CreateRandom(layer.Input, layer.Units, seed: layer.Input * 31 + layer.Units);
    int steps = attribute.Steps > 0 ? attribute.Steps : 3;
    checksum += Exercise(layer, weights, steps, attribute.ReturnSequences);
    var kernel = new LstmKernel(weights);
    checksum += Exercise(kernel, weights, steps, sequences: false);
    checksum += Exercise(kernel, weights, steps, sequences: true);
}

// Models: weights built from the layer attributes (metadata order is declaration order) and the generated constants.
var modelTypes = typeof(JitControls).Assembly.GetTypes()
    .Where(t => t.GetCustomAttribute<LstmModelAttribute>() is not null)
    .OrderBy(t => t.FullName, StringComparer.Ordinal)
    .ToArray();
foreach (var type in modelTypes)
{
    var model = (ILstmModel)Activator.CreateInstance(type)!;
    Console.WriteLine($"model {type.FullName}");
    var attributes = type.GetCustomAttributesData()
        .Where(a => a.AttributeType == typeof(LstmAttribute) || a.AttributeType == typeof(GruAttribute) || a.AttributeType == typeof(DenseAttribute)).ToArray();
    var kinds = attributes.Select(a => a.AttributeType).ToArray();
    bool Bidirectional(int k) => attributes[k].NamedArguments.Any(n => n.MemberName == "Bidirectional" && n.TypedValue.Value is true);
    bool ResetBefore(int k) => attributes[k].NamedArguments.Any(n => n.MemberName == "ResetAfter" && n.TypedValue.Value is false);
    static float[] Fill(int n) => Enumerable.Range(0, n).Select(i => MathF.Sin(i) * 0.1f).ToArray();
    int Constant(string name) => (int)type.GetField(name)!.GetRawConstantValue()!;
    var layers = kinds.Select((kind, k) =>
    {
        int input = Constant($"Layer{k}Input"), units = Constant($"Layer{k}Units");
        return kind == typeof(LstmAttribute) && Bidirectional(k)
                ? new BidirectionalWeights(LstmWeights.CreateRandom(input, units, seed: k), LstmWeights.CreateRandom(input, units, seed: k + 100))
            : kind == typeof(LstmAttribute) ? LstmWeights.CreateRandom(input, units, seed: k)
            : kind == typeof(GruAttribute) && ResetBefore(k)
                ? GruWeights.FromKeras(input, units, Fill(input * 3 * units), Fill(units * 3 * units), Fill(3 * units), resetAfter: false)
            : kind == typeof(GruAttribute) ? GruWeights.FromPyTorch(input, units, Fill(3 * units * input), Fill(3 * units * units), Fill(3 * units), Fill(3 * units))
            : (LayerWeights)DenseWeights.FromPyTorch(input, units, Fill(input * units), new float[units]);
    });
    model.LoadWeights(new ModelWeights(layers));
    var input = new float[model.Steps * model.Input];
    for (int k = 0; k < input.Length; k++)
        input[k] = MathF.Sin(k * 0.37f);
    var output = new float[model.OutputLength];
    var y = new float[model.Output];
    for (int r = 0; r < 2; r++)
    {
        model.Predict(input, output);
        if (type.GetCustomAttribute<LstmModelAttribute>()!.Streaming)
        {
            model.Step(input.AsSpan(0, model.Input), y);
            model.ResetState();
        }
    }
    checksum += output.Sum() + y.Sum();
}

Console.WriteLine($"control-above {JitControls.AboveLimitName} {JitControls.AboveLimitInstructions}");
Console.WriteLine($"control-below {JitControls.BelowLimitName} {JitControls.BelowLimitInstructions}");
checksum += JitControls.Run();
Console.WriteLine($"checksum {checksum}");
Console.WriteLine("done");
return 0;

static double Exercise(ILstmLayer layer, LstmWeights weights, int steps, bool sequences)
{
    layer.LoadWeights(weights);
    var input = new float[steps * layer.Input];
    for (int k = 0; k < input.Length; k++)
        input[k] = MathF.Sin(k * 0.37f);
    var output = new float[sequences ? steps * layer.Units : layer.Units];
    var h = new float[layer.Units];
    double checksum = 0;
    // Twice each, so nothing is left to a first-call-only path.
    for (int r = 0; r < 2; r++)
    {
        layer.Forward(input, output);
        layer.Step(input.AsSpan(0, layer.Input), h);
        layer.Step(input.AsSpan(input.Length - layer.Input), h);
        layer.ResetState();
        if (layer is ILstmBatchLayer batchLayer)
        {
            // Three sequences: a partial group of four (the last slot repeats the third sequence).
            var inputs = new float[3 * input.Length];
            for (int k = 0; k < inputs.Length; k++)
                inputs[k] = input[k % input.Length];
            var outputs = new float[3 * output.Length];
            batchLayer.ForwardBatch(inputs, outputs, 3);
            checksum += outputs.Sum();
        }
    }
    return checksum + output.Sum() + h.Sum();
}

using System.Collections.Generic;
using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// ONNX files made by torch.onnx.export and onnx.helper, loaded with <see cref="LstmWeights.LoadOnnx(string, int, int, LstmLoadOptions?)"/>
/// and run through generated kernels and <see cref="LstmKernel"/>: every LSTM node, every direction (the reverse
/// one on the reversed sequence), chained node to node, against float64 outputs from PyTorch or the ONNX equations.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class OnnxConformanceTests(ITestOutputHelper log)
{
    private const int Batch = 2; // every fixture's input holds two sequences

    public static TheoryData<string, bool> Fixtures()
    {
        var data = new TheoryData<string, bool>();
        foreach (var f in new[] { "torch_lstm1", "torch_lstm2", "torch_bidir2", "helper_float_data", "helper_double",
                     "helper_float16", "helper_constants", "helper_bidir" })
        {
            data.Add(f, true);
            data.Add(f, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void FixtureMatchesFloat64Reference(string fixture, bool generated)
    {
        string path = Fixture.Path("onnx", fixture + ".onnx");
        var nodes = LstmWeights.ListOnnxNodes(path);
        var x = Fixture.Csv("onnx", fixture + "_x.csv");
        int batch = Batch, steps = x.Length / batch;
        // One [step, feature] sequence per batch element; each node's output becomes the next node's input.
        var seqs = Enumerable.Range(0, batch)
            .Select(b => x.Skip(b * steps).Take(steps).SelectMany(row => row.Select(v => (float)v)).ToArray()).ToArray();
        Assert.True(File.Exists(Fixture.Path("onnx", $"{fixture}_y_n{nodes.Count - 1}.csv")));

        foreach (var node in nodes)
        {
            int d = node.Directions, units = node.Units!.Value, input = node.Input!.Value;
            Assert.Equal(seqs[0].Length / steps, input);
            var outputs = Enumerable.Range(0, batch).Select(_ => new float[steps * d * units]).ToArray();
            var layerNames = new List<string>();
            for (int dir = 0; dir < d; dir++)
            {
                var w = LstmWeights.LoadOnnx(path, node.Index, dir);
                Assert.Equal((input, units), (w.Input, w.Units));
                bool reverse = node.Direction == "reverse" || dir == 1;
                ILstmLayer layer = generated ? Generated(w, steps) : new LstmKernel(w);
                layerNames.Add(layer.GetType().Name + (reverse ? " (reversed)" : ""));
                for (int b = 0; b < batch; b++)
                {
                    var seq = reverse ? Sequences.ReverseSteps(seqs[b], input) : seqs[b];
                    var y = new float[steps * units];
                    layer.Forward(seq, y);
                    if (reverse)
                        y = Sequences.ReverseSteps(y, units);
                    for (int t = 0; t < steps; t++)
                        Array.Copy(y, t * units, outputs[b], (t * d + dir) * units, units);
                }
            }

            var expected = Fixture.Csv("onnx", $"{fixture}_y_n{node.Index}.csv");
            Assert.Equal(batch * steps, expected.Length);
            Assert.All(expected, row => Assert.Equal(d * units, row.Length));
            // Rows are [batch, step], as the outputs laid end to end.
            double worst = AssertClose.Within(expected.SelectMany(row => row).ToArray(), outputs.SelectMany(o => o).ToArray(),
                $"{fixture} node {node.Index}");
            log.WriteLine($"{fixture} node {node.Index} ({node}) via {string.Join(" + ", layerNames)}: max abs error {worst:E2} ({SimdPath.Active})");
            seqs = outputs;
        }
    }

    /// <summary>The generated layer declared for these sizes, loaded with <paramref name="w"/>.</summary>
    private static ILstmLayer Generated(LstmWeights w, int steps)
    {
        ILstmLayer layer = (w.Input, w.Units, steps) switch
        {
            (11, 29, 7) => new Ox11x29x7Seq(),
            (29, 29, 7) => new Ox29x29x7Seq(),
            (5, 9, 6) => new Ox5x9x6Seq(),
            (18, 9, 6) => new Ox18x9x6Seq(),
            (3, 5, 4) => new Ox3x5x4Seq(),
            (5, 5, 4) => new Ox5x5x4Seq(),
            _ => throw new NotSupportedException($"no Ox layer declared for Input = {w.Input}, Units = {w.Units}, {steps} steps"),
        };
        layer.LoadWeights(w);
        return layer;
    }

    /// <summary>The streaming path (Step, state carried) and last-state Forward of a generated layer.</summary>
    [Theory]
    [InlineData("helper_float_data")]
    [InlineData("helper_double")]
    [InlineData("helper_float16")]
    public void StreamingStepMatches(string fixture)
    {
        var layer = new Ox3x5();
        layer.LoadWeights(LstmWeights.LoadOnnx(Fixture.Path("onnx", fixture + ".onnx")));
        var x = Fixture.Csv("onnx", fixture + "_x.csv");
        var expected = Fixture.Csv("onnx", fixture + "_y_n0.csv");
        int steps = x.Length / Batch;
        double worst = 0;
        var h = new float[Ox3x5.Units];
        for (int b = 0; b < Batch; b++)
        {
            layer.ResetState();
            for (int t = 0; t < steps; t++)
            {
                layer.Step(x[b * steps + t].Select(v => (float)v).ToArray(), h);
                worst = Math.Max(worst, AssertClose.Within(expected[b * steps + t], h, $"{fixture} sequence {b} Step {t}"));
            }
            var last = new float[Ox3x5.Units];
            layer.Forward(x.Skip(b * steps).Take(steps).SelectMany(r => r.Select(v => (float)v)).ToArray(), last);
            worst = Math.Max(worst, AssertClose.Within(expected[b * steps + steps - 1], last, $"{fixture} sequence {b} Forward"));
        }
        log.WriteLine($"{fixture} Ox3x5 Step/Forward(last): max abs error {worst:E2}");
    }
}

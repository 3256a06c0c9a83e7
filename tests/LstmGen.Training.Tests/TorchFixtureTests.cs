using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace LstmGen.Training.Tests;

/// <summary>
/// Loss and every gradient element against PyTorch autograd (float64) on the cases in Fixtures/gradients.json, made by
/// Fixtures/make_gradient_fixtures.py: nn.LSTM (also bidirectional and over a flipped sequence for go_backwards), nn.GRU,
/// nn.Linear, the other activations and the reset_after=False GRU as torch ops, softmax and logit cross-entropy, MSE.
/// Tolerances: those of <see cref="GradientCheck"/> (float32 against float64).
/// </summary>
[Trait("Category", "Kernel")]
public sealed class TorchFixtureTests(ITestOutputHelper output)
{
    private static readonly Lazy<JsonDocument> Fixtures = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "gradients.json"))));

    private static IEnumerable<JsonElement> Cases => Fixtures.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static IEnumerable<object[]> CaseNames() => Cases.Select(c => new object[] { c.GetProperty("name").GetString()! });

    [Fact]
    public void FixturesCoverEveryLayerKindAndBothLosses()
    {
        var layers = Cases.SelectMany(c => c.GetProperty("layers").EnumerateArray()).ToList();
        foreach (string kind in new[] { "Lstm", "Gru", "Dense", "Dropout" })
            Assert.Contains(layers, l => l.GetProperty("kind").GetString() == kind);
        Assert.Contains(layers, l => l.GetProperty("bidirectional").GetBoolean());
        Assert.Contains(layers, l => l.GetProperty("goBackwards").GetBoolean());
        Assert.Contains(layers, l => l.GetProperty("kind").GetString() == "Gru" && !l.GetProperty("resetAfter").GetBoolean());
        Assert.Equal(2, Cases.Select(c => c.GetProperty("loss").GetString()).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorchAutograd(string name)
    {
        var c = Cases.Single(x => x.GetProperty("name").GetString() == name);
        var architecture = new ModelArchitecture(c.GetProperty("input").GetInt32(), c.GetProperty("steps").GetInt32(),
            c.GetProperty("layers").EnumerateArray().Select(Layer));
        var loss = Enum.Parse<Loss>(c.GetProperty("loss").GetString()!);
        int batch = c.GetProperty("batch").GetInt32();
        var weightLayers = architecture.Layers.Where(l => l.HasWeights).ToList();
        var jsonWeights = c.GetProperty("weights").EnumerateArray().ToList();
        var weights = new ModelWeights(weightLayers.Select((l, k) => Weights(l, jsonWeights[k])));

        float value = Gradients.Compute(architecture, weights, Floats(c.GetProperty("inputs")), Floats(c.GetProperty("targets")), batch, loss, out var gradient);
        GradientCheck.AssertLoss(c.GetProperty("lossValue").GetDouble(), value);

        // Expected tensors per layer in the order ReferenceNetwork.Flatten gives the gradient's.
        var names = new List<string>();
        var expected = new List<double[]>();
        var jsonGradients = c.GetProperty("gradients").EnumerateArray().ToList();
        for (int k = 0; k < weightLayers.Count; k++)
        {
            var l = weightLayers[k];
            string[] tensors = l.Kind switch
            {
                LayerKind.Lstm when l.Bidirectional => ["weight_ih", "weight_hh", "bias", "weight_ih_reverse", "weight_hh_reverse", "bias_reverse"],
                LayerKind.Lstm => ["weight_ih", "weight_hh", "bias"],
                LayerKind.Gru => ["weight_ih", "weight_hh", "bias_ih", "bias_hh"],
                _ => ["weight", "bias"],
            };
            foreach (string t in tensors)
            {
                names.Add($"layer {k} {t}");
                expected.Add(jsonGradients[k].GetProperty(t).EnumerateArray().Select(v => v.GetDouble()).ToArray());
            }
        }
        var analytic = ReferenceNetwork.Flatten(gradient).Select(t => t.Values).ToList(); // a reset_after=False b_hh: zeros, as expected
        double worst = GradientCheck.AssertClose(names, analytic, expected);
        output.WriteLine($"{name}: {expected.Sum(e => e.Length)} gradients, worst error {worst:E2} of the bound");
    }

    private static ModelLayer Layer(JsonElement l)
    {
        Activation Act(string property) => Enum.Parse<Activation>(l.GetProperty(property).GetString()!);
        int units = l.GetProperty("units").GetInt32();
        bool sequences = l.GetProperty("returnSequences").GetBoolean();
        return l.GetProperty("kind").GetString() switch
        {
            "Lstm" => ModelLayer.Lstm(units, sequences, l.GetProperty("bidirectional").GetBoolean(), l.GetProperty("goBackwards").GetBoolean(),
                Act("activation"), Act("recurrentActivation")),
            "Gru" => ModelLayer.Gru(units, sequences, l.GetProperty("resetAfter").GetBoolean(), Act("activation"), Act("recurrentActivation")),
            "Dense" => ModelLayer.Dense(units, Act("activation")),
            _ => ModelLayer.Dropout(l.GetProperty("rate").GetDouble()),
        };
    }

    private static LayerWeights Weights(ModelLayer l, JsonElement w)
    {
        float[] T(string name) => Floats(w.GetProperty(name));
        LstmWeights Lstm(string suffix) =>
            LstmWeights.FromPyTorch(l.Input, l.Units, T("weight_ih" + suffix), T("weight_hh" + suffix), T("bias_ih" + suffix), T("bias_hh" + suffix));
        return l.Kind switch
        {
            LayerKind.Lstm when l.Bidirectional => new BidirectionalWeights(Lstm(""), Lstm("_reverse")),
            LayerKind.Lstm => Lstm(""),
            LayerKind.Gru when l.ResetAfter => GruWeights.FromPyTorch(l.Input, l.Units, T("weight_ih"), T("weight_hh"), T("bias_ih"), T("bias_hh")),
            LayerKind.Gru => GruWeights.FromKeras(l.Input, l.Units, T("kernel"), T("recurrent_kernel"), T("bias"), resetAfter: false),
            _ => DenseWeights.FromPyTorch(l.Input, l.Units, T("weight"), T("bias")),
        };
    }

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
}

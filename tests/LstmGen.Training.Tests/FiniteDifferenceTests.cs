using System;
using System.Collections.Generic;
using System.Linq;
using Xunit;
using Xunit.Abstractions;
using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>
/// Every layer kind and option, both losses, multi-step sequences and batches above 1: the gradient of every weight
/// (a random sample of 400 for the larger model) against float64 central differences of <see cref="ReferenceNetwork.Loss"/>.
/// </summary>
/// <remarks>
/// Central differences with step 10⁻⁶ in float64: truncation error ~10⁻¹²·|L‴| and rounding ~10⁻¹⁶/10⁻⁶ = 10⁻¹⁰, both far
/// below the float32 tolerance of <see cref="GradientCheck"/>. Random weights and inputs keep every ReLU and hard-sigmoid
/// kink farther than the step from the evaluated points (the fixed seeds make that reproducible).
/// </remarks>
[Trait("Category", "Kernel")]
public sealed class FiniteDifferenceTests(ITestOutputHelper output)
{
    private const double Step = 1e-6;

    public static readonly Dictionary<string, ModelArchitecture> Models = new()
    {
        ["lstm last h → dense softmax"] = new(3, 4, Lstm(5), Dense(4, Activation.Softmax)),
        ["lstm sequence → dense per step"] = new(3, 4, Lstm(5, returnSequences: true), Dense(3)),
        ["lstm sequence output"] = new(2, 5, Lstm(4, returnSequences: true)),
        ["lstm go_backwards last h"] = new(3, 5, Lstm(4, goBackwards: true), Dense(3, Activation.Softmax)),
        ["lstm go_backwards sequence"] = new(3, 5, Lstm(4, returnSequences: true, goBackwards: true), Dense(2)),
        ["bidirectional last h"] = new(3, 4, Lstm(4, bidirectional: true), Dense(3, Activation.Softmax)),
        ["bidirectional sequence"] = new(3, 4, Lstm(3, returnSequences: true, bidirectional: true), Dense(2, Activation.Tanh)),
        ["bidirectional stacked"] = new(2, 4, Lstm(3, returnSequences: true, bidirectional: true), Lstm(4), Dense(3)),
        ["gru reset_after"] = new(3, 5, Gru(5), Dense(3, Activation.Softmax)),
        ["gru reset_after sequence"] = new(3, 4, Gru(4, returnSequences: true), Dense(2)),
        ["gru reset_before"] = new(3, 5, Gru(5, resetAfter: false), Dense(3, Activation.Softmax)),
        ["gru reset_before sequence"] = new(3, 4, Gru(4, returnSequences: true, resetAfter: false), Dense(2)),
        ["gru relu hard sigmoid"] = new(3, 4, Gru(4, activation: Activation.Relu, recurrentActivation: Activation.HardSigmoid), Dense(3)),
        ["gru reset_before keras2 gates"] = new(3, 4, Gru(4, resetAfter: false, recurrentActivation: Activation.HardSigmoidKeras2), Dense(3)),
        ["stacked lstm gru lstm"] = new(3, 4, Lstm(4, returnSequences: true), Gru(3, returnSequences: true), Lstm(4), Dense(3, Activation.Softmax)),
        ["dense before lstm, dropout"] = new(3, 4, Dense(5, Activation.Relu), Dropout(0.3), Lstm(4), Dropout(0.5), Dense(3, Activation.Softmax)),
        ["dropout last"] = new(3, 3, Lstm(4), Dense(3, Activation.Softmax), Dropout(0.2)),
        ["dense stack on last h"] = new(2, 3, Lstm(4), Dense(5, Activation.Sigmoid), Dense(4, Activation.HardSigmoid), Dense(4, Activation.Softmax), Dense(3)),
        ["dense keras2 and linear"] = new(2, 3, Lstm(4, returnSequences: true), Dense(5, Activation.HardSigmoidKeras2), Dense(3, Activation.Tanh)),
        ["dropout first"] = new(3, 4, Dropout(0.1), Gru(4, returnSequences: true), Dense(3)),
        ["dense only, per step"] = new(3, 4, Dense(4, Activation.Tanh), Dense(3, Activation.Softmax)),
        ["lstm last h only"] = new(3, 4, Lstm(3)),
        ["single step"] = new(3, 1, Lstm(4), Dense(3, Activation.Softmax)),
        // Wide enough for the 4 × 3-vector product tiles of every width (4H = 52 ≥ 3·16) and the row and column tails.
        ["wide tiles"] = new(7, 3, Lstm(13, returnSequences: true), Gru(17), Dense(11, Activation.Softmax)),
    };

    public static IEnumerable<object[]> ModelsAndLosses() =>
        Models.Keys.SelectMany(name => new[] { new object[] { name, Loss.CrossEntropy }, new object[] { name, Loss.MeanSquaredError } })
            .Where(p => (Loss)p[1] == Loss.MeanSquaredError || Models[(string)p[0]].Output >= 2);

    [Theory]
    [MemberData(nameof(ModelsAndLosses))]
    public void MatchesFiniteDifferences(string model, Loss loss) => Check(Models[model], loss, batch: 3, seed: model.Length * 7 + (int)loss);

    public static IEnumerable<object[]> LstmActivations() =>
        from cell in new[] { Activation.Linear, Activation.Relu, Activation.Tanh, Activation.Sigmoid, Activation.HardSigmoid, Activation.HardSigmoidKeras2 }
        from gate in new[] { Activation.Sigmoid, Activation.HardSigmoid, Activation.HardSigmoidKeras2 }
        select new object[] { cell, gate };

    [Theory]
    [MemberData(nameof(LstmActivations))]
    public void LstmActivationsMatchFiniteDifferences(Activation cell, Activation gate) =>
        Check(new ModelArchitecture(3, 4, Lstm(4, returnSequences: true, activation: cell, recurrentActivation: gate), Dense(2)), Loss.MeanSquaredError,
            batch: 2, seed: 10 * (int)cell + (int)gate);

    [Theory]
    [InlineData(Activation.Linear)]
    [InlineData(Activation.Relu)]
    [InlineData(Activation.Tanh)]
    [InlineData(Activation.Sigmoid)]
    [InlineData(Activation.Softmax)]
    [InlineData(Activation.HardSigmoid)]
    [InlineData(Activation.HardSigmoidKeras2)]
    public void DenseActivationsMatchFiniteDifferences(Activation activation)
    {
        // Inside the model (Softmax there too: allowed, if unusual) and as the head, per step after a sequence.
        Check(new ModelArchitecture(3, 3, Lstm(4, returnSequences: true), Dense(5, activation), Dense(3)), Loss.MeanSquaredError, batch: 2, seed: 100 + (int)activation);
        Check(new ModelArchitecture(3, 3, Lstm(4, returnSequences: true), Dense(4, activation)), Loss.MeanSquaredError, batch: 2, seed: 200 + (int)activation);
    }

    [Fact]
    public void BatchOfOne() => Check(Models["bidirectional sequence"], Loss.MeanSquaredError, batch: 1, seed: 5);

    [Fact]
    public void LargerModelOnASample()
    {
        var model = new ModelArchitecture(8, 6, Lstm(32, returnSequences: true), Lstm(24), Dense(10, Activation.Softmax));
        Check(model, Loss.CrossEntropy, batch: 9, seed: 77, sample: 400);
    }

    private void Check(ModelArchitecture architecture, Loss loss, int batch, int seed, int? sample = null)
    {
        var network = new ReferenceNetwork(architecture, seed);
        var rng = new Random(seed + 1);
        float[] inputs = GradientCheck.Inputs(architecture, batch, rng);
        float[] targets = GradientCheck.Targets(architecture, loss, batch, rng);

        float value = Gradients.Compute(architecture, network.ToWeights(), inputs, targets, batch, loss, out var gradient);
        GradientCheck.AssertLoss(network.Loss(inputs, targets, batch, loss), value);

        var flat = ReferenceNetwork.Flatten(gradient);
        Assert.All(flat.Where(t => !t.Parameter), t => Assert.All(t.Values, v => Assert.Equal(0f, v)));
        var analytic = flat.Where(t => t.Parameter).Select(t => t.Values).ToList();
        var tensors = network.Tensors;
        var indices = tensors.Select(t => Enumerable.Range(0, t.Values.Length).ToArray()).ToList();
        if (sample is int n)
        {
            var all = indices.SelectMany((ix, k) => ix.Select(i => (k, i))).OrderBy(_ => rng.Next()).Take(n).ToLookup(p => p.k, p => p.i);
            indices = indices.Select((_, k) => all[k].ToArray()).ToList();
        }
        var reference = network.CentralDifferences(inputs, targets, batch, loss, indices, Step);
        double worst = GradientCheck.AssertClose(tensors.Select(t => t.Name).ToList(), analytic, reference, indices);
        output.WriteLine($"{architecture} ({loss}, batch {batch}): {indices.Sum(ix => ix.Length)} weights checked, worst error {worst:E2} of the bound");
    }
}

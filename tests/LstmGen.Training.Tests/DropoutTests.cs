using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>
/// Dropout in training: the gradient with the mask the workspace drew matches float64 central differences of the
/// reference network given that same mask (inverted scaling: kept units × 1/(1 − rate)); masks drop about the rate and
/// depend only on their seed; without a seed (exact gradients, evaluation, validation) Dropout is the identity.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class DropoutTests(ITestOutputHelper log)
{
    public static readonly Dictionary<string, ModelArchitecture> Models = new()
    {
        ["lstm sequence → dropout → dense per step"] = new(3, 4, Lstm(5, returnSequences: true), Dropout(0.4), Dense(3, Activation.Softmax)),
        ["dense → dropout → lstm → dropout → dense"] = new(3, 4, Dense(5, Activation.Tanh), Dropout(0.3), Lstm(4), Dropout(0.5), Dense(3, Activation.Softmax)),
        ["input dropout → gru sequence → dropout → gru"] = new(3, 4, Dropout(0.25), Gru(4, returnSequences: true), Dropout(0.5), Gru(3, resetAfter: false), Dense(2)),
    };

    public static IEnumerable<object[]> ModelsAndLosses() =>
        from name in Models.Keys from loss in new[] { Loss.CrossEntropy, Loss.MeanSquaredError } select new object[] { name, loss };

    [Theory]
    [MemberData(nameof(ModelsAndLosses))]
    public void MaskedGradientMatchesFiniteDifferencesWithTheSameMask(string model, Loss loss)
    {
        var architecture = Models[model];
        const int batch = 3;
        var network = new ReferenceNetwork(architecture, seed: model.Length);
        var rng = new Random(model.Length + (int)loss);
        float[] inputs = GradientCheck.Inputs(architecture, batch, rng);
        float[] targets = GradientCheck.Targets(architecture, loss, batch, rng);
        var workspace = new GradientWorkspace(architecture, batch);
        workspace.SetWeights(network.ToWeights());

        float exact = workspace.Compute(inputs, targets, batch, loss);
        float masked = workspace.Compute(inputs, targets, batch, loss, dropoutSeed: 42);
        Assert.NotEqual(exact, masked);
        var masks = architecture.Layers.Select((l, k) => (l, k)).Where(p => p.l.Kind == LayerKind.Dropout)
            .ToDictionary(p => p.k, p => workspace.DropoutAt(p.k).Mask(batch).ToArray());
        foreach (var (k, mask) in masks)
        {
            double scale = 1 / (1 - architecture.Layers[k].Rate);
            Assert.All(mask, m => Assert.True(m == 0 || Math.Abs(m - scale) < 1e-6, $"mask value {m}"));
            Assert.Contains(0f, mask);
            Assert.Contains(mask, m => m != 0);
        }
        network.DropoutMask = (k, sample, step, feature) =>
        {
            var layer = architecture.Layers[k];
            int row = layer.SequenceInput ? step * batch + sample : sample;
            return masks[k][row * layer.Input + feature];
        };
        GradientCheck.AssertLoss(network.Loss(inputs, targets, batch, loss), masked);

        var analytic = ReferenceNetwork.Flatten(workspace.CreateWeights(workspace.Gradient)).Where(t => t.Parameter).Select(t => t.Values).ToList();
        var indices = network.Tensors.Select(t => Enumerable.Range(0, t.Values.Length).ToArray()).ToList();
        var reference = network.CentralDifferences(inputs, targets, batch, loss, indices, step: 1e-6);
        double worst = GradientCheck.AssertClose(network.Tensors.Select(t => t.Name).ToList(), analytic, reference);
        log.WriteLine($"{model} ({loss}): loss {exact} without dropout, {masked} masked; worst error {worst:E2} of the bound");
    }

    [Fact]
    public void MasksDropAboutTheRateAndDependOnlyOnTheirSeed()
    {
        var architecture = new ModelArchitecture(4, 8, Lstm(64, returnSequences: true), Dropout(0.3), Dense(2));
        const int batch = 16;
        var rng = new Random(1);
        var (inputs, targets) = (GradientCheck.Inputs(architecture, batch, rng), GradientCheck.Targets(architecture, Loss.MeanSquaredError, batch, rng));
        float[] Mask(ulong seed, int capacity)
        {
            var workspace = new GradientWorkspace(architecture, capacity);
            workspace.SetWeights(WeightInitialization.PyTorchDefault(architecture, 1));
            workspace.Compute(inputs, targets, batch, Loss.MeanSquaredError, seed);
            return workspace.DropoutAt(1).Mask(batch).ToArray();
        }
        var a = Mask(7, batch);
        Assert.Equal(a, Mask(7, 2 * batch)); // same seed, another workspace: the same mask
        Assert.NotEqual(a, Mask(8, batch));
        int n = a.Length; // 8·16·64 = 8192 draws: the dropped fraction's standard error is √(0.3·0.7/n) ≈ 0.005
        double dropped = a.Count(m => m == 0) / (double)n;
        log.WriteLine($"dropped {dropped:F4} of {n}");
        Assert.InRange(dropped, 0.3 - 5 * Math.Sqrt(0.21 / n), 0.3 + 5 * Math.Sqrt(0.21 / n));
    }

    [Fact]
    public void WithoutASeedDropoutIsTheIdentity()
    {
        // The same weights with and without the Dropout layers: bit-identical loss and gradient.
        var with = new ModelArchitecture(3, 4, Dropout(0.2), Lstm(5, returnSequences: true), Dropout(0.5), Dense(3, Activation.Softmax));
        var without = new ModelArchitecture(3, 4, Lstm(5, returnSequences: true), Dense(3, Activation.Softmax));
        var weights = WeightInitialization.PyTorchDefault(without, 3);
        var rng = new Random(2);
        var (inputs, targets) = (GradientCheck.Inputs(with, 4, rng), GradientCheck.Targets(with, Loss.CrossEntropy, 4, rng));
        float a = Gradients.Compute(with, weights, inputs, targets, 4, Loss.CrossEntropy, out var ga);
        float b = Gradients.Compute(without, weights, inputs, targets, 4, Loss.CrossEntropy, out var gb);
        Assert.Equal(b, a);
        Assert.Equal(TrainerTestData.Flat(gb), TrainerTestData.Flat(ga));

        var data = new Dataset(inputs, targets, 4);
        Assert.Equal(new Trainer(without, weights).Evaluate(data), new Trainer(with, weights).Evaluate(data));
    }

    [Fact]
    public void DropoutAfterTheLastWeightedLayerStaysInactive()
    {
        var architecture = new ModelArchitecture(3, 3, Lstm(4), Dense(3, Activation.Softmax), Dropout(0.5));
        var rng = new Random(3);
        var (inputs, targets) = (GradientCheck.Inputs(architecture, 5, rng), GradientCheck.Targets(architecture, Loss.CrossEntropy, 5, rng));
        var workspace = new GradientWorkspace(architecture, 5);
        workspace.SetWeights(WeightInitialization.PyTorchDefault(architecture, 4));
        float exact = workspace.Compute(inputs, targets, 5, Loss.CrossEntropy);
        var gradient = (float[])workspace.Gradient.Clone();
        Assert.Equal(exact, workspace.Compute(inputs, targets, 5, Loss.CrossEntropy, dropoutSeed: 9));
        Assert.Equal(gradient, workspace.Gradient);
    }
}

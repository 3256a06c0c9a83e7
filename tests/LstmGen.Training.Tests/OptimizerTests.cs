using System.IO;
using System.Text.Json;

namespace LstmGen.Training.Tests;

/// <summary>
/// Optimizer steps, learning-rate schedules and global-norm clipping against torch.optim, torch.optim.lr_scheduler and
/// torch.nn.utils.clip_grad_norm_ on Fixtures/optimizers.json (made by Fixtures/make_optimizer_fixtures.py, float32 like
/// the trainer). Hyper-parameters are checked with the argument, its range and the value in the message.
/// </summary>
/// <remarks>
/// Tolerance 10⁻⁶ + 2·10⁻⁶·|value|: both sides are float32 arithmetic in the same order, differing only in how a
/// hyper-parameter given as a decimal rounds (0.9 in Python, 0.9f here: one float32 ulp in 1 − β), which after six steps
/// stays below 10⁻⁶ of the parameters. A wrong rule (no bias correction, L2 where the decay is decoupled, momentum
/// applied twice) changes the first step's update by a large part of lr, 10³ times the bound and more.
/// </remarks>
[Trait("Category", "Kernel")]
public sealed class OptimizerTests(ITestOutputHelper log)
{
    private static readonly Lazy<JsonElement> Fixtures = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "optimizers.json"))).RootElement);

    private static IEnumerable<JsonElement> Section(string name) => Fixtures.Value.GetProperty(name).EnumerateArray();

    public static IEnumerable<object[]> OptimizerCases() => Section("optimizers").Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> ScheduleCases() => Section("schedules").Select(c => new object[] { c.GetProperty("name").GetString()! });

    public static IEnumerable<object[]> ClipCases() => Section("clipping").Select(c => new object[] { c.GetProperty("name").GetString()! });

    private static float[] Floats(JsonElement array) => array.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();

    private static JsonElement Case(string section, string name) => Section(section).Single(c => c.GetProperty("name").GetString() == name);

    private static float Option(JsonElement options, string name, float fallback) =>
        options.TryGetProperty(name, out var v) ? (float)v.GetDouble() : fallback;

    private static Optimizer Make(string kind, JsonElement o) => kind switch
    {
        "Adam" => new Adam(Option(o, "learningRate", 1e-3f), Option(o, "beta1", 0.9f), Option(o, "beta2", 0.999f), Option(o, "epsilon", 1e-8f),
            Option(o, "weightDecay", 0f)),
        "AdamW" => new AdamW(Option(o, "learningRate", 1e-3f), Option(o, "weightDecay", 0.01f)),
        "Sgd" => new Sgd(Option(o, "learningRate", float.NaN), Option(o, "momentum", 0f), o.TryGetProperty("nesterov", out var n) && n.GetBoolean(),
            Option(o, "weightDecay", 0f)),
        _ => throw new ArgumentException(kind),
    };

    [Theory]
    [MemberData(nameof(OptimizerCases))]
    public void StepsMatchTorchOptim(string name)
    {
        var c = Case("optimizers", name);
        var optimizer = Make(c.GetProperty("kind").GetString()!, c.GetProperty("options"));
        var parameters = Floats(Fixtures.Value.GetProperty("parameters"));
        var initial = (float[])parameters.Clone();
        var gradients = Fixtures.Value.GetProperty("gradients").EnumerateArray().Select(Floats).ToList();
        var expected = c.GetProperty("after").EnumerateArray().Select(Floats).ToList();
        var state = optimizer.CreateState(parameters.Length);
        double worst = 0;
        for (int step = 0; step < gradients.Count; step++)
        {
            var gradient = (float[])gradients[step].Clone();
            state.Step(parameters, gradient, optimizer.LearningRate);
            Assert.Equal(gradients[step], gradient); // the step leaves the gradient alone
            for (int k = 0; k < parameters.Length; k++)
            {
                double bound = 1e-6 + 2e-6 * Math.Abs(expected[step][k]), error = Math.Abs(parameters[k] - expected[step][k]);
                worst = Math.Max(worst, error / bound);
                Assert.True(error <= bound, $"{name}, step {step + 1}, parameter {k}: {parameters[k]:R}, torch {expected[step][k]:R}");
            }
        }
        Assert.NotEqual(initial, parameters);
        log.WriteLine($"{optimizer}: worst error {worst:F3} of the bound");
    }

    [Theory]
    [InlineData("Adam")]
    [InlineData("AdamW")]
    [InlineData("Sgd")]
    public void EveryElementIsUpdatedAlikeWhereverItSits(string kind)
    {
        // 8·41 + 5 elements repeating the fixture's 8 values: elements with the same values must end bit-identical, whether
        // a SIMD vector or the scalar tail updated them.
        var values = Floats(Fixtures.Value.GetProperty("parameters"));
        var optimizer = kind switch { "Adam" => new Adam(0.01f, weightDecay: 0.1f), "AdamW" => new AdamW(0.01f), _ => (Optimizer)new Sgd(0.1f, 0.9f, nesterov: true, 0.01f) };
        int n = 8 * 41 + 5;
        var parameters = Enumerable.Range(0, n).Select(k => values[k % 8]).ToArray();
        var state = optimizer.CreateState(n);
        foreach (var g in Fixtures.Value.GetProperty("gradients").EnumerateArray().Select(Floats))
            state.Step(parameters, Enumerable.Range(0, n).Select(k => g[k % 8]).ToArray(), optimizer.LearningRate);
        for (int k = 8; k < n; k++)
            Assert.Equal(parameters[k % 8], parameters[k]);
    }

    [Fact]
    public void ResetStartsOverAndStatesAreIndependent()
    {
        var optimizer = new Adam(0.01f, weightDecay: 0.1f);
        var gradients = Fixtures.Value.GetProperty("gradients").EnumerateArray().Select(Floats).ToList();
        float[] Run(OptimizerState state)
        {
            var p = Floats(Fixtures.Value.GetProperty("parameters"));
            foreach (var g in gradients)
                state.Step(p, g, optimizer.LearningRate);
            return p;
        }
        var first = optimizer.CreateState(8);
        var a = Run(first);
        Assert.Equal(a, Run(optimizer.CreateState(8))); // one optimizer, two trainers: no shared state
        first.Reset();
        Assert.Equal(a, Run(first));
    }

    [Fact]
    public void AdamWithDecoupledDecayIsAdamW()
    {
        var p1 = Floats(Fixtures.Value.GetProperty("parameters"));
        var p2 = (float[])p1.Clone();
        var a = new Adam(0.02f, weightDecay: 0.3f, decoupledWeightDecay: true).CreateState(p1.Length);
        var w = new AdamW(0.02f, weightDecay: 0.3f).CreateState(p2.Length);
        foreach (var g in Fixtures.Value.GetProperty("gradients").EnumerateArray().Select(Floats))
        {
            a.Step(p1, g, 0.02f);
            w.Step(p2, g, 0.02f);
        }
        Assert.Equal(p2, p1);
    }

    [Theory]
    [MemberData(nameof(ScheduleCases))]
    public void SchedulesMatchTorchLrScheduler(string name)
    {
        var c = Case("schedules", name);
        var s = c.GetProperty("schedule");
        var schedule = s.GetProperty("kind").GetString() == "Step"
            ? LearningRateSchedule.Step(s.GetProperty("everyEpochs").GetInt32(), (float)s.GetProperty("factor").GetDouble())
            : LearningRateSchedule.Cosine((float)s.GetProperty("minimum").GetDouble());
        float initial = (float)c.GetProperty("initial").GetDouble();
        int epochs = c.GetProperty("epochs").GetInt32();
        var rates = c.GetProperty("rates").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(epochs, rates.Length);
        for (int e = 0; e < epochs; e++)
        {
            float rate = schedule.LearningRate(initial, e, epochs);
            Assert.True(Math.Abs(rate - rates[e]) <= 1e-6 * rates[0], $"{name}, epoch {e}: {rate:R}, torch {rates[e]:R}");
        }
        Assert.Equal(initial, LearningRateSchedule.Constant.LearningRate(initial, epochs - 1, epochs));
    }

    [Theory]
    [MemberData(nameof(ClipCases))]
    public void ClippingMatchesClipGradNorm(string name)
    {
        var c = Case("clipping", name);
        var tensors = c.GetProperty("gradients").EnumerateArray().Select(Floats).ToList();
        var gradient = tensors.SelectMany(t => t).ToArray();
        double norm = GradientClipping.Norm(gradient);
        Assert.Equal(c.GetProperty("norm").GetDouble(), norm, 1e-6 * norm);
        GradientClipping.Clip(gradient, norm, (float)c.GetProperty("maxNorm").GetDouble());
        var expected = c.GetProperty("clipped").EnumerateArray().SelectMany(Floats).ToArray();
        for (int k = 0; k < gradient.Length; k++)
            Assert.True(Math.Abs(gradient[k] - expected[k]) <= 1e-6 * Math.Abs(expected[k]) + 1e-9, $"{name}[{k}]: {gradient[k]:R}, torch {expected[k]:R}");
    }

    public static IEnumerable<object[]> BadHyperParameters() => new (Func<object> Make, string Name, string Shown)[]
    {
        (() => new Adam(learningRate: 0), "learningRate", "got 0"),
        (() => new Adam(learningRate: float.NaN), "learningRate", "got NaN"),
        (() => new Adam(beta1: 1), "beta1", "[0, 1), got 1"),
        (() => new Adam(beta2: -0.1f), "beta2", "got -0.1"),
        (() => new Adam(epsilon: 0), "epsilon", "> 0, got 0"),
        (() => new Adam(weightDecay: -1), "weightDecay", "≥ 0, got -1"),
        (() => new AdamW(weightDecay: float.PositiveInfinity), "weightDecay", "got Infinity"),
        (() => new Sgd(-0.1f), "learningRate", "got -0.1"),
        (() => new Sgd(0.1f, momentum: 1.5f), "momentum", "[0, 1), got 1.5"),
        (() => LearningRateSchedule.Step(0, 0.5f), "everyEpochs", "got 0"),
        (() => LearningRateSchedule.Step(2, 0), "factor", "got 0"),
        (() => LearningRateSchedule.Cosine(-1), "minimumLearningRate", "got -1"),
        (() => new TrainerOptions { BatchSize = 0 }, "BatchSize", "got 0"),
        (() => new TrainerOptions { Epochs = -2 }, "Epochs", "got -2"),
        (() => new TrainerOptions { ClipGradientNorm = 0 }, "ClipGradientNorm", "got 0"),
        (() => new TrainerOptions { EarlyStoppingPatience = 0 }, "EarlyStoppingPatience", "got 0"),
        (() => new TrainerOptions { MaxDegreeOfParallelism = 0 }, "MaxDegreeOfParallelism", "got 0"),
        (() => new TrainerOptions { ShardSize = 0 }, "ShardSize", "got 0"),
        (() => new TrainerOptions { Loss = (Loss)7 }, "Loss", "got 7"),
    }.Select(c => new object[] { c.Make, c.Name, c.Shown });

    [Theory]
    [MemberData(nameof(BadHyperParameters))]
    public void BadHyperParametersNameTheArgumentRangeAndValue(Func<object> make, string name, string shown)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(make);
        Assert.Equal(name, e.ParamName);
        Assert.Contains(shown, e.Message);
        Assert.Contains("expected", e.Message);
    }

    [Fact]
    public void NesterovNeedsMomentum()
    {
        var e = Assert.Throws<ArgumentException>(() => new Sgd(0.1f, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
        Assert.Throws<ArgumentNullException>(() => new TrainerOptions { Optimizer = null! });
    }
}

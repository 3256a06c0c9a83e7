using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;
using static LstmGen.ModelLayer;

namespace LstmGen.Training.Tests;

/// <summary>
/// The training kernels of every width against each other and against plain loops, in one process whatever the CPU
/// (a width the CPU lacks runs in software, slowly but exactly), and the path the runtime really picked.
/// </summary>
[Trait("Category", "Kernel")]
public sealed class TrainingKernelTests(ITestOutputHelper output)
{
    internal static readonly TrainingKernels[] AllWidths =
    [
        new SimdTrainingKernels<OpsScalar, float>(),
        new SimdTrainingKernels<Ops128, Vector128<float>>(),
        new SimdTrainingKernels<Ops256, Vector256<float>>(),
        new SimdTrainingKernels<Ops512, Vector512<float>>(),
    ];

    public static IEnumerable<object[]> Widths() => AllWidths.Select((_, k) => new object[] { k });

    /// <summary>.ci/run sets LSTMGEN_EXPECT_PATH with the switches that narrow SIMD; this fails if the runtime ignored them.</summary>
    [Fact]
    public void RunsOnTheExpectedSimdPath()
    {
        output.WriteLine($"Training kernels: {TrainingKernels.Best.Path}");
        string? expected = Environment.GetEnvironmentVariable("LSTMGEN_EXPECT_PATH");
        if (expected is not null)
            Assert.Equal(expected, TrainingKernels.Best.Path);
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void MultiplyMatchesPlainLoops(int width)
    {
        var kernels = AllWidths[width];
        var rng = new Random(width);
        // Sizes around every tile edge: 4-row tiles and single rows; 3-vector, 1-vector and scalar columns of each width.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 3, 7), (4, 48, 300), (9, 53, 17), (7, 100, 2), (13, 61, 260), (3, 16, 0) })
            foreach (bool transposed in new[] { false, true })
                foreach (bool accumulate in new[] { false, true })
                {
                    int lda = (transposed ? m : k) + 3, ldb = n + 2, ldc = n + 1; // padded strides: nothing outside the matrices is read or written
                    float[] a = Random(rng, (transposed ? k : m) * lda + 5), b = Random(rng, Math.Max(k, 1) * ldb), c = Random(rng, m * ldc);
                    var expected = (float[])c.Clone();
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++)
                        {
                            double sum = accumulate ? c[i * ldc + j] : 0;
                            for (int p = 0; p < k; p++)
                                sum += (double)(transposed ? a[p * lda + i] : a[i * lda + p]) * b[p * ldb + j];
                            expected[i * ldc + j] = (float)sum;
                        }
                    if (transposed)
                        kernels.MultiplyTransposed(a, lda, b, ldb, c, ldc, m, n, k, accumulate);
                    else
                        kernels.MultiplyRows(a, lda, b, ldb, c, ldc, m, n, k, accumulate);
                    for (int x = 0; x < c.Length; x++)
                        Assert.True(Math.Abs(c[x] - expected[x]) <= 1e-5f * (1 + k), $"{kernels.Path} [{m}, {k}]·[{k}, {n}] transposed={transposed} accumulate={accumulate}: C[{x}] = {c[x]}, expected {expected[x]}");
                }
    }

    public static IEnumerable<object[]> ModelsAndWidths() =>
        from model in new[] { "wide tiles", "bidirectional stacked", "gru reset_before sequence", "dense before lstm, dropout" }
        from width in Enumerable.Range(0, AllWidths.Length)
        select new object[] { model, width };

    /// <summary>Each width's gradient equals the scalar kernels' up to float reordering (10⁻⁵ of the largest element).</summary>
    [Theory]
    [MemberData(nameof(ModelsAndWidths))]
    public void EveryWidthGivesTheScalarGradient(string model, int width)
    {
        var architecture = FiniteDifferenceTests.Models[model];
        const int batch = 6;
        var network = new ReferenceNetwork(architecture, seed: 3);
        var rng = new Random(4);
        float[] inputs = GradientCheck.Inputs(architecture, batch, rng), targets = GradientCheck.Targets(architecture, Loss.MeanSquaredError, batch, rng);
        float[] Gradient(TrainingKernels kernels, out float loss)
        {
            var workspace = new GradientWorkspace(architecture, batch, kernels);
            workspace.SetWeights(network.ToWeights());
            loss = workspace.Compute(inputs, targets, batch, Loss.MeanSquaredError);
            return (float[])workspace.Gradient.Clone();
        }
        float[] expected = Gradient(AllWidths[0], out float expectedLoss), actual = Gradient(AllWidths[width], out float actualLoss);
        Assert.Equal(expectedLoss, actualLoss, 1e-5f * Math.Max(1, expectedLoss));
        float scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(actual[i] - expected[i]) <= 1e-5f * scale, $"{AllWidths[width].Path}: gradient[{i}] = {actual[i]}, scalar {expected[i]}");
    }

    /// <summary>A workspace sized for a batch also computes smaller ones (an epoch's last batch), as a fresh one would.</summary>
    [Fact]
    public void SmallerBatchInALargerWorkspace()
    {
        var architecture = new ModelArchitecture(3, 4, Lstm(5, returnSequences: true), Gru(4), Dense(3, Activation.Softmax));
        var network = new ReferenceNetwork(architecture, seed: 8);
        var rng = new Random(9);
        float[] inputs = GradientCheck.Inputs(architecture, 3, rng), targets = GradientCheck.Targets(architecture, Loss.CrossEntropy, 3, rng);
        var large = new GradientWorkspace(architecture, 8);
        large.SetWeights(network.ToWeights());
        large.Compute(GradientCheck.Inputs(architecture, 8, rng), GradientCheck.Targets(architecture, Loss.CrossEntropy, 8, rng), 8, Loss.CrossEntropy);
        float lossLarge = large.Compute(inputs, targets, 3, Loss.CrossEntropy);
        var exact = new GradientWorkspace(architecture, 3);
        exact.SetWeights(network.ToWeights());
        Assert.Equal(exact.Compute(inputs, targets, 3, Loss.CrossEntropy), lossLarge);
        Assert.Equal(exact.Gradient, large.Gradient);
    }

    /// <summary>A trainer reuses one workspace: after the first batch (which sizes the per-thread packing buffers) nothing allocates.</summary>
    [Fact]
    public void ComputeAllocatesNothingAfterTheFirstBatch()
    {
        var architecture = FiniteDifferenceTests.Models["stacked lstm gru lstm"];
        var workspace = new GradientWorkspace(architecture, 5);
        workspace.SetWeights(new ReferenceNetwork(architecture, seed: 2).ToWeights());
        var rng = new Random(3);
        float[] inputs = GradientCheck.Inputs(architecture, 5, rng), targets = GradientCheck.Targets(architecture, Loss.CrossEntropy, 5, rng);
        workspace.Compute(inputs, targets, 5, Loss.CrossEntropy);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 3; i++)
        {
            workspace.Compute(inputs, targets, 5, Loss.CrossEntropy);
            workspace.Compute(inputs.AsSpan(0, 2 * architecture.InputLength), targets.AsSpan(0, 2 * architecture.OutputLength), 2, Loss.MeanSquaredError);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private static float[] Random(Random rng, int length) => Enumerable.Range(0, length).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
}

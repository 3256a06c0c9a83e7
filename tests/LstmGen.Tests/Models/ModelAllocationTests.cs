using static LstmGen.Tests.ReferenceModel;

namespace LstmGen.Tests;

/// <summary>Generated models allocate nothing per call once warmed up (Predict with and without states, Step, state copies).</summary>
[Trait("Category", "Kernel")]
public sealed class ModelAllocationTests
{
    [Fact]
    public void PredictAndStepAllocateNothing()
    {
        var streaming = new MixedRecurrent();
        streaming.LoadWeights(new ModelWeights(new[]
        {
            RandomGru(6, 10, 1, true), RandomLstm(10, 7, 2, true), RandomGru(7, 3, 3, true, Activation.Relu, Activation.HardSigmoid),
            RandomDense(3, 9, 4, Activation.Tanh), RandomGru(9, 17, 5, false), RandomDense(17, 4, 6, Activation.Softmax),
        }.Select(l => l.Weights)));
        var resetBefore = new ResetBeforeMixed();
        resetBefore.LoadWeights(new ModelWeights(new[]
        {
            RandomGruBefore(19, 9, 1, true), RandomLstm(9, 5, 2, true), RandomGruBefore(5, 17, 3, true, Activation.Relu, Activation.HardSigmoid),
            RandomGru(17, 4, 4, true), RandomGruBefore(4, 3, 5, false), RandomDense(3, 4, 6, Activation.Softmax),
        }.Select(l => l.Weights)));
        var rx = TestData.Inputs(ResetBeforeMixed.Steps * ResetBeforeMixed.Input, seed: 3, amplitude: 1f);
        var ry = new float[ResetBeforeMixed.OutputLength];
        var rState = new float[ResetBeforeMixed.StateLength];
        var rStep = new float[ResetBeforeMixed.Output];
        var bidir = new TorchBidir();
        bidir.LoadWeights(new ModelWeights(
            new BidirectionalWeights((LstmWeights)RandomLstm(4, 6, 7, true).Weights, (LstmWeights)RandomLstm(4, 6, 8, true).Weights),
            new BidirectionalWeights((LstmWeights)RandomLstm(12, 6, 9, true).Weights, (LstmWeights)RandomLstm(12, 6, 10, true).Weights),
            RandomDense(12, 3, 11, Activation.Linear).Weights));

        var x = TestData.Inputs(MixedRecurrent.Steps * MixedRecurrent.Input, seed: 1, amplitude: 1f);
        var y = new float[MixedRecurrent.OutputLength];
        var state = new float[MixedRecurrent.StateLength];
        var step = new float[MixedRecurrent.Output];
        var bx = TestData.Inputs(TorchBidir.Steps * TorchBidir.Input, seed: 2, amplitude: 1f);
        var by = new float[TorchBidir.OutputLength];
        var bState = new float[TorchBidir.StateLength];
        void Work()
        {
            streaming.Predict(x, y);
            streaming.Predict(x, y, state, state);
            streaming.SetState(state);
            streaming.Step(x.AsSpan(0, MixedRecurrent.Input), step);
            streaming.GetState(state);
            streaming.ResetState();
            bidir.Predict(bx, by);
            bidir.Predict(bx, by, bState, bState);
            resetBefore.Predict(rx, ry, rState, rState);
            resetBefore.SetState(rState);
            resetBefore.Step(rx.AsSpan(0, ResetBeforeMixed.Input), rStep);
            resetBefore.GetState(rState);
        }
        Assert.Equal(0, SteadyStateAllocations.Measure(200, Work));
    }
}

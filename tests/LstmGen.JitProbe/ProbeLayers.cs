using LstmGen;

namespace LstmGen.JitProbe;

// Shapes probed on top of tests/LstmGen.Tests/Helpers/TestLayers.cs. The generator keeps the reductions and
// the time loop as loops, so the IL of a kernel method should not grow with Input or Units; these
// check it at sizes well beyond the tests' (and at the smallest possible one).
[LstmLayer(Input = 512, Units = 1024, Steps = 2)] public partial class Big512x1024x2 { }
[LstmLayer(Input = 512, Units = 1024, ReturnSequences = true)] public partial class Big512x1024Seq { }
[LstmLayer(Input = 28, Units = 128)] public partial class Mnist28x128 { }
[LstmLayer(Input = 1, Units = 1)] public partial class Single1x1 { }
// 16-bit recurrent weights: the packed-pair reductions (decode in registers) at the big size and at one unit.
[LstmLayer(Input = 512, Units = 1024, Steps = 2, RecurrentWeights = WeightPrecision.Half)] public partial class Big512x1024x2Half { }
[LstmLayer(Input = 512, Units = 1024, ReturnSequences = true, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Big512x1024SeqBFloat16 { }
[LstmLayer(Input = 1, Units = 1, RecurrentWeights = WeightPrecision.Half)] public partial class Single1x1Half { }
// Int8 recurrent weights: four rows per packed row and the scaled second set, at the big size and at one unit.
[LstmLayer(Input = 512, Units = 1024, Steps = 2, RecurrentWeights = WeightPrecision.Int8)] public partial class Big512x1024x2Int8 { }
[LstmLayer(Input = 1, Units = 1, RecurrentWeights = WeightPrecision.Int8)] public partial class Single1x1Int8 { }

// A model at the probe's big size: its LSTM layers are the same kernel, nested; Dense layers are runtime calls.
[LstmModel(Input = 512, Steps = 2)]
[Lstm(Units = 1024, ReturnSequences = true)]
[Dense(Units = 300, Activation = Activation.Relu)]
[Lstm(Units = 33, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoidKeras2)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class BigModel { }

// Bidirectional (Predict only) with a GRU after it.
[LstmModel(Input = 40, Steps = 6, Streaming = false)]
[Lstm(Units = 200, ReturnSequences = true, Bidirectional = true)]
[Gru(Units = 64)]
[Dense(Units = 3)]
public partial class BidirModel { }

// Keras reset_after=False GRUs at the probe's big size: their two-pass step (Project + Recur in streaming) too.
[LstmModel(Input = 512, Steps = 2)]
[Gru(Units = 1024, ReturnSequences = true, ResetAfter = false)]
[Gru(Units = 33, ResetAfter = false)]
public partial class BigResetBeforeModel { }

// Int8 W_hh on model layers at the probe's big size: an LSTM, a reset_after=False GRU (both passes scaled) and a small GRU.
[LstmModel(Input = 512, Steps = 2)]
[Lstm(Units = 1024, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 1024, ReturnSequences = true, ResetAfter = false, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 33, RecurrentWeights = WeightPrecision.Int8)]
public partial class BigInt8Model { }

using LstmGen;

namespace LstmGen.Tests;

// Models the numerical tests run against the float64 ReferenceModel (ModelTests.cs; the JIT probe compiles them
// too). Attribute order is layer order.

// The Fashion-MNIST classifier: two stacked LSTMs and a softmax head.
[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 128, ReturnSequences = true)]
[Lstm(Units = 64)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionClassifier { }

// Odd sizes, every Dense activation, a time-distributed Dense between LSTMs, Dropout ignored.
[LstmModel(Input = 5, Steps = 7)]
[Dense(Units = 9, Activation = Activation.Tanh)]
[Lstm(Units = 11, ReturnSequences = true)]
[Dropout(Rate = 0.2)]
[Dense(Units = 6, Activation = Activation.Relu)]
[Lstm(Units = 3, ReturnSequences = true, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoid)]
[Dense(Units = 4, Activation = Activation.Sigmoid)]
public partial class OddMixed { }

// Keras 2 style gates and a sequence output; every remaining activation.
[LstmModel(Input = 3, Steps = 9)]
[Lstm(Units = 13, ReturnSequences = true, RecurrentActivation = Activation.HardSigmoidKeras2)]
[Dense(Units = 17, Activation = Activation.HardSigmoid)]
[Dense(Units = 5, Activation = Activation.HardSigmoidKeras2)]
[Lstm(Units = 2, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoidKeras2)]
[Dense(Units = 3)]
public partial class KerasTwoStyle { }

// GRU and LSTM mixed, odd sizes, non-default activations on the GRU too.
[LstmModel(Input = 6, Steps = 5)]
[Gru(Units = 10, ReturnSequences = true)]
[Lstm(Units = 7, ReturnSequences = true)]
[Gru(Units = 3, ReturnSequences = true, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoid)]
[Dense(Units = 9, Activation = Activation.Tanh)]
[Gru(Units = 17, Input = 9)]
[Dense(Units = 4, Activation = Activation.Softmax)]
public partial class MixedRecurrent { }

// Keras go_backwards: the sequence read last step first, returned in that order.
[LstmModel(Input = 3, Steps = 5, Streaming = false)]
[Lstm(Units = 4, ReturnSequences = true, GoBackwards = true)]
[Dense(Units = 2, Activation = Activation.Tanh)]
public partial class BackwardsSeq { }

[LstmModel(Input = 3, Steps = 5, Streaming = false)]
[Lstm(Units = 9, GoBackwards = true)]
public partial class BackwardsLast { }

// Predict's final state after an odd number of steps (Forward alternates its two h buffers every step).
[LstmModel(Input = 3, Steps = 7)]
[Lstm(Units = 5, ReturnSequences = true)]
[Gru(Units = 4, ReturnSequences = true)]
public partial class OddStepStates { }

// Keras reset_after=False GRUs (two passes per step): Input > 16 (a loop over x), units 9 (a pair and, at 4 lanes, a
// single column), 17 (a loop with an odd last row), 1; mixed with an LSTM, a reset_after=True GRU and other activations.
[LstmModel(Input = 19, Steps = 6)]
[Gru(Units = 9, ReturnSequences = true, ResetAfter = false)]
[Lstm(Units = 5, ReturnSequences = true)]
[Gru(Units = 17, ReturnSequences = true, ResetAfter = false, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoid)]
[Gru(Units = 4, ReturnSequences = true)]
[Gru(Units = 3, ResetAfter = false)]
[Dense(Units = 4, Activation = Activation.Softmax)]
public partial class ResetBeforeMixed { }

// Units 20 (an even row loop, three columns at 8 lanes), then a single unit, every step returned.
[LstmModel(Input = 4, Steps = 5)]
[Gru(Units = 20, ReturnSequences = true, ResetAfter = false)]
[Gru(Units = 1, ReturnSequences = true, ResetAfter = false)]
public partial class ResetBeforeWide { }

// RecurrentWeights = Int8 on model layers: an LSTM of 29 (the last packed row holds one W_hh row), a reset_after=False GRU
// of 30 (its second pass in Int8, two rows in the last packed row), a GRU of 17 (a looped reduction with a one-row tail),
// an LSTM of 94 (int8 W_hh over 32 KiB: Step alternates its walk), an LSTM of 64, and a softmax head.
[LstmModel(Input = 11, Steps = 7)]
[Lstm(Units = 29, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 30, ReturnSequences = true, ResetAfter = false, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 17, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)]
[Lstm(Units = 94, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)]
[Lstm(Units = 64, RecurrentWeights = WeightPrecision.Int8)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class Int8Stack { }

// Int8 and BFloat16 W_hh under cells whose h is unbounded (Relu, Linear), which Half refuses (LSTMGEN017).
[LstmModel(Input = 5, Steps = 9)]
[Lstm(Units = 13, ReturnSequences = true, Activation = Activation.Relu, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 9, ReturnSequences = true, ResetAfter = false, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoid, RecurrentWeights = WeightPrecision.Int8)]
[Gru(Units = 6, ReturnSequences = true, Activation = Activation.Linear, RecurrentWeights = WeightPrecision.BFloat16)]
[Lstm(Units = 7, Activation = Activation.Linear, RecurrentActivation = Activation.HardSigmoidKeras2, RecurrentWeights = WeightPrecision.BFloat16)]
[Dense(Units = 3)]
public partial class UnboundedQuantised { }

// 16-bit W_hh: Half on an LSTM, a reset_after=False GRU (odd units: a half-empty last packed row) and a GRU; BFloat16 on a
// last LSTM.
[LstmModel(Input = 6, Steps = 5)]
[Lstm(Units = 20, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)]
[Gru(Units = 11, ReturnSequences = true, ResetAfter = false, RecurrentWeights = WeightPrecision.Half)]
[Gru(Units = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)]
[Lstm(Units = 3, RecurrentWeights = WeightPrecision.BFloat16)]
[Dense(Units = 4, Activation = Activation.Tanh)]
public partial class SixteenBitStack { }

// Bidirectional LSTMs with Int8 W_hh in both directions (Predict only).
[LstmModel(Input = 4, Steps = 7, Streaming = false)]
[Lstm(Units = 6, ReturnSequences = true, Bidirectional = true, RecurrentWeights = WeightPrecision.Int8)]
[Lstm(Units = 29, Bidirectional = true, RecurrentWeights = WeightPrecision.Int8)]
[Dense(Units = 3)]
public partial class Int8Bidir { }

using LstmGen;

namespace LstmGen.Tests;

// Models the numerical tests run (ModelTests.cs, ModelFixtureTests.cs). Attribute order is layer order.

// The example: two stacked LSTMs and a softmax head.
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

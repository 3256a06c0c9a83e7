namespace LstmGen.Tests;

// ---- Models of the fixtures, declared as a user would: attributes in layer order. ----

// Fixtures/torch/models (make_model_fixtures.py).
[LstmModel(Input = 7, Steps = 9)]
[Lstm(Units = 16, ReturnSequences = true)]
[Lstm(Units = 16, ReturnSequences = true)]
public partial class TorchStack2 { }

[LstmModel(Input = 3, Steps = 10)]
[Lstm(Units = 11, ReturnSequences = true)]
[Lstm(Units = 6, ReturnSequences = true)]
[Lstm(Units = 6)]
public partial class TorchStack3 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 64)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class TorchClassifier { }

[LstmModel(Input = 13, Steps = 6)]
[Lstm(Units = 29, ReturnSequences = true)]
[Lstm(Units = 29, ReturnSequences = true)]
[Dense(Units = 5, Activation = Activation.Relu)]
[Dense(Units = 3, Activation = Activation.Tanh)]
public partial class TorchOddHeads { }

[LstmModel(Input = 5, Steps = 8)]
[Gru(Units = 12, ReturnSequences = true)]
[Gru(Units = 12, ReturnSequences = true)]
public partial class TorchGruStack { }

[LstmModel(Input = 6, Steps = 11)]
[Gru(Units = 10, ReturnSequences = true)]
[Lstm(Units = 7, ReturnSequences = true)]
[Gru(Units = 9)]
[Dense(Units = 4)]
public partial class TorchMixed { }

// Bidirectional layers need the whole sequence: Predict only (Streaming = false).
[LstmModel(Input = 4, Steps = 7, Streaming = false)]
[Lstm(Units = 6, ReturnSequences = true, Bidirectional = true)]
[Lstm(Units = 6, ReturnSequences = true, Bidirectional = true)]
[Dense(Units = 3)]
public partial class TorchBidir { }

[LstmModel(Input = 5, Steps = 9, Streaming = false)]
[Lstm(Units = 8, Bidirectional = true)]
[Dense(Units = 2)]
public partial class TorchBidirLast { }

// Initial and final states (PyTorch h_0, c_0 in; h_n, c_n out).
[LstmModel(Input = 3, Steps = 6, Streaming = false)]
[Gru(Units = 4, ReturnSequences = true)]
[Lstm(Units = 5, ReturnSequences = true, Bidirectional = true)]
public partial class TorchStateBidir { }

[LstmModel(Input = 3, Steps = 6)]
[Lstm(Units = 5, ReturnSequences = true)]
[Lstm(Units = 5, ReturnSequences = true)]
public partial class TorchStateStack { }

// Fixtures/rtneural: lstm.json, lstm_1d.json (Keras exports), lstm_torch.json (a PyTorch state_dict).
[LstmModel(Input = 1, Steps = 100)]
[Dense(Units = 8, Activation = Activation.Tanh)]
[Lstm(Units = 8, ReturnSequences = true)]
[Dense(Units = 1)]
public partial class RtnKerasModel { }

[LstmModel(Input = 1, Steps = 100)]
[Lstm(Units = 8, ReturnSequences = true)]
[Dense(Units = 1)]
public partial class RtnKeras1dModel { }

[LstmModel(Input = 1, Steps = 1000)]
[Lstm(Units = 8, ReturnSequences = true)]
[Lstm(Units = 8, ReturnSequences = true)]
[Lstm(Units = 8, ReturnSequences = true)]
[Lstm(Units = 8, ReturnSequences = true)]
[Dense(Units = 1)]
public partial class RtnTorchModel { }

// Fixtures/keras2c: the real Keras 2.2.4 model (Dense relu per step twice, LSTM relu with Keras 2's hard sigmoid, Dense).
[LstmModel(Input = 32, Steps = 8)]
[Dense(Units = 20, Activation = Activation.Relu)]
[Dense(Units = 20, Activation = Activation.Relu)]
[Lstm(Units = 20, Activation = Activation.Relu, RecurrentActivation = Activation.HardSigmoidKeras2)]
[Dense(Units = 30)]
public partial class Keras2cModel { }

// Fixtures/keras-gru (synthesised Keras 2 layout): GRU(6, sequences) → GRU(5) → Dense(3).
[LstmModel(Input = 4, Steps = 7)]
[Gru(Units = 6, ReturnSequences = true)]
[Gru(Units = 5)]
[Dense(Units = 3)]
public partial class KerasGruModel { }

// Fixtures/keras-gru-before (synthesised Keras 2 layout): GRU(6, reset_after=False, sequences) → GRU(11, reset_after=False) → Dense(3).
[LstmModel(Input = 4, Steps = 7)]
[Gru(Units = 6, ReturnSequences = true, ResetAfter = false)]
[Gru(Units = 11, ResetAfter = false)]
[Dense(Units = 3)]
public partial class KerasResetBeforeGruModel { }

// Fixtures/keras-bidir (synthesised Keras 2 layout): Bidirectional(LSTM(5, sequences)) → Bidirectional(LSTM(4)) → Dense(2).
[LstmModel(Input = 3, Steps = 6, Streaming = false)]
[Lstm(Units = 5, ReturnSequences = true, Bidirectional = true)]
[Lstm(Units = 4, Bidirectional = true)]
[Dense(Units = 2)]
public partial class KerasBidirModel { }

// Fixtures/keras3 (synthesised Keras 3 / Keras 2 save_weights layouts): LSTM(5, sequences) → LSTM(4) → Dense(2).
[LstmModel(Input = 3, Steps = 6)]
[Lstm(Units = 5, ReturnSequences = true)]
[Lstm(Units = 4)]
[Dense(Units = 2)]
public partial class Keras3Model { }

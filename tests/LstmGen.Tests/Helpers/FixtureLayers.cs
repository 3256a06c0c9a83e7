namespace LstmGen.Tests;

// Generated layers with the shapes of the framework fixtures, one group per fixture folder.

// The PyTorch fixtures (Fixtures/torch), every hidden state out.
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] public partial class TfOdd11x29x7 { }
[LstmLayer(Input = 11, Units = 29)] public partial class TfOdd11x29Last { }
[LstmLayer(Input = 4, Units = 20, Steps = 9, ReturnSequences = true)] public partial class TfStack2L0x4x20x9 { }
[LstmLayer(Input = 20, Units = 20, Steps = 9, ReturnSequences = true)] public partial class TfStack2L1x20x20x9 { }
[LstmLayer(Input = 3, Units = 8, Steps = 6, ReturnSequences = true)] public partial class TfStack3L0x3x8x6 { }
[LstmLayer(Input = 8, Units = 8, Steps = 6, ReturnSequences = true)] public partial class TfStack3Ln8x8x6 { }
[LstmLayer(Input = 6, Units = 13, Steps = 5, ReturnSequences = true)] public partial class TfPrefixed6x13x5 { }
[LstmLayer(Input = 5, Units = 9, Steps = 8, ReturnSequences = true)] public partial class TfNoBias5x9x8 { }
[LstmLayer(Input = 6, Units = 10, Steps = 7, ReturnSequences = true)] public partial class TfBidirL0x6x10x7 { }
[LstmLayer(Input = 20, Units = 10, Steps = 7, ReturnSequences = true)] public partial class TfBidirL1x20x10x7 { }

// The layer shapes of the ONNX fixtures (Fixtures/onnx/README.md), fixed at the fixtures' step counts.
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] public partial class Ox11x29x7Seq { }
[LstmLayer(Input = 29, Units = 29, Steps = 7, ReturnSequences = true)] public partial class Ox29x29x7Seq { }
[LstmLayer(Input = 5, Units = 9, Steps = 6, ReturnSequences = true)] public partial class Ox5x9x6Seq { }
[LstmLayer(Input = 18, Units = 9, Steps = 6, ReturnSequences = true)] public partial class Ox18x9x6Seq { }
[LstmLayer(Input = 3, Units = 5, Steps = 4, ReturnSequences = true)] public partial class Ox3x5x4Seq { }
[LstmLayer(Input = 5, Units = 5, Steps = 4, ReturnSequences = true)] public partial class Ox5x5x4Seq { }
// Streaming (Step) and last-state Forward, any number of steps.
[LstmLayer(Input = 3, Units = 5)] public partial class Ox3x5 { }

// The layer shapes of RTNeural's test models (every LSTM there has 8 units; inputs are 1 or 8 features).
// Step classes: any number of steps, last state only (also the "last state" Forward path).
[LstmLayer(Input = 1, Units = 8)] public partial class Rtn1x8 { }
[LstmLayer(Input = 8, Units = 8)] public partial class Rtn8x8 { }
// Forward over the whole sequence, every hidden state: steps omitted...
[LstmLayer(Input = 1, Units = 8, ReturnSequences = true)] public partial class Rtn1x8Seq { }
[LstmLayer(Input = 8, Units = 8, ReturnSequences = true)] public partial class Rtn8x8Seq { }
// ...and fixed at the fixtures' lengths (1000 steps for lstm_torch, 100 for the Keras models).
[LstmLayer(Input = 1, Units = 8, Steps = 1000, ReturnSequences = true)] public partial class Rtn1x8x1000Seq { }
[LstmLayer(Input = 8, Units = 8, Steps = 1000, ReturnSequences = true)] public partial class Rtn8x8x1000Seq { }
[LstmLayer(Input = 1, Units = 8, Steps = 100, ReturnSequences = true)] public partial class Rtn1x8x100Seq { }
[LstmLayer(Input = 8, Units = 8, Steps = 100, ReturnSequences = true)] public partial class Rtn8x8x100Seq { }
// What bad_lstm.json declares (16 units); its weights are for 20.
[LstmLayer(Input = 1, Units = 16)] public partial class Rtn1x16 { }

// The synthesised Keras 3 fixture's layers (Fixtures/keras3): encoder LSTM(3 → 5) over 6 steps returning
// sequences, decoder LSTM(5 → 4) returning the last state.
[LstmLayer(Input = 3, Units = 5, Steps = 6, ReturnSequences = true)] public partial class KfEncoder3x5x6Seq { }
[LstmLayer(Input = 5, Units = 4, Steps = 6)] public partial class KfDecoder5x4x6 { }
// The keras2c model's LSTM (20 → 20, 8 steps); loaded only (it is relu / hard-sigmoid, not run end to end).
[LstmLayer(Input = 20, Units = 20, Steps = 8)] public partial class KfKeras2c20x20x8 { }

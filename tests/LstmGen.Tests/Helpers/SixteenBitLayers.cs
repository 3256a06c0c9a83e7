namespace LstmGen.Tests;

// Layers whose recurrent weights are stored as Half: even and odd Units (an odd count leaves the last packed
// row half empty), unrolled and looped reductions, Units = 1, a streaming shape and ForwardBatch.
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.Half)] public partial class Fashion28x128x28Half { }
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class Odd11x29x7SeqHalf { }
[LstmLayer(Input = 2, Units = 3, Steps = 4, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class Tiny2x3x4SeqHalf { }
[LstmLayer(Input = 5, Units = 1, Steps = 6, RecurrentWeights = WeightPrecision.Half)] public partial class OneUnit5x1x6Half { }
[LstmLayer(Input = 48, Units = 192, Steps = 3, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class Wide48x192x3SeqHalf { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.Half)] public partial class Stream1x64Half { }
[LstmLayer(Input = 4, Units = 20, Steps = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class TfStack2L0Half { }
[LstmLayer(Input = 20, Units = 20, Steps = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class TfStack2L1Half { }
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class TfOdd11x29x7Half { }
// Half W_hh over 32 KiB (alternating directions) with an odd Units: the half-empty last packed row read first backwards.
[LstmLayer(Input = 7, Units = 65, Steps = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Half)] public partial class Alternating7x65x9SeqHalf { }
// The same decode path with bfloat16 (one shift or mask per weight instead of Half's integer widening).
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Fashion28x128x28BFloat16 { }
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Odd11x29x7SeqBFloat16 { }
[LstmLayer(Input = 5, Units = 1, Steps = 6, RecurrentWeights = WeightPrecision.BFloat16)] public partial class OneUnit5x1x6BFloat16 { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Stream1x64BFloat16 { }

namespace LstmGen.Tests;

// Layers whose recurrent weights are stored as int8 (four rows per packed row, then a row of scales): Units that leave
// the last packed row with 1, 2 or 3 rows (29, 30, 3, 1, 94) or fill it (128, 192, 64), unrolled and looped reductions,
// the Vector512 path (192), W_hh walked in alternating directions (94: 4·94² bytes ≥ 32 KiB), streaming and ForwardBatch.
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.Int8)] public partial class Fashion28x128x28Int8 { }
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Odd11x29x7SeqInt8 { }
[LstmLayer(Input = 3, Units = 30, Steps = 5, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Mid3x30x5SeqInt8 { }
[LstmLayer(Input = 2, Units = 3, Steps = 4, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Tiny2x3x4SeqInt8 { }
[LstmLayer(Input = 5, Units = 1, Steps = 6, RecurrentWeights = WeightPrecision.Int8)] public partial class OneUnit5x1x6Int8 { }
[LstmLayer(Input = 48, Units = 192, Steps = 3, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Wide48x192x3SeqInt8 { }
[LstmLayer(Input = 7, Units = 94, Steps = 9, ReturnSequences = true, RecurrentWeights = WeightPrecision.Int8)] public partial class Alternating7x94x9SeqInt8 { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.Int8)] public partial class Stream1x64Int8 { }
[LstmLayer(Input = 1, Units = 94, RecurrentWeights = WeightPrecision.Int8)] public partial class Stream1x94Int8 { }

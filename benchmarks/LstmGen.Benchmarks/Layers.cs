namespace LstmGen.Benchmarks;

// The benchmarked shapes, each specialised by the generator at compile time.
[LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class Forward28x128x28 { }
[LstmLayer(Input = 28, Units = 64, Steps = 28)] public partial class Forward28x64x28 { }
[LstmLayer(Input = 28, Units = 32, Steps = 28)] public partial class Forward28x32x28 { }
// Seeded random weights (TeamBenchmarks): the largest shape, where splitting a step between cores pays most.
[LstmLayer(Input = 28, Units = 256, Steps = 28)] public partial class Forward28x256x28 { }
[LstmLayer(Input = 1, Units = 8)] public partial class Stream1x8 { }
[LstmLayer(Input = 1, Units = 16)] public partial class Stream1x16 { }
[LstmLayer(Input = 1, Units = 64)] public partial class Stream1x64 { }
// The same shapes with W_hh stored as Half (RecurrentWeights = WeightPrecision.Half): half the recurrent bytes per step.
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.Half)] public partial class Forward28x128x28Half { }
[LstmLayer(Input = 28, Units = 64, Steps = 28, RecurrentWeights = WeightPrecision.Half)] public partial class Forward28x64x28Half { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.Half)] public partial class Stream1x64Half { }
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Forward28x128x28BFloat16 { }
[LstmLayer(Input = 28, Units = 64, Steps = 28, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Forward28x64x28BFloat16 { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.BFloat16)] public partial class Stream1x64BFloat16 { }
// And as int8 with a float32 scale per row (RecurrentWeights = WeightPrecision.Int8): a quarter of the recurrent bytes.
[LstmLayer(Input = 28, Units = 128, Steps = 28, RecurrentWeights = WeightPrecision.Int8)] public partial class Forward28x128x28Int8 { }
[LstmLayer(Input = 28, Units = 64, Steps = 28, RecurrentWeights = WeightPrecision.Int8)] public partial class Forward28x64x28Int8 { }
[LstmLayer(Input = 1, Units = 64, RecurrentWeights = WeightPrecision.Int8)] public partial class Stream1x64Int8 { }

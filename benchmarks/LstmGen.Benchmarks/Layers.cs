namespace LstmGen.Benchmarks;

// The benchmarked shapes, each specialised by the generator at compile time.
[LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class Forward28x128x28 { }
[LstmLayer(Input = 28, Units = 64, Steps = 28)] public partial class Forward28x64x28 { }
[LstmLayer(Input = 28, Units = 32, Steps = 28)] public partial class Forward28x32x28 { }
[LstmLayer(Input = 1, Units = 8)] public partial class Stream1x8 { }
[LstmLayer(Input = 1, Units = 16)] public partial class Stream1x16 { }
[LstmLayer(Input = 1, Units = 64)] public partial class Stream1x64 { }

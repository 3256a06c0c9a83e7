using LstmGen;

namespace LstmGen.Tests;

// The shapes the numerical tests run through generated kernels: the Fashion-MNIST layer and odd, tiny, wide,
// one-unit, streaming and oversized ones.
[LstmLayer(Input = 28, Units = 128, Steps = 28)] public partial class Fashion28x128x28 { }
[LstmLayer(Input = 28, Units = 128, Steps = 28, ReturnSequences = true)] public partial class Fashion28x128x28Seq { }
[LstmLayer(Input = 11, Units = 29, Steps = 7)] public partial class Odd11x29x7 { }
[LstmLayer(Input = 11, Units = 29, Steps = 7, ReturnSequences = true)] public partial class Odd11x29x7Seq { }
[LstmLayer(Input = 1, Units = 8)] public partial class Stream1x8 { }
[LstmLayer(Input = 2, Units = 3, Steps = 4)] public partial class Tiny2x3x4 { }
[LstmLayer(Input = 2, Units = 3, Steps = 4, ReturnSequences = true)] public partial class Tiny2x3x4Seq { }
[LstmLayer(Input = 48, Units = 192, Steps = 3)] public partial class Wide48x192x3 { }
[LstmLayer(Input = 48, Units = 192, Steps = 3, ReturnSequences = true)] public partial class Wide48x192x3Seq { }
[LstmLayer(Input = 5, Units = 1, Steps = 6)] public partial class OneUnit5x1x6 { }
[LstmLayer(Input = 5, Units = 1, Steps = 6, ReturnSequences = true)] public partial class OneUnit5x1x6Seq { }
[LstmLayer(Input = 3, Units = 24, ReturnSequences = true)] public partial class Variable3x24Seq { }
// W_hh over 32 KiB, so the rows are walked in alternating directions; 47 units: an odd row after the row pairs, and on
// Vector512 (3 columns) a single-column tile after the pair.
[LstmLayer(Input = 7, Units = 47, Steps = 9, ReturnSequences = true)] public partial class Alternating7x47x9Seq { }
// Forward's state exceeds the stack budget: LSTMGEN007 (a warning), and the kernel must still be right.
#pragma warning disable LSTMGEN007
[LstmLayer(Input = 4, Units = 2800, Steps = 2)] public partial class Huge4x2800x2 { }
#pragma warning restore LSTMGEN007
// ThreadTeam overloads: 200 units split between up to three members (≥ 64 units each); 200 is not a multiple of 16, and
// on Vector256 its 25 columns end in a single-column tile. 130 units with any steps: two members, the buffer grows.
[LstmLayer(Input = 13, Units = 200, Steps = 9)] public partial class Team13x200x9 { }
[LstmLayer(Input = 13, Units = 200, Steps = 9, ReturnSequences = true)] public partial class Team13x200x9Seq { }
[LstmLayer(Input = 3, Units = 130, ReturnSequences = true)] public partial class TeamVariable3x130Seq { }

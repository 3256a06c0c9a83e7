using System.Runtime.CompilerServices;

// The training tests drive the kernels of every SIMD width this CPU has directly, and compare them with each other.
[assembly: InternalsVisibleTo("LstmGen.Training.Tests")]
// The training benchmark times the batched gradient (and, without a trainer, its own optimizer step) on the workspace.
[assembly: InternalsVisibleTo("LstmGen.TrainingBenchmarks")]

using System.Runtime.CompilerServices;

// The training tests drive the kernels of every SIMD width this CPU has directly, and compare them with each other.
[assembly: InternalsVisibleTo("LstmGen.Training.Tests")]

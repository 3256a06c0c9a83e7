namespace LstmGen.Generator;

/// <summary>
/// Every type the emitted code names, written with its <c>global::</c> namespace. The generated files carry no using
/// directives: a type the user declares in the class's namespace (an <c>Activation</c> enum, a <c>Span</c> class) would
/// otherwise be found before the one meant. Extension methods are called as the static methods they are, for the same
/// reason. Locals are declared with their type, never <c>var</c>: <c>var</c> (like <c>nint</c> or <c>dynamic</c>) is
/// a contextual keyword that names the user's type when one of that name is in scope.
/// </summary>
internal static class Global
{
    // System
    public const string Span = "global::System.Span<float>";
    public const string ReadOnlySpan = "global::System.ReadOnlySpan<float>";
    public const string Memory = "global::System.Memory<float>";
    public const string ReadOnlyMemory = "global::System.ReadOnlyMemory<float>";
    public const string MemoryExtensions = "global::System.MemoryExtensions";
    public const string Math = "global::System.Math";
    public const string Array = "global::System.Array";
    public const string ArgumentException = "global::System.ArgumentException";
    public const string ArgumentNullException = "global::System.ArgumentNullException";
    public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
    public const string InvalidOperationException = "global::System.InvalidOperationException";
    public const string NotSupportedException = "global::System.NotSupportedException";
    public const string ArrayPool = "global::System.Buffers.ArrayPool<float>";
    public const string Unsafe = "global::System.Runtime.CompilerServices.Unsafe";
    public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
    public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
    public const string LayerWeightsList = "global::System.Collections.Generic.IReadOnlyList<" + LayerWeights + ">";

    /// <summary>"global::System.Runtime.Intrinsics.Vector256" for "Vector256".</summary>
    public static string Intrinsics(string vector) => "global::System.Runtime.Intrinsics." + vector;

    // LstmGen
    public const string Activation = "global::LstmGen.Activation";
    public const string WeightPrecision = "global::LstmGen.WeightPrecision";
    public const string ILstmLayer = "global::LstmGen.ILstmLayer";
    public const string ILstmBatchLayer = "global::LstmGen.ILstmBatchLayer";
    public const string ILstmModel = "global::LstmGen.ILstmModel";
    public const string LstmWeights = "global::LstmGen.LstmWeights";
    public const string GruWeights = "global::LstmGen.GruWeights";
    public const string DenseWeights = "global::LstmGen.DenseWeights";
    public const string BidirectionalWeights = "global::LstmGen.BidirectionalWeights";
    public const string LayerWeights = "global::LstmGen.LayerWeights";
    public const string ModelWeights = "global::LstmGen.ModelWeights";
    public const string ModelArchitecture = "global::LstmGen.ModelArchitecture";
    public const string ModelLayer = "global::LstmGen.ModelLayer";
    public const string ThreadTeam = "global::LstmGen.ThreadTeam";

    // LstmGen.GeneratedCodeSupport
    public const string LstmMath = "global::LstmGen.GeneratedCodeSupport.LstmMath";
    public const string LstmLayout = "global::LstmGen.GeneratedCodeSupport.LstmLayout";
    public const string LstmDenormals = "global::LstmGen.GeneratedCodeSupport.LstmDenormals";
    public const string LstmHalf = "global::LstmGen.GeneratedCodeSupport.LstmHalf";
    public const string LstmBFloat16 = "global::LstmGen.GeneratedCodeSupport.LstmBFloat16";
    public const string LstmInt8 = "global::LstmGen.GeneratedCodeSupport.LstmInt8";
    public const string LstmBatch = "global::LstmGen.GeneratedCodeSupport.LstmBatch";
    public const string ModelKernels = "global::LstmGen.GeneratedCodeSupport.ModelKernels";
    public const string LstmTeam = "global::LstmGen.GeneratedCodeSupport.LstmTeam";
}

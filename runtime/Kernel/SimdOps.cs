using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen;

/// <summary>
/// One SIMD width as a type, so <see cref="LstmKernel"/>, the Dense layers and activations of
/// <see cref="ModelKernels"/> and the training kernels are written once and the JIT specialises them per width
/// (struct type arguments get their own code, and these calls inline away). The widths are Vector512 (used by
/// LstmKernel for the sizes KernelSizing.UsesVector512 picks, and training), Vector256, Vector128 and scalar.
/// </summary>
internal interface ISimdOps<TVec> where TVec : struct
{
    static abstract int Width { get; }
    static abstract TVec Load(ref float p, nint offset);
    static abstract void Store(TVec value, ref float p, nint offset);
    static abstract TVec Broadcast(float value);
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec addend);
    static abstract TVec Multiply(TVec a, TVec b);
    static abstract TVec Sigmoid(TVec x);
    static abstract TVec Tanh(TVec x);
    static abstract TVec Relu(TVec x);
    static abstract TVec HardSigmoid(TVec x);
    static abstract TVec HardSigmoidKeras2(TVec x);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);

    /// <summary>x with denormal lanes set to ±0 (<see cref="LstmDenormals"/>).</summary>
    static abstract TVec Flush(TVec x);

    /// <summary><paramref name="ifGreater"/> where a &gt; b, else 0 (NaN compares false): the derivatives of ReLU and the hard sigmoids.</summary>
    static abstract TVec SelectGreater(TVec a, TVec b, TVec ifGreater);
}

internal readonly struct Ops512 : ISimdOps<Vector512<float>>
{
    public static int Width => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float p, nint offset) => Vector512.LoadUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float p, nint offset) => value.StoreUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sigmoid(Vector512<float> x) => LstmMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Tanh(Vector512<float> x) => LstmMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Relu(Vector512<float> x) => LstmMath.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> HardSigmoid(Vector512<float> x) => LstmMath.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> HardSigmoidKeras2(Vector512<float> x) => LstmMath.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Flush(Vector512<float> x) => LstmDenormals.Flush(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SelectGreater(Vector512<float> a, Vector512<float> b, Vector512<float> ifGreater) => Vector512.GreaterThan(a, b) & ifGreater;
}

internal readonly struct Ops256 : ISimdOps<Vector256<float>>
{
    public static int Width => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float p, nint offset) => Vector256.LoadUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float p, nint offset) => value.StoreUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> x) => LstmMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Tanh(Vector256<float> x) => LstmMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Relu(Vector256<float> x) => LstmMath.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> HardSigmoid(Vector256<float> x) => LstmMath.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> HardSigmoidKeras2(Vector256<float> x) => LstmMath.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Flush(Vector256<float> x) => LstmDenormals.Flush(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SelectGreater(Vector256<float> a, Vector256<float> b, Vector256<float> ifGreater) => Vector256.GreaterThan(a, b) & ifGreater;
}

internal readonly struct Ops128 : ISimdOps<Vector128<float>>
{
    public static int Width => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float p, nint offset) => Vector128.LoadUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float p, nint offset) => value.StoreUnsafe(ref p, (nuint)offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Vector128.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sigmoid(Vector128<float> x) => LstmMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Tanh(Vector128<float> x) => LstmMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Relu(Vector128<float> x) => LstmMath.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> HardSigmoid(Vector128<float> x) => LstmMath.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> HardSigmoidKeras2(Vector128<float> x) => LstmMath.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Flush(Vector128<float> x) => LstmDenormals.Flush(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SelectGreater(Vector128<float> a, Vector128<float> b, Vector128<float> ifGreater) => Vector128.GreaterThan(a, b) & ifGreater;
}

/// <summary>One float at a time: the path without SIMD, and every wider path's tail.</summary>
internal readonly struct OpsScalar : ISimdOps<float>
{
    public static int Width => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float p, nint offset) => Unsafe.Add(ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float p, nint offset) => Unsafe.Add(ref p, offset) = value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float addend) => float.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sigmoid(float x) => LstmMath.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Tanh(float x) => LstmMath.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Relu(float x) => LstmMath.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float HardSigmoid(float x) => LstmMath.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float HardSigmoidKeras2(float x) => LstmMath.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Flush(float x) => LstmDenormals.Flush(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectGreater(float a, float b, float ifGreater) => a > b ? ifGreater : 0f;
}

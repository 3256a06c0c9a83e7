using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LstmGen.GeneratedCodeSupport;

namespace LstmGen.Training;

/// <summary>
/// <see cref="ISimdOps{TVec}"/> plus what backpropagation needs on top: sums, differences and a compare-select (for the
/// derivatives of ReLU and the hard sigmoids). One struct per width, so the training kernels are written once and the
/// JIT specialises them per width, as it does <see cref="LstmKernel"/>.
/// </summary>
internal interface ITrainingSimd<TVec> : ISimdOps<TVec> where TVec : struct
{
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);

    /// <summary><paramref name="ifGreater"/> where a &gt; b, else 0 (NaN compares false).</summary>
    static abstract TVec SelectGreater(TVec a, TVec b, TVec ifGreater);
}

internal readonly struct TrainingSimd512 : ITrainingSimd<Vector512<float>>
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> SelectGreater(Vector512<float> a, Vector512<float> b, Vector512<float> ifGreater) => Vector512.GreaterThan(a, b) & ifGreater;
}

internal readonly struct TrainingSimd256 : ITrainingSimd<Vector256<float>>
{
    public static int Width => Ops256.Width;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float p, nint offset) => Ops256.Load(ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float p, nint offset) => Ops256.Store(value, ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Ops256.Broadcast(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Ops256.MultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => Ops256.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sigmoid(Vector256<float> x) => Ops256.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Tanh(Vector256<float> x) => Ops256.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Relu(Vector256<float> x) => Ops256.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> HardSigmoid(Vector256<float> x) => Ops256.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> HardSigmoidKeras2(Vector256<float> x) => Ops256.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> SelectGreater(Vector256<float> a, Vector256<float> b, Vector256<float> ifGreater) => Vector256.GreaterThan(a, b) & ifGreater;
}

internal readonly struct TrainingSimd128 : ITrainingSimd<Vector128<float>>
{
    public static int Width => Ops128.Width;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float p, nint offset) => Ops128.Load(ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float p, nint offset) => Ops128.Store(value, ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Ops128.Broadcast(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Ops128.MultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => Ops128.Multiply(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sigmoid(Vector128<float> x) => Ops128.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Tanh(Vector128<float> x) => Ops128.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Relu(Vector128<float> x) => Ops128.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> HardSigmoid(Vector128<float> x) => Ops128.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> HardSigmoidKeras2(Vector128<float> x) => Ops128.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> SelectGreater(Vector128<float> a, Vector128<float> b, Vector128<float> ifGreater) => Vector128.GreaterThan(a, b) & ifGreater;
}

/// <summary>One float at a time: the path without SIMD, and every wider path's tail.</summary>
internal readonly struct TrainingSimdScalar : ITrainingSimd<float>
{
    public static int Width => OpsScalar.Width;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(ref float p, nint offset) => OpsScalar.Load(ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float value, ref float p, nint offset) => OpsScalar.Store(value, ref p, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Broadcast(float value) => value;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MultiplyAdd(float a, float b, float addend) => OpsScalar.MultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Multiply(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sigmoid(float x) => OpsScalar.Sigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Tanh(float x) => OpsScalar.Tanh(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Relu(float x) => OpsScalar.Relu(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float HardSigmoid(float x) => OpsScalar.HardSigmoid(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float HardSigmoidKeras2(float x) => OpsScalar.HardSigmoidKeras2(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Subtract(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float SelectGreater(float a, float b, float ifGreater) => a > b ? ifGreater : 0f;
}

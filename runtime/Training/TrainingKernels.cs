using System;
using System.Runtime.Intrinsics;

namespace LstmGen.Training;

/// <summary>
/// The inner loops of training: matrix products over a batch and the element-wise cell steps, forwards and backwards.
/// One implementation per SIMD width (<see cref="SimdTrainingKernels{TOps, TVec}"/>); <see cref="Best"/> is this CPU's
/// widest. The layer passes call only these, so a faster product (packed panels, threads, generated shapes) replaces
/// one method here.
/// </summary>
/// <remarks>
/// Layouts: a batch of vectors is row-major [batch, width]; an LSTM step's gates are [batch, 4H] in the order i, f, g, o,
/// a GRU's [batch, 3H] in the order r, z, n. The forward kernels leave the activations there (the GRU's take the
/// pre-activations in place); the backward kernels take those activations and leave the gradients of the
/// pre-activations in place.
/// </remarks>
internal abstract class TrainingKernels
{
    /// <summary>The kernels for this CPU's widest accelerated width (the checks are JIT-time constants).</summary>
    public static TrainingKernels Best { get; } =
        Vector512.IsHardwareAccelerated ? new SimdTrainingKernels<Ops512, Vector512<float>>()
        : Vector256.IsHardwareAccelerated ? new SimdTrainingKernels<Ops256, Vector256<float>>()
        : Vector128.IsHardwareAccelerated ? new SimdTrainingKernels<Ops128, Vector128<float>>()
        : new SimdTrainingKernels<OpsScalar, float>();

    /// <summary>"Vector512", "Vector256", "Vector128" or "Scalar".</summary>
    public abstract string Path { get; }

    /// <summary>
    /// C[i, j] = (accumulate ? C[i, j] : 0) + Σ_p A(i, p)·B[p, j] for i &lt; m, j &lt; n, p &lt; k, where
    /// A(i, p) = a[i·aRowStride + p·aColumnStride], B is row-major with row stride ldb, C with ldc.
    /// </summary>
    public abstract void Multiply(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, ReadOnlySpan<float> b, int ldb,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate);

    /// <summary>
    /// Copies B [k, n] (row stride ldb) into <paramref name="packed"/> (k·n floats) in the order the products read it, for a
    /// B that several <see cref="MultiplyPacked"/> calls share.
    /// </summary>
    public abstract void PackProductOperand(ReadOnlySpan<float> b, int ldb, int k, int n, Span<float> packed);

    /// <summary><see cref="Multiply"/> with B given as <see cref="PackProductOperand"/> packed it (the same k and n).</summary>
    public abstract void MultiplyPacked(ReadOnlySpan<float> a, int aRowStride, int aColumnStride, ReadOnlySpan<float> packedB,
        Span<float> c, int ldc, int m, int n, int k, bool accumulate);

    /// <summary>C (+)= A·B with A row-major [m, k] (row stride lda).</summary>
    public void MultiplyRows(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate) =>
        Multiply(a, lda, 1, b, ldb, c, ldc, m, n, k, accumulate);

    /// <summary>C (+)= Aᵀ·B with A row-major [k, m] (row stride lda): the weight gradients, summed over k = steps·batch rows.</summary>
    public void MultiplyTransposed(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc, int m, int n, int k, bool accumulate) =>
        Multiply(a, 1, lda, b, ldb, c, ldc, m, n, k, accumulate);

    /// <summary>y[j] += x[j] for j &lt; count.</summary>
    public abstract void Accumulate(ReadOnlySpan<float> x, Span<float> y, int count);

    /// <summary>sums[j] += Σ_r a[r·lda + j]: a bias gradient from its rows of pre-activation gradients.</summary>
    public void AddColumnSums(ReadOnlySpan<float> a, int lda, int rows, int columns, Span<float> sums)
    {
        for (int r = 0; r < rows; r++)
            Accumulate(a.Slice(r * lda, columns), sums, columns);
    }

    /// <summary>values[j] = act(values[j]) for an element-wise activation.</summary>
    public abstract void Activate(Span<float> values, int count, Activation activation);

    /// <summary>gradient[j] *= act′ at the point whose activation is output[j] (every element-wise activation's derivative is a function of its output).</summary>
    public abstract void MultiplyByDerivative(ReadOnlySpan<float> output, Span<float> gradient, int count, Activation activation);

    /// <summary>
    /// Copies an LSTM's bias, W_ih [4H, I] and W_hh [4H, H] into <paramref name="packed"/> (<see cref="PackedLstmLength"/>
    /// floats) in the order <see cref="LstmForwardStep"/> streams them: per block of units, for each of the 1 + I + H
    /// inputs of a row [1, x, h], the four gates' weights of those units side by side.
    /// </summary>
    public abstract void PackLstmWeights(ReadOnlySpan<float> bias, ReadOnlySpan<float> weightIh, ReadOnlySpan<float> weightHh, int input, int units,
        Span<float> packed);

    /// <summary>Floats of <see cref="PackLstmWeights"/>'s output.</summary>
    public static int PackedLstmLength(int input, int units) => 4 * units * (1 + input + units);

    /// <summary>
    /// One LSTM step for a batch: z = [1, x, h]·[b, W_ih, W_hh]ᵀ over the first <paramref name="k"/> columns of each row of
    /// <paramref name="rows"/> (row stride <paramref name="stride"/> ≥ 1 + I + H; k = 1 + I while h before the step is zero),
    /// then the cell: the gate activations i, f, g, o into <paramref name="gates"/> [batch, 4H], c = f∘cPrevious + i∘g, and
    /// h = o∘act(c) into <paramref name="h"/> (the same row stride: the h columns of the rows before the next step).
    /// </summary>
    public abstract void LstmForwardStep(ReadOnlySpan<float> rows, int stride, int k, ReadOnlySpan<float> packed, ReadOnlySpan<float> cPrevious,
        Span<float> c, Span<float> h, Span<float> gates, int batch, int input, int units, Activation cell, Activation gate);

    /// <summary>
    /// One LSTM step backwards: from i, f, g, o (in <paramref name="gates"/>), c and cPrevious, the gradient dh of this
    /// step's h and dc of its c (carried from the step after), writes the gates' pre-activation gradients into
    /// <paramref name="gates"/> and the gradient of cPrevious into <paramref name="dc"/>.
    /// </summary>
    public abstract void LstmBackward(Span<float> gates, ReadOnlySpan<float> cPrevious, ReadOnlySpan<float> c, ReadOnlySpan<float> dh, Span<float> dc,
        int batch, int units, Activation cell, Activation gate);

    /// <summary>
    /// A GRU step's gates: r = σ(x_r + h_r), z = σ(x_z + h_z) from the input part in <paramref name="gates"/> and the
    /// recurrent part <paramref name="recurrent"/> (row stride <paramref name="recurrentStride"/>, r then z); when
    /// <paramref name="resetHidden"/> is not empty (reset_after=False) it receives r∘hPrevious.
    /// </summary>
    public abstract void GruGates(Span<float> gates, ReadOnlySpan<float> recurrent, int recurrentStride, ReadOnlySpan<float> hPrevious, Span<float> resetHidden,
        int batch, int units, Activation gate);

    /// <summary>
    /// A GRU step's candidate and new state: n = act(x_n + r∘hn) (reset_after) or act(x_n + hn) (reset_after=False) with hn
    /// the recurrent n part (row stride <paramref name="candidateStride"/>); h = (1 − z)∘n + z∘hPrevious. When
    /// <paramref name="savedCandidate"/> is not empty it receives hn (the backward step needs it).
    /// </summary>
    public abstract void GruCandidate(Span<float> gates, ReadOnlySpan<float> candidate, int candidateStride, ReadOnlySpan<float> hPrevious, Span<float> h,
        Span<float> savedCandidate, bool resetAfter, int batch, int units, Activation cell);

    /// <summary>
    /// A GRU step backwards, update and candidate part: from z, n and the gradient dh of h, writes the pre-activation
    /// gradients of z and n into <paramref name="gates"/> and replaces dh with its direct part dh∘z (the gradient of hPrevious
    /// before the recurrent products are added).
    /// </summary>
    public abstract void GruCandidateBackward(Span<float> gates, ReadOnlySpan<float> hPrevious, Span<float> dh, int batch, int units, Activation cell, Activation gate);

    /// <summary>
    /// reset_after: from the candidate's pre-activation gradient dn (in <paramref name="gates"/>) and the saved recurrent
    /// part hn, writes r's pre-activation gradient (dn∘hn∘σ′) into gates and replaces hn with dn∘r, the gradient of the
    /// recurrent n product.
    /// </summary>
    public abstract void GruResetBackwardAfter(Span<float> gates, Span<float> candidate, int batch, int units, Activation gate);

    /// <summary>
    /// reset_after=False: from the gradient d(r∘h) of the reset hidden state, writes r's pre-activation gradient
    /// (d(r∘h)∘hPrevious∘σ′) into gates and adds d(r∘h)∘r to the gradient dh of hPrevious.
    /// </summary>
    public abstract void GruResetBackwardBefore(Span<float> gates, ReadOnlySpan<float> resetHiddenGradient, ReadOnlySpan<float> hPrevious, Span<float> dh,
        int batch, int units, Activation gate);
}

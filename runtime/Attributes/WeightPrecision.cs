namespace LstmGen;

/// <summary>How a generated kernel stores a weight matrix (see <see cref="LstmLayerAttribute.RecurrentWeights"/>).</summary>
/// <remarks>The generator compiles this file too (linked, internal there); append, never renumber.</remarks>
#if LSTMGEN_GENERATOR
internal enum WeightPrecision
#else
public enum WeightPrecision
#endif
{
    /// <summary>float32, as loaded: the kernel computes with the weights exactly as given.</summary>
    Single = 0,

    /// <summary>
    /// IEEE 754 half precision (16 bits: 11 significant bits, largest 65504), converted to float32 in registers.
    /// Halves the bytes read per step; each weight is rounded to the nearest Half when loaded (relative error
    /// ≤ 2⁻¹¹ for weights above 6.1·10⁻⁵, absolute ≤ 3·10⁻⁸ below). Arithmetic stays float32.
    /// </summary>
    Half = 1,

    /// <summary>
    /// bfloat16: float32's sign and 8-bit exponent with 8 significant bits (relative rounding error ≤ 2⁻⁹), widened
    /// to float32 by a single shift or mask in registers, so it is cheaper to decode than Half (which .NET can only
    /// widen with integer operations) at four times Half's rounding error. Any float32 weight fits its range.
    /// </summary>
    BFloat16 = 2,

    /// <summary>
    /// Symmetric int8 with one float32 scale per row of W_hh (per output unit and gate), widened to float32 in
    /// registers: a quarter of float32's bytes per step. Per row, with m the largest |weight|: scale s = m / 127
    /// (float32 division), and each weight is stored as q = w / s (divided in float64) rounded to the nearest integer,
    /// ties to even, clamped to [−127, 127]; it computes as q·s. An all-zero row gets s = 0 and q = 0. The absolute
    /// error per weight is at most s / 2 = m / 254, so rows dominated by one large weight lose the most.
    /// </summary>
    Int8 = 3,
}

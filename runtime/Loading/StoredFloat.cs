namespace LstmGen.Loading;

/// <summary>The stored floating-point encodings the loaders convert to float32 (see <see cref="FloatDecode"/>).</summary>
internal enum StoredFloat
{
    Float16,
    BFloat16,
    Float32,
    Float64,
}

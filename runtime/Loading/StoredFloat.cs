namespace LstmGen.Loading;

/// <summary>The stored floating-point encodings the safetensors and NumPy readers convert to float32.</summary>
internal enum StoredFloat
{
    Float16,
    BFloat16,
    Float32,
    Float64,
}

namespace LstmGen.Generator;

/// <summary>
/// One code path of the emitted kernel (Vector256, Vector128 or scalar). The emitter writes every path
/// from the same template; a flavour only says how to spell loads, stores, broadcasts and FMAs.
/// </summary>
internal sealed class SimdFlavor
{
    public static readonly SimdFlavor[] All =
    {
        new("Vector256", "Vector256.IsHardwareAccelerated", 8),
        new("Vector128", "Vector128.IsHardwareAccelerated", 4),
        new("Scalar", null, 1),
    };

    private SimdFlavor(string name, string? guard, int width)
    {
        Name = name;
        Guard = guard;
        Width = width;
    }

    /// <summary>Path name, also the suffix of its methods.</summary>
    public string Name { get; }

    /// <summary>The condition selecting this path (the JIT folds it to a constant); null for the fallback.</summary>
    public string? Guard { get; }

    /// <summary>Floats per vector.</summary>
    public int Width { get; }

    private bool IsScalar => Width == 1;

    public string Load(string reference, int offset) => Load(reference, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A load at an offset given as a constant expression (e.g. "2 * PaddedUnitsVector256 + 8").</summary>
    public string Load(string reference, string offset) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {offset})" : $"{Name}.LoadUnsafe(ref {reference}, {offset})";

    public string Store(string value, string reference, int offset) => Store(value, reference, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public string Store(string value, string reference, string offset) =>
        IsScalar ? $"Unsafe.Add(ref {reference}, {offset}) = {value};"
            : $"{(value.Contains(" ") ? "(" + value + ")" : value)}.StoreUnsafe(ref {reference}, {offset});";

    /// <summary>The C# type of one vector.</summary>
    public string VectorType => IsScalar ? "float" : $"{Name}<float>";

    /// <summary>A vector of zeros.</summary>
    public string Zero => IsScalar ? "0f" : $"{Name}<float>.Zero";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{Name}.Create({scalar})";

    /// <summary>a·b + addend, fused where the CPU has FMA.</summary>
    public string MultiplyAdd(string a, string b, string addend) =>
        $"{(IsScalar ? "float" : Name)}.MultiplyAddEstimate({a}, {b}, {addend})";
}

namespace LstmGen.Generator;

/// <summary>
/// One code path of the emitted kernel (Vector512, Vector256, Vector128 or scalar). The emitter writes every path
/// from the same template; a flavour only says how to spell loads, stores, broadcasts and FMAs.
/// </summary>
internal sealed class SimdFlavor
{
    public static readonly SimdFlavor[] All =
    {
        // Vector512 first: on AVX-512 CPUs unless DOTNET_PreferredVectorBitWidth (or the CPU's throttling) keeps it off.
        new("Vector512", 16, "Vector512 (16 lanes, AVX-512)"),
        new("Vector256", 8, "Vector256 (8 lanes, FMA where the CPU has it)"),
        new("Vector128", 4, "Vector128 (4 lanes: ARM NEON, older x86)"),
        new("Scalar", 1, "scalar"),
    };

    /// <summary>The paths a layer of <paramref name="units"/> gets, widest first (Vector512 only where KernelSizing.UsesVector512).</summary>
    public static SimdFlavor[] For(int units) => KernelSizing.UsesVector512(units) ? All : WithoutVector512;

    private static readonly SimdFlavor[] WithoutVector512 = All.Where(f => f.Width != 16).ToArray();

    // The vector's static class, global::System.Runtime.Intrinsics.Vector256 for example, or float for the scalar path.
    private readonly string _type;

    private SimdFlavor(string name, int width, string description)
    {
        Name = name;
        Width = width;
        Description = description;
        _type = width == 1 ? "float" : Global.Intrinsics(name);
    }

    /// <summary>The path as a generated file's header names it, with its width and hardware.</summary>
    public string Description { get; }

    /// <summary>Path name, also the suffix of its methods.</summary>
    public string Name { get; }

    /// <summary>The condition selecting this path (the JIT folds it to a constant); null for the fallback.</summary>
    public string? Guard => IsScalar ? null : _type + ".IsHardwareAccelerated";

    /// <summary>Floats per vector.</summary>
    public int Width { get; }

    private bool IsScalar => Width == 1;

    public string Load(string reference, int offset) => Load(reference, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A load at an offset given as a constant expression (e.g. "2 * PaddedUnitsVector256 + 8").</summary>
    public string Load(string reference, string offset) =>
        IsScalar ? $"{Global.Unsafe}.Add(ref {reference}, {offset})" : $"{_type}.LoadUnsafe(ref {reference}, {offset})";

    public string Store(string value, string reference, int offset) => Store(value, reference, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A store statement; StoreUnsafe is an extension method, called here as the static method it is.</summary>
    public string Store(string value, string reference, string offset) =>
        IsScalar ? $"{Global.Unsafe}.Add(ref {reference}, {offset}) = {value};" : $"{_type}.StoreUnsafe({value}, ref {reference}, {offset});";

    /// <summary>The C# type of one vector.</summary>
    public string VectorType => IsScalar ? "float" : $"{_type}<float>";

    /// <summary>A vector of zeros.</summary>
    public string Zero => IsScalar ? "0f" : $"{_type}<float>.Zero";

    public string Broadcast(string scalar) => IsScalar ? scalar : $"{_type}.Create({scalar})";

    /// <summary>The value with denormal lanes set to ±0 (LstmDenormals has float and vector overloads): for state as it is stored.</summary>
    public string Flush(string value) => $"{Global.LstmDenormals}.Flush({value})";

    /// <summary>a·b + addend, fused where the CPU has FMA.</summary>
    public string MultiplyAdd(string a, string b, string addend) => $"{_type}.MultiplyAddEstimate({a}, {b}, {addend})";
}

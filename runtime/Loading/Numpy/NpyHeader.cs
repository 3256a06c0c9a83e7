namespace LstmGen.Loading;

/// <summary>A parsed .npy header: what the data is and how many bytes it takes.</summary>
internal sealed record NpyHeader(string Descr, StoredFloat Kind, bool BigEndian, bool FortranOrder, long[] Shape, long Count, long HeaderBytes)
{
    /// <summary>The data's length in bytes (Count × element size; Count ≤ Array.MaxLength, so no overflow).</summary>
    public long DataBytes => Count * FloatDecode.Size(Kind);

    public string ShapeText => "(" + string.Join(", ", Shape) + (Shape.Length == 1 ? ",)" : ")");
}

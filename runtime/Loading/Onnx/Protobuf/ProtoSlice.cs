namespace LstmGen.Loading;

/// <summary>
/// A length-delimited field's payload: absolute position in the buffer and, for a nested message,
/// its nesting depth (the top-level message is depth 0).
/// </summary>
internal readonly record struct ProtoSlice(int Start, int Length, int Depth)
{
    public int End => Start + Length;
}

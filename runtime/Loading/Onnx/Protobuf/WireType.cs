namespace LstmGen.Loading;

/// <summary>The six protobuf wire types (groups are deprecated but must still be skipped).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}

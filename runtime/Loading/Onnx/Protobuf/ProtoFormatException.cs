using System;

namespace LstmGen.Loading;

/// <summary>Bytes that are not well-formed protobuf, with the absolute byte offset of the fault.</summary>
internal sealed class ProtoFormatException : Exception
{
    public ProtoFormatException(long offset, string problem)
        : base($"at byte {offset}: {problem}")
    {
        Offset = offset;
        Problem = problem;
    }

    /// <summary>Absolute offset in the buffer being read.</summary>
    public long Offset { get; }

    /// <summary>What is wrong there.</summary>
    public string Problem { get; }
}

using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// A seekable stream that claims <paramref name="length"/> bytes: <paramref name="head"/> then zeros,
/// produced on demand (a header whose tensors are "really there", without the memory).
/// </summary>
internal sealed class HugeStream(byte[] head, long length) : Stream
{
    public long BytesRead { get; private set; }
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get; set; }
    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Min(count, Math.Max(0, length - Position));
        for (int k = 0; k < n; k++)
            buffer[offset + k] = Position + k < head.Length ? head[Position + k] : (byte)0;
        Position += n;
        BytesRead += n;
        return n;
    }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// A read-only stream that cannot seek (a pipe, a network response). <paramref name="maxRead"/> makes every read
/// short, as pipes give.
/// </summary>
internal sealed class NonSeekableStream(byte[] data, int maxRead = int.MaxValue) : Stream
{
    private int _pos;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count)
    {
        int n = Math.Min(Math.Min(count, data.Length - _pos), maxRead);
        Array.Copy(data, _pos, buffer, offset, n);
        _pos += n;
        return n;
    }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.IO;
using System.Text;

namespace LstmGen.Tests;

/// <summary>A file in the temp folder holding the given bytes, for the loaders' path overloads; deleted on Dispose.</summary>
internal sealed class TempFile : IDisposable
{
    public TempFile(string extension, byte[] bytes)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"lstmgen-{Guid.NewGuid():N}{extension}");
        File.WriteAllBytes(Path, bytes);
    }

    public TempFile(string extension, string text) : this(extension, Encoding.UTF8.GetBytes(text)) { }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}

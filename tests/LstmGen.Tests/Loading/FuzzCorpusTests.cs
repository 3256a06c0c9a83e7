using System.Collections.Generic;
using System.IO;

namespace LstmGen.Tests;

/// <summary>
/// Replays the saved fuzz corpus (Fixtures/fuzz-corpus/&lt;loader&gt;, minimised from the AFL++ runs that
/// docs/fuzzing.md records) through each loader's target: every file loads or is refused with
/// <see cref="LstmFormatException"/>, within the time and allocation bounds of <see cref="FuzzTargets"/>.
/// </summary>
public sealed class FuzzCorpusTests(ITestOutputHelper log)
{
    public static TheoryData<string> Loaders() => new(FuzzTargets.Loaders.Keys);

    [Theory]
    [MemberData(nameof(Loaders))]
    public void EveryCorpusFileLoadsOrIsRefusedWithinBounds(string loader)
    {
        string[] files = Directory.GetFiles(Fixture.Path("fuzz-corpus", loader));
        Assert.NotEmpty(files);
        var failures = new List<string>();
        foreach (string file in files.Order(StringComparer.Ordinal))
        {
            try
            {
                FuzzTargets.Run(loader, File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failures.Add($"{Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            }
        }
        log.WriteLine($"{loader}: {files.Length} files replayed");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}

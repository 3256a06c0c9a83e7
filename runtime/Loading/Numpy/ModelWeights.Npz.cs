using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Loads a whole model from a NumPy <c>.npz</c> of a PyTorch state_dict (<c>numpy.savez(path, **state_dict)</c>);
    /// see <see cref="LoadSafetensors(string, string[])"/> for <paramref name="modules"/>.
    /// </summary>
    /// <param name="path">The .npz file.</param>
    /// <param name="modules">Module names, in layer order.</param>
    /// <exception cref="LstmFormatException">A module is missing, of another kind, mis-shaped, bidirectional, or holds NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadNpz(string path, params string[] modules) => LoadNpz(path, null, modules);

    /// <inheritdoc cref="LoadNpz(string, string[])"/>
    /// <param name="path">The .npz file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <param name="modules">Module names, in layer order.</param>
    public static ModelWeights LoadNpz(string path, LstmLoadOptions? options, params string[] modules)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var source = new NpzSource(stream, path);
        return StateDictModel.Load(source, modules, options);
    }
}

using System.Collections.Generic;

namespace LstmGen.Loading;

/// <summary>
/// Named tensors in a container (safetensors, .npz, an RTNeural PyTorch JSON, ...), read lazily so a
/// loader can check names and shapes before it allocates or converts any data.
/// </summary>
internal interface ITensorSource
{
    /// <summary>The file or stream name for error messages.</summary>
    string FileName { get; }

    /// <summary>All tensor names in the container.</summary>
    IReadOnlyCollection<string> Names { get; }

    /// <summary>The shape of <paramref name="name"/>; only called for names in <see cref="Names"/>.</summary>
    long[] GetShape(string name);

    /// <summary>The tensor's elements converted to float32, row-major; only called after its shape was checked.</summary>
    float[] ReadFloat32(string name);
}

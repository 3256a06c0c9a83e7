using System;
using System.Collections.Generic;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Lists the nn.LSTM, nn.GRU and nn.Linear modules of a PyTorch state_dict stored as safetensors or <c>.npz</c> (told
    /// apart by content), with their kinds and sizes, in the order the file stores them: the state_dict's order in an
    /// .npz, the order of the tensors' data in a safetensors file. Reads names and shapes only.
    /// </summary>
    /// <remarks>
    /// A module is a tensor-name prefix with <c>weight_ih_l0</c> (nn.LSTM or nn.GRU, told apart by <c>weight_hh_l0</c>
    /// [4H, H] or [3H, H]) or a 2-D <c>weight</c> (nn.Linear). The names are what
    /// <see cref="LoadSafetensors(string, string[])"/> and <see cref="LoadNpz(string, string[])"/> take; the file's order
    /// need not be the model's layer order (compare each module's <see cref="StateDictModule.InputSize"/> with the
    /// previous one's <see cref="StateDictModule.OutputSize"/>).
    /// </remarks>
    /// <param name="path">The .safetensors or .npz file.</param>
    /// <exception cref="LstmFormatException">The file is malformed, holds no such module, or a module's shapes fit no
    /// nn.LSTM, nn.GRU or nn.Linear.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<StateDictModule> DiscoverModules(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> head = stackalloc byte[4];
        bool zip = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
        stream.Position = 0;
        if (zip)
        {
            using var npz = new NpzSource(stream, path);
            return StateDictModel.Describe(npz);
        }
        using var safetensors = SafetensorsFile.Open(stream, path);
        return StateDictModel.Describe(safetensors);
    }
}

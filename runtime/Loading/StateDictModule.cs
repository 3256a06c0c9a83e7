namespace LstmGen;

/// <summary>The kind of PyTorch module a <see cref="StateDictModule"/> is.</summary>
public enum StateDictModuleKind
{
    /// <summary><c>nn.LSTM</c>: <c>weight_ih_l{k}</c> [4H, I], <c>weight_hh_l{k}</c> [4H, H], ...</summary>
    Lstm,

    /// <summary><c>nn.GRU</c>: <c>weight_ih_l{k}</c> [3H, I], <c>weight_hh_l{k}</c> [3H, H], ...</summary>
    Gru,

    /// <summary><c>nn.Linear</c>: <c>weight</c> [out, in], optional <c>bias</c> [out].</summary>
    Linear,
}

/// <summary>
/// One module of a PyTorch state_dict, as <see cref="ModelWeights.DiscoverModules(string)"/> finds it from the tensors'
/// names and shapes (no data is read).
/// </summary>
/// <param name="Name">The module's name as <see cref="ModelWeights.LoadSafetensors(string, string[])"/> takes it
/// (<c>lstm</c>, <c>encoder.rnn</c>; empty for an unprefixed state_dict).</param>
/// <param name="Kind">nn.LSTM, nn.GRU or nn.Linear.</param>
/// <param name="Layers">Weighted layers the module gives a model: <c>num_layers</c> for a recurrent module, 1 for nn.Linear.</param>
/// <param name="Bidirectional">Whether a recurrent module has <c>_reverse</c> tensors (bidirectional=True).</param>
/// <param name="InputSize">Features the module's first layer reads per step.</param>
/// <param name="Units">Hidden size H of a recurrent module (the size of h, and of c for an LSTM); out_features of nn.Linear.</param>
/// <param name="OutputSize">Features the module's last layer writes per step: 2·H when bidirectional, else <paramref name="Units"/>.</param>
public sealed record StateDictModule(string Name, StateDictModuleKind Kind, int Layers, bool Bidirectional, int InputSize, int Units, int OutputSize);

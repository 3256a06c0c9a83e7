namespace LstmGen.Tool;

/// <summary>Sizes and parameter counts of a layer, in the words inspect and bench print them.</summary>
internal static class LayerFacts
{
    /// <summary>Units per direction (a Dense layer's outputs).</summary>
    public static int Units(LayerWeights w) => w is BidirectionalWeights b ? b.Units : w.OutputSize;

    /// <summary>Keras's count: one bias per gate (a GRU with reset_after=True has two).</summary>
    public static long KerasParameters(LayerWeights w) => w.ParameterCount;

    /// <summary>PyTorch's count: b_ih and b_hh for every recurrent gate; null for a GRU PyTorch cannot express (reset_after=False).</summary>
    public static long? PyTorchParameters(LayerWeights w) => w switch
    {
        LstmWeights l => 4L * l.Units * (l.Input + l.Units + 2),
        BidirectionalWeights b => 2 * 4L * b.Units * (b.Input + b.Units + 2),
        GruWeights { ResetAfter: false } => null,
        GruWeights g => 3L * g.Units * (g.Input + g.Units + 2),
        _ => w.ParameterCount,
    };

    /// <summary>The weight matrices as LstmGen holds them (rows × columns), e.g. "W_ih 80×4, W_hh 80×20, b 80".</summary>
    public static string Matrices(LayerWeights w) => w switch
    {
        LstmWeights l => $"W_ih {4 * l.Units}×{l.Input}, W_hh {4 * l.Units}×{l.Units}, b {4 * l.Units}",
        BidirectionalWeights b => $"2 × (W_ih {4 * b.Units}×{b.Input}, W_hh {4 * b.Units}×{b.Units}, b {4 * b.Units})",
        GruWeights g => $"W_ih {3 * g.Units}×{g.Input}, W_hh {3 * g.Units}×{g.Units}, b_ih {3 * g.Units}, b_hh {3 * g.Units}",
        DenseWeights d => $"W {d.Units}×{d.Input}, b {d.Units}",
        _ => "",
    };
}

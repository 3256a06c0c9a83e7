using System.Globalization;

namespace LstmGen;

/// <summary>
/// An <c>LSTM</c> node of an ONNX graph, as <see cref="LstmWeights.ListOnnxNodes(string)"/> reports it:
/// the arguments <see cref="LstmWeights.LoadOnnx(string, int, int, LstmLoadOptions?)"/> takes to load it, and its sizes.
/// </summary>
public sealed class OnnxLstmNode
{
    internal OnnxLstmNode(int index, string name, string direction, int directions, int? input, int? units)
    {
        Index = index;
        Name = name;
        Direction = direction;
        Directions = directions;
        Input = input;
        Units = units;
    }

    /// <summary>The position among the graph's LSTM nodes, in graph order: the <c>node</c> argument of <c>LoadOnnx</c>.</summary>
    public int Index { get; }

    /// <summary>The node's name in the graph (may be empty).</summary>
    public string Name { get; }

    /// <summary>
    /// The node's <c>direction</c> attribute: <c>forward</c>, <c>reverse</c> or <c>bidirectional</c>. A reverse
    /// direction reads the sequence from its last step to its first: feed the layer the reversed sequence.
    /// </summary>
    public string Direction { get; }

    /// <summary>1, or 2 for a bidirectional node; <c>LoadOnnx</c>'s <c>direction</c> argument is below this (1 = the reverse half).</summary>
    public int Directions { get; }

    /// <summary>Features per time step (input_size, from W's shape); null when W is not stored in the file.</summary>
    public int? Input { get; }

    /// <summary>hidden_size (from the attribute, or else R's shape); null when neither tells.</summary>
    public int? Units { get; }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "LSTM node {0} '{1}': {2}, input {3}, units {4}", Index, Name, Direction,
            Input?.ToString(CultureInfo.InvariantCulture) ?? "?", Units?.ToString(CultureInfo.InvariantCulture) ?? "?");
}

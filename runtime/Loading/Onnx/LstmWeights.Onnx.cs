using System;
using System.Collections.Generic;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class LstmWeights
{
    /// <summary>
    /// Loads one direction of one <c>LSTM</c> node from an ONNX model file (as written by
    /// <c>torch.onnx.export</c>, tf2onnx, <c>onnx.helper</c>, ...).
    /// </summary>
    /// <param name="path">The .onnx file. Weights must be inside it: external data is refused.</param>
    /// <param name="node">Which LSTM node, counting the main graph's <c>LSTM</c> nodes in graph order from 0
    /// (a two-layer PyTorch <c>nn.LSTM</c> exports two). <see cref="ListOnnxNodes(string)"/> lists them.</param>
    /// <param name="direction">0, or 1 for the reverse half of a bidirectional node. A reverse direction reads
    /// the sequence backwards: run the layer on the reversed sequence (and reverse its outputs to line them up).</param>
    /// <param name="options">Loader options; by default NaN and ±∞ weights are rejected.</param>
    /// <remarks>
    /// <para>W [D, 4H, I], R [D, 4H, H] and, if present, B [D, 8H] (inputs 1–3 of the node) are read from graph
    /// initializers or <c>Constant</c> nodes, as FLOAT, DOUBLE, FLOAT16 or BFLOAT16 in <c>raw_data</c> or the typed
    /// fields, converted to float32, and mapped from ONNX's gate order i, o, f, c by <see cref="FromOnnx"/>.
    /// <c>hidden_size</c>, when given, must match the shapes.</para>
    /// <para>Refused, naming the attribute or input: <c>clip</c>, <c>input_forget</c> = 1, <c>activations</c> other
    /// than Sigmoid, Tanh, Tanh (case-insensitive), attributes this loader does not know, and peepholes (P),
    /// initial_h or initial_c stored as non-zero constants (when fed at run time they are the caller's
    /// business: LstmGen layers start from zero state). <c>layout</c> = 1 is accepted: it only changes the
    /// layout of X, Y and the states, not of the weights.</para>
    /// <para>Everything is checked before anything is allocated for the weights; a failed load changes nothing.</para>
    /// </remarks>
    /// <exception cref="LstmFormatException">The file is not well-formed ONNX, has no such node or direction, or the
    /// node is something the LstmGen kernel cannot run.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is negative or <paramref name="direction"/> is not 0 or 1.</exception>
    public static LstmWeights LoadOnnx(string path, int node = 0, int direction = 0, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        CheckOnnxArguments(node, direction);
        return OnnxLstm.Load(OnnxModel.Parse(OnnxModel.ReadFile(path), path), node, direction, options ?? LstmLoadOptions.Default);
    }

    /// <summary>
    /// Loads one direction of one <c>LSTM</c> node from an ONNX model read from <paramref name="stream"/> (to its end);
    /// see <see cref="LoadOnnx(string, int, int, LstmLoadOptions?)"/>.
    /// </summary>
    /// <param name="stream">The model's bytes, read from the current position to the end; not closed.</param>
    /// <param name="name">A name for error messages (a file name, a URL), or null.</param>
    /// <param name="node">Which LSTM node, in graph order from 0.</param>
    /// <param name="direction">0, or 1 for the reverse half of a bidirectional node.</param>
    /// <param name="options">Loader options; by default NaN and ±∞ weights are rejected.</param>
    /// <exception cref="LstmFormatException">The bytes are not well-formed ONNX, have no such node or direction, or the
    /// node is something the LstmGen kernel cannot run.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="node"/> is negative or <paramref name="direction"/> is not 0 or 1.</exception>
    public static LstmWeights LoadOnnx(Stream stream, string? name, int node = 0, int direction = 0, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        CheckOnnxArguments(node, direction);
        return OnnxLstm.Load(OnnxModel.Parse(OnnxModel.ReadAll(stream, name), name), node, direction, options ?? LstmLoadOptions.Default);
    }

    /// <summary>
    /// Lists the <c>LSTM</c> nodes of an ONNX model's main graph in the order <c>LoadOnnx</c>'s <c>node</c> argument
    /// counts them, with their direction and sizes. Does not check whether LstmGen can run them.
    /// </summary>
    /// <exception cref="LstmFormatException">The file is not well-formed ONNX.</exception>
    public static IReadOnlyList<OnnxLstmNode> ListOnnxNodes(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OnnxLstm.List(OnnxModel.Parse(OnnxModel.ReadFile(path), path));
    }

    /// <summary>Lists the <c>LSTM</c> nodes of an ONNX model read from <paramref name="stream"/>; see <see cref="ListOnnxNodes(string)"/>.</summary>
    /// <param name="stream">The model's bytes, read from the current position to the end; not closed.</param>
    /// <param name="name">A name for error messages, or null.</param>
    /// <exception cref="LstmFormatException">The bytes are not well-formed ONNX.</exception>
    public static IReadOnlyList<OnnxLstmNode> ListOnnxNodes(Stream stream, string? name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return OnnxLstm.List(OnnxModel.Parse(OnnxModel.ReadAll(stream, name), name));
    }

    private static void CheckOnnxArguments(int node, int direction)
    {
        if (node < 0)
            throw new ArgumentOutOfRangeException(nameof(node), node, "node must be 0 or more.");
        if (direction is not (0 or 1))
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "direction must be 0 (forward) or 1 (the reverse half of a bidirectional node).");
    }

}

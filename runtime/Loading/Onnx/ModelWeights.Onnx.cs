using System;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Loads a whole model exported by <c>torch.onnx.export</c> (or any ONNX model of the same shape): every <c>LSTM</c>,
    /// <c>GRU</c>, <c>Gemm</c> and <c>MatMul</c> node of the main graph, in graph order, in PyTorch's conventions. A
    /// two-layer nn.LSTM exports two LSTM nodes, so it gives two layers, as the state_dict loaders do.
    /// </summary>
    /// <param name="path">The .onnx file. Weights must be inside it (<c>export_params=True</c>, <c>do_constant_folding=True</c>, the defaults).</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <remarks>
    /// <para>LSTM nodes become <see cref="LstmWeights"/> (a bidirectional node <see cref="BidirectionalWeights"/>), GRU nodes
    /// <see cref="GruWeights"/> (<c>linear_before_reset</c> = 1, as PyTorch exports, is <see cref="GruWeights.ResetAfter"/>),
    /// Gemm nodes and MatMul nodes with a constant weight (and the Add of a constant bias that follows) <see cref="DenseWeights"/>.
    /// Each recurrent node is checked as <see cref="LstmWeights.LoadOnnx(string, int, int, LstmLoadOptions?)"/> checks it.</para>
    /// <para>The nodes PyTorch writes around them (Shape, Gather, Unsqueeze, Squeeze, Concat, Expand, Slice, Transpose,
    /// Reshape, Constant, ...) and the activations Relu, Tanh, Sigmoid, Softmax and HardSigmoid carry no weights and are
    /// skipped: the layers' activations and <c>ReturnSequences</c> are the model attributes' job, and ONNX files record
    /// no <see cref="LayerWeights.Activation"/>.</para>
    /// </remarks>
    /// <exception cref="LstmFormatException">The file is not well-formed ONNX; a node of another type (naming it and its
    /// type), a reverse-only LSTM or a bidirectional GRU; a weight that is not stored in the file, misshapen or NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadOnnx(string path, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return OnnxModelLayers.Load(OnnxModel.Parse(OnnxModel.ReadFile(path), path), options ?? LstmLoadOptions.Default);
    }

    /// <summary>Loads a whole ONNX model read from <paramref name="stream"/> (to its end); see <see cref="LoadOnnx(string, LstmLoadOptions?)"/>.</summary>
    /// <param name="stream">The model's bytes, read from the current position to the end; not closed.</param>
    /// <param name="name">A name for error messages (a file name, a URL), or null.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <exception cref="LstmFormatException">As <see cref="LoadOnnx(string, LstmLoadOptions?)"/>.</exception>
    public static ModelWeights LoadOnnx(Stream stream, string? name, LstmLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return OnnxModelLayers.Load(OnnxModel.Parse(OnnxModel.ReadAll(stream, name), name), options ?? LstmLoadOptions.Default);
    }
}

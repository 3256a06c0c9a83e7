using System;
using System.Collections.Generic;
using System.IO;
using LstmGen.Loading;

namespace LstmGen;

public sealed partial class ModelWeights
{
    /// <summary>
    /// Loads a whole model from a safetensors file holding a PyTorch state_dict. <paramref name="modules"/> names the
    /// model's modules in layer order: each is an <c>nn.LSTM</c> or <c>nn.GRU</c> (contributing all its layers,
    /// <c>{module}.weight_ih_l0</c>, <c>_l1</c>, ...; told apart by <c>weight_hh_l0</c> [4H, H] or [3H, H]) or an <c>nn.Linear</c> (<c>{module}.weight</c> [out, in],
    /// <c>{module}.bias</c>). Safetensors stores tensors sorted by name, so the order must be given.
    /// </summary>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="modules">Module names ("lstm", "encoder.lstm", "fc"; a trailing dot is optional, "" means no prefix), in layer order.</param>
    /// <example><c>ModelWeights.LoadSafetensors("classifier.safetensors", "lstm", "fc")</c> for
    /// <c>nn.LSTM(28, 128, num_layers=2)</c> as <c>lstm</c> then <c>nn.Linear(128, 10)</c> as <c>fc</c>.</example>
    /// <exception cref="LstmFormatException">A module is missing, of another kind, mis-shaped, bidirectional, or holds NaN/∞.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ModelWeights LoadSafetensors(string path, params string[] modules) => LoadSafetensors(path, null, modules);

    /// <inheritdoc cref="LoadSafetensors(string, string[])"/>
    /// <param name="path">The .safetensors file.</param>
    /// <param name="options">Loader options; null for <see cref="LstmLoadOptions.Default"/>.</param>
    /// <param name="modules">Module names, in layer order.</param>
    public static ModelWeights LoadSafetensors(string path, LstmLoadOptions? options, params string[] modules)
    {
        using var file = SafetensorsFile.Open(path);
        return StateDictModel.Load(file, modules, options);
    }

    /// <summary>
    /// Saves these weights as a safetensors file holding a PyTorch state_dict, the mirror of
    /// <see cref="LoadSafetensors(string, string[])"/>: the same call with the same module names loads them back bit for bit,
    /// and <c>torch.nn.Module.load_state_dict</c> accepts the tensors for modules of these shapes. <paramref name="modules"/>
    /// names the modules in layer order, either one per weighted layer or one per PyTorch module that holds consecutive
    /// layers (an <c>nn.LSTM</c> or <c>nn.GRU</c> with <c>num_layers</c> &gt; 1).
    /// </summary>
    /// <remarks>
    /// <para>Tensors, under each module's name: an LSTM layer k as <c>weight_ih_l{k}</c> [4H, I], <c>weight_hh_l{k}</c>
    /// [4H, H], <c>bias_ih_l{k}</c> [4H] holding the summed bias and <c>bias_hh_l{k}</c> [4H] holding −0.0 (a zero that
    /// adds to the bias without changing a bit, so even a −0.0 bias loads back as it was); a bidirectional layer adds the
    /// same with the suffix <c>_reverse</c>; a GRU layer <c>weight_ih_l{k}</c> [3H, I], <c>weight_hh_l{k}</c> [3H, H] and
    /// both biases; a Dense layer <c>weight</c> [out, in] and <c>bias</c> [out] (an <c>nn.Linear</c>).</para>
    /// <para>Every tensor is F32: the weights are float32, whatever the file they were loaded from held (F16 and BF16
    /// widen exactly, so their values are kept). The header lists the tensors sorted by name with
    /// <c>__metadata__ = {"format": "pt"}</c>, padded to 8 bytes, as the reference implementation writes it. NaN and ±∞
    /// are written as they are (<see cref="LoadSafetensors(string, LstmLoadOptions?, string[])"/> refuses them unless
    /// <see cref="LstmLoadOptions.AllowNonFinite"/> is set).</para>
    /// <para>The file is written to a temporary file in the same folder and then moved over <paramref name="path"/>, so
    /// a failure leaves no half-written file and an existing file unchanged.</para>
    /// </remarks>
    /// <param name="path">The .safetensors file to write; replaced if it exists.</param>
    /// <param name="modules">Module names ("lstm", "encoder.lstm", "fc"; a trailing dot is optional, "" means no prefix), in
    /// layer order: as many as there are weighted layers, or one per run of consecutive layers one module can hold (LSTMs
    /// with the same Units and direction, or GRUs with the same Units, each reading what the one before writes).</param>
    /// <example><c>weights.SaveSafetensors("classifier.safetensors", "lstm", "fc")</c> for an LSTM 28 → 128, an LSTM
    /// 128 → 128 and a Dense 128 → 10: <c>lstm</c> is <c>nn.LSTM(28, 128, num_layers=2)</c> and <c>fc</c>
    /// <c>nn.Linear(128, 10)</c>; <c>"lstm1", "lstm2", "fc"</c> writes two one-layer <c>nn.LSTM</c> modules instead.</example>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> or <paramref name="modules"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, a module name is null, empty between dots or
    /// repeated, or the number of names is neither the number of weighted layers nor the number of modules they form (the
    /// message lists both).</exception>
    /// <exception cref="NotSupportedException">A GRU layer has ResetAfter = false: PyTorch's <c>nn.GRU</c> has no such form.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void SaveSafetensors(string path, params string[] modules)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var tensors = StateDictExport.Tensors(this, modules);
        SafetensorsWriter.WriteFile(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
    }
}

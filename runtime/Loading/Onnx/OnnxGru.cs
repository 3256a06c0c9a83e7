using System;
using System.Globalization;

namespace LstmGen.Loading;

/// <summary>
/// Maps an ONNX <c>GRU</c> node (default domain) onto <see cref="GruWeights"/>: W [D, 3H, I], R [D, 3H, H] and optional
/// B [D, 6H] (input then recurrent biases), gates z, r, h. <c>linear_before_reset</c> = 1 (what <c>torch.onnx.export</c>
/// writes for nn.GRU) is <see cref="GruWeights.ResetAfter"/> true; 0 is false, whose two biases act as one.
/// </summary>
internal static class OnnxGru
{
    /// <summary>Loads direction <paramref name="direction"/> of GRU node <paramref name="n"/>; <paramref name="who"/> names it in errors.</summary>
    public static GruWeights Load(OnnxModel model, OnnxNode n, string who, int direction, LstmLoadOptions options)
    {
        string? file = model.FileName;
        var attrs = OnnxLstm.ReadAttributes(model, n, who);
        OnnxLstm.CheckSupported(file, attrs, direction, who, gru: true);
        if (attrs.LinearBeforeReset is not (0 or 1))
            throw new LstmFormatException(file, "linear_before_reset", $"{who} has an invalid linear_before_reset", "0 or 1",
                attrs.LinearBeforeReset.ToString(CultureInfo.InvariantCulture));
        if (n.Inputs.Length > 6)
            throw new LstmFormatException(file, null, $"{who} has more inputs than the GRU operator defines", "at most 6",
                n.Inputs.Length.ToString(CultureInfo.InvariantCulture));
        var (input, units, w, r, b) = OnnxLstm.ReadGateTensors(model, n, who, attrs, direction, gates: 3, options);
        // ONNX's [3H, I] rows z, r, h are Keras's [I, 3U] columns z, r, h transposed; B's two rows are Keras's [2, 3U] bias.
        float[] kernel = WeightInputs.Transpose(w, 3 * units, input), recurrent = WeightInputs.Transpose(r, 3 * units, units);
        bool resetAfter = attrs.LinearBeforeReset == 1;
        if (!resetAfter && b.Length != 0)
        {
            var sum = new float[3 * units];
            for (int k = 0; k < sum.Length; k++)
                sum[k] = b[k] + b[sum.Length + k];
            b = sum;
        }
        return GruWeights.FromKeras(input, units, kernel, recurrent, b, resetAfter);
    }
}

namespace LstmGen.Loading;

/// <summary>Where a constant value is stored and what holds it (for messages).</summary>
internal readonly record struct OnnxConstant(ProtoSlice Tensor, string Origin);

using System;
using System.Collections.Generic;
using LstmGen;

namespace FashionMnistSample;

// The classifier an image read row by row needs: 28 steps of 28 pixels, one LSTM whose last h feeds a softmax over the
// 10 classes. Units is a compile-time constant of the generated kernels, so every width the sweep tries is its own class.

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 8)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm8 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 16)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm16 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 32)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm32 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 64)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm64 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 128)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm128 { }

[LstmModel(Input = 28, Steps = 28)]
[Lstm(Units = 256)]
[Dense(Units = 10, Activation = Activation.Softmax)]
public partial class FashionLstm256 { }

/// <summary>The generated classifiers by Units.</summary>
internal static class Classifiers
{
    public static IReadOnlyList<int> Units { get; } = [8, 16, 32, 64, 128, 256];

    /// <summary>A generated classifier with <paramref name="units"/> LSTM units.</summary>
    public static ILstmModel Create(int units) => units switch
    {
        8 => new FashionLstm8(),
        16 => new FashionLstm16(),
        32 => new FashionLstm32(),
        64 => new FashionLstm64(),
        128 => new FashionLstm128(),
        256 => new FashionLstm256(),
        _ => throw new ArgumentOutOfRangeException(nameof(units), units, $"units: expected one of {string.Join(", ", Units)}, got {units}."),
    };

    /// <summary>
    /// The classifier's shape for the trainer, as the generated class declares it, with a dropout on the LSTM's last h if
    /// <paramref name="dropout"/> is above 0. Dropout acts only in training and has no weights, so the trained weights run
    /// in the generated class as they are.
    /// </summary>
    public static ModelArchitecture Architecture(int units, double dropout) =>
        new(input: 28, steps: 28, dropout > 0
            ? [ModelLayer.Lstm(units), ModelLayer.Dropout(dropout), ModelLayer.Dense(10, Activation.Softmax)]
            : [ModelLayer.Lstm(units), ModelLayer.Dense(10, Activation.Softmax)]);

    /// <summary>Keras's parameter count of the LSTM: 4·U·(I+U+1), one bias per gate row.</summary>
    public static long KerasLstmParameters(int units) => 4L * units * (28 + units + 1);

    /// <summary>PyTorch's: 4·U·(I+U+2), as it keeps bias_ih and bias_hh apart.</summary>
    public static long PyTorchLstmParameters(int units) => 4L * units * (28 + units + 2);

    /// <summary>The softmax head's: 10·(U+1).</summary>
    public static long DenseParameters(int units) => 10L * (units + 1);
}

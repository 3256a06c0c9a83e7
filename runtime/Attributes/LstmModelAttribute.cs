using System;

namespace LstmGen;

/// <summary>
/// Asks the LstmGen source generator to turn the annotated <c>partial class</c> into a whole model: the layers
/// are the <see cref="LstmAttribute"/>, <see cref="GruAttribute"/>, <see cref="DenseAttribute"/> and <see cref="DropoutAttribute"/>
/// attributes on the same class, in the order they are written. The generator adds <c>Predict</c>,
/// <c>Step</c>/<c>ResetState</c>, <c>LoadWeights(ModelWeights)</c> and constants, specialised for these sizes.
/// </summary>
/// <example><code>
/// [LstmModel(Input = 28, Steps = 28)]
/// [Lstm(Units = 128, ReturnSequences = true)]
/// [Lstm(Units = 64)]
/// [Dense(Units = 10, Activation = Activation.Softmax)]
/// public partial class FashionClassifier { }
/// </code></example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LstmModelAttribute : Attribute
{
    /// <summary>Features per time step of the model's input. Required, at least 1.</summary>
    public int Input { get; set; }

    /// <summary>
    /// Time steps per sequence that <c>Predict</c> processes, at least 1. Optional: without it (0) <c>Predict</c>,
    /// <c>PredictBatch</c> and <c>Step</c> take sequences of any length.
    /// </summary>
    public int Steps { get; set; }

    /// <summary>
    /// True (default): the model also gets streaming <c>Step</c>/<c>ResetState</c>. Bidirectional and GoBackwards layers
    /// need the whole sequence, so a model with one must set this to false (else LSTMGEN018).
    /// </summary>
    public bool Streaming { get; set; } = true;
}

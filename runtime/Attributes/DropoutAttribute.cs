using System;

namespace LstmGen;

/// <summary>Dropout: the identity in the generated model (inference), active with this <see cref="Rate"/> when <c>Trainer</c> trains the model
/// (inverted scaling). Holds no weights. The rate must be in [0, 1) (LSTMGEN019) and is part of the model's <c>Architecture</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>The training-time drop rate; not used at inference.</summary>
    public double Rate { get; set; }
}

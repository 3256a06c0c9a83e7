using System;

namespace LstmGen;

/// <summary>Dropout: accepted so a model reads like its training definition, and ignored (inference only). Holds no weights.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DropoutAttribute : Attribute
{
    /// <summary>The training-time drop rate; not used at inference.</summary>
    public double Rate { get; set; }
}

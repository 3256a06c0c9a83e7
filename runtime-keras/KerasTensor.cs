using System.Collections.Generic;

namespace LstmGen;

/// <summary>One weight tensor of a Keras layer, converted to float32, row-major.</summary>
public sealed class KerasTensor
{
    internal KerasTensor(string name, string datasetPath, int[] shape, float[] data)
    {
        Name = name;
        DatasetPath = datasetPath;
        Shape = shape;
        Data = data;
    }

    /// <summary>
    /// The weight's name: Keras 2's entry in <c>weight_names</c> (e.g. <c>dense_1/kernel:0</c>); for Keras 3 the
    /// dataset's path below the layer group (e.g. <c>vars/0</c>, <c>cell/vars/1</c>).
    /// </summary>
    public string Name { get; }

    /// <summary>The full HDF5 path of the dataset.</summary>
    public string DatasetPath { get; }

    /// <summary>The dataset's dimensions, outermost first (Keras kernels are [inputs, outputs]).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>The elements, row-major.</summary>
    public float[] Data { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}

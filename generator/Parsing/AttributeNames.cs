namespace LstmGen.Generator;

/// <summary>Metadata names of the attributes the generator reads (all in runtime/Attributes).</summary>
internal static class AttributeNames
{
    public const string LstmLayer = "LstmGen.LstmLayerAttribute";
    public const string LstmModel = "LstmGen.LstmModelAttribute";

    /// <summary>The layer attributes of an [LstmModel] class, with the kind of weighted layer each adds (none for Dropout).</summary>
    public static readonly (string Name, ModelLayerKind? Kind)[] ModelLayers =
    {
        ("LstmGen.LstmAttribute", ModelLayerKind.Lstm),
        ("LstmGen.GruAttribute", ModelLayerKind.Gru),
        ("LstmGen.DenseAttribute", ModelLayerKind.Dense),
        ("LstmGen.DropoutAttribute", null),
    };
}

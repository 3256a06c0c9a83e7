namespace LstmGen.Generator;

/// <summary>Metadata names of the attributes the generator reads (all in runtime/Attributes).</summary>
internal static class AttributeNames
{
    public const string LstmLayer = "LstmGen.LstmLayerAttribute";
    public const string LstmModel = "LstmGen.LstmModelAttribute";
    public const string Lstm = "LstmGen.LstmAttribute";
    public const string Gru = "LstmGen.GruAttribute";
    public const string Dense = "LstmGen.DenseAttribute";
    public const string Dropout = "LstmGen.DropoutAttribute";

    /// <summary>The layer attributes of an [LstmModel] class.</summary>
    public static readonly string[] ModelLayers = { Lstm, Gru, Dense, Dropout };
}

namespace LstmGen.Tests;

/// <summary>Sources on which the generator once threw or emitted code that did not compile, found by <see cref="GeneratorPropertyTests"/>.</summary>
[Trait("Category", "GeneratorProperties")]
public sealed class GeneratorRegressionTests
{
    [Theory]
    // A keyword in the namespace: the hint name must not carry its '@' (the generator threw ArgumentException).
    [InlineData("namespace @class.x { [LstmLayer(Input = 3, Units = 3, Steps = 5)] public partial class M { } }")]
    [InlineData("namespace @class.x { [LstmModel(Input = 3, Steps = 5)] [Lstm(Units = 3)] public partial class M { } }")]
    // A class named by a keyword: declared as @class in the generated code too.
    [InlineData("[LstmLayer(Input = 3, Units = 3)] public partial class @class { }")]
    [InlineData("[LstmModel(Input = 3, Steps = 5)] [Dense(Units = 3)] public partial class @event { }")]
    // A user method named like a private generated one, with other parameters: an overload, not a clash.
    [InlineData("[LstmLayer(Input = 3, Units = 3)] public partial class L { public void Run() { } }")]
    public void GeneratedCodeCompiles(string declaration)
    {
        int files = GeneratorPropertyTests.CheckProgram(new[] { "using LstmGen;\n" + declaration });
        Assert.Equal(1, files);
    }

    // Two classes whose names differ only in case: valid C#, but Roslyn compares hint names ignoring case (the generator
    // threw on the second "l.LstmLayer.g.cs"). Both compile, each in a file of its own.
    [Theory]
    [InlineData("[LstmLayer(Input = 3, Units = 3)] public partial class L { }", "[LstmLayer(Input = 2, Units = 4)] public partial class l { }",
        "L.LstmLayer.g.cs", "l.LstmLayer.2.g.cs")]
    [InlineData("namespace N.A { [LstmModel(Input = 3, Steps = 5)] [Lstm(Units = 3)] public partial class M { } }",
        "namespace N.a { [LstmModel(Input = 3, Steps = 5)] [Dense(Units = 2)] public partial class M { } }",
        "N.A.M.LstmModel.g.cs", "N.a.M.LstmModel.2.g.cs")]
    public void NamesakesIgnoringCaseGetFilesOfTheirOwn(string first, string second, string firstHint, string secondHint)
    {
        Assert.Equal(2, GeneratorPropertyTests.CheckProgram(new[] { "using LstmGen;\n" + first, "using LstmGen;\n" + second }));
        // The order of the files does not decide which class keeps the plain name.
        var hints = GeneratorHarness.Run("using LstmGen;\n" + second, "using LstmGen;\n" + first).Result.GeneratedSources.Select(s => s.HintName);
        Assert.Equal(new[] { firstHint, secondHint }, hints.Order(StringComparer.Ordinal));
    }

    // A record and a class of one name, both with [LstmLayer] (the compiler's CS0101; the record's [LstmModel] is refused
    // beside [LstmLayer]): two files named alike made the generator throw (found with CsCheck seed 7BeD7Pn8hxI1).
    [Fact]
    public void RecordBesideClassOfTheSameNameGetFilesOfTheirOwn()
    {
        string[] sources =
        {
            "using LstmGen;\n[LstmModel(Input = 3, Steps = 5)] [Lstm(Units = 3)] [LstmLayer(Input = 3, Units = 3)] public partial record L;",
            "using LstmGen;\n[LstmLayer(Input = 2, Units = 2)] public partial class L { }",
        };
        Assert.Equal(2, GeneratorPropertyTests.CheckProgram(sources));
        var hints = GeneratorHarness.Run(sources).Result.GeneratedSources.Select(s => s.HintName);
        Assert.Equal(new[] { "L.LstmLayer.2.g.cs", "L.LstmLayer.g.cs" }, hints.Order(StringComparer.Ordinal));
    }

    // A class whose name is still missing (typing): nothing is generated for it (the generator emitted 'partial class  :').
    [Fact]
    public void NamelessClassGetsNoSource() =>
        Assert.Equal(0, GeneratorPropertyTests.CheckProgram(new[] { "using LstmGen;\n[LstmLayer(Input = 3, Units = 3)] public partial class \"L { }" }));

    // A namespace whose name is still missing (typing): the compiler names it "", and the generator emitted 'namespace ;'
    // (found with CsCheck seed auPpvh1qYAT1). Nothing is generated for its classes.
    [Fact]
    public void ClassInNamelessNamespaceGetsNoSource() =>
        Assert.Equal(0, GeneratorPropertyTests.CheckProgram(new[] { "using LstmGen;\nnamespace, System { [LstmLayer(Input = 1, Units = 2, Steps = 6)] public partial class L { } }" }));
}

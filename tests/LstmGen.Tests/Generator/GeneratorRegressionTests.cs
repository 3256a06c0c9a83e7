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

    // A class whose name is still missing (typing): nothing is generated for it (the generator emitted 'partial class  :').
    [Fact]
    public void NamelessClassGetsNoSource() =>
        Assert.Equal(0, GeneratorPropertyTests.CheckProgram(new[] { "using LstmGen;\n[LstmLayer(Input = 3, Units = 3)] public partial class \"L { }" }));
}

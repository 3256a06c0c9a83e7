// Fashion-MNIST end to end with LstmGen: train the classifier, run it with generated kernels, sweep Units.
// From the repository root:  dotnet run -c Release --project samples/FashionMnist -- train   (README.md has the rest)
using System;
using System.IO;
using FashionMnistSample;
using LstmGen.Samples;
using Spectre.Console;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    Console.Error.WriteLine(Options.Usage);
    return 2;
}

try
{
    return options.Command == "train" ? TrainCommand.Run(options) : SweepCommand.Run(options, args);
}
catch (FileNotFoundException e) when (!options.DataDirectoryGiven)
{
    Console.Error.WriteLine($"error: Fashion-MNIST is not installed ({e.Message})");
    Console.Error.WriteLine($"Install Debian's package:  sudo apt-get install {FashionMnist.DebianPackage}");
    Console.Error.WriteLine("or pass --data DIR, a folder with the IDX files (the repository's 1,000-image slice:");
    Console.Error.WriteLine("--data samples/Shared/fashion-mnist-slice).");
    return 3;
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException or ArgumentException)
{
    AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
    return 1;
}

using System;
using Spectre.Console;

namespace LstmGen.Tool;

internal static class Program
{
    private static int Main(string[] args) => Cli.Run(args, AnsiConsole.Console, Console.Error);
}

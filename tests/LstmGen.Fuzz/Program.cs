using System;
using System.IO;
using System.Linq;
using LstmGen.Tests;
using SharpFuzz;

// Usage: LstmGen.Fuzz <loader>                      (under afl-fuzz: reads inputs from AFL's shared memory)
//        LstmGen.Fuzz <loader> --replay <file>...  (runs files once, outside AFL: to reproduce a finding)
if (args.Length == 0 || !FuzzTargets.Loaders.ContainsKey(args[0]))
{
    Console.Error.WriteLine($"usage: LstmGen.Fuzz <{string.Join("|", FuzzTargets.Loaders.Keys)}> [--replay file...]");
    return 2;
}
string loader = args[0];

if (args.Length > 1 && args[1] == "--replay")
{
    int failed = 0;
    foreach (var path in args.Skip(2))
    {
        try
        {
            FuzzTargets.Run(loader, File.ReadAllBytes(path));
            Console.WriteLine($"ok    {path}");
        }
        catch (Exception e)
        {
            failed++;
            Console.WriteLine($"FAIL  {path}\n{e}");
        }
    }
    return failed == 0 ? 0 : 1;
}

// Instrumented code (the loaders) must not run before this call: it sets up AFL's coverage map.
Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    FuzzTargets.Run(loader, buffer.ToArray());
});
return 0;

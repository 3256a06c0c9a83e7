using System;
using System.Reflection.Emit;

namespace LstmGen.JitProbe;

/// <summary>
/// Two methods of known IL size on either side of the JIT's MinOpts threshold (more than 20,000 IL
/// instructions, DEFAULT_MIN_OPTS_INSTR_COUNT in src/coreclr/jit/jitconfigvalues.h; on .NET 10.0 a
/// chain of 20,000 compiles as FullOpts and one of 20,002 as MinOpts). JitTests asserts that the one
/// above is reported as MinOpts and the one below is not, which proves that the summary parsing can
/// see a fallback at all, and that the limit is where the generator's design assumes it is.
/// </summary>
/// <remarks>
/// The bodies are a chain of <c>ldc.i4.3; xor</c>: one basic block, no locals, one byte per
/// instruction, so only the instruction count can trip a limit (IL bytes stay under 60,000 and there
/// are no local references or extra blocks).
/// </remarks>
internal static class JitControls
{
    public const string AboveLimitName = "JitControlAboveMinOptsLimit";
    public const string BelowLimitName = "JitControlBelowMinOptsLimit";
    public const int AboveLimitInstructions = 21_000;
    public const int BelowLimitInstructions = 19_000;

    /// <summary>Builds and calls both controls, so the JIT compiles them; returns a value to print.</summary>
    public static int Run() =>
        Build(AboveLimitName, AboveLimitInstructions)(1) ^ Build(BelowLimitName, BelowLimitInstructions)(2);

    private static Func<int, int> Build(string name, int instructions)
    {
        var method = new DynamicMethod(name, typeof(int), new[] { typeof(int) }, typeof(JitControls).Module);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);                        // 1 instruction
        for (int k = 0; k < (instructions - 2) / 2; k++) // 2 per pair
        {
            il.Emit(OpCodes.Ldc_I4_3);
            il.Emit(OpCodes.Xor);
        }
        il.Emit(OpCodes.Ret);                            // 1 instruction
        return method.CreateDelegate<Func<int, int>>();
    }
}

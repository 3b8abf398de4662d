using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Benchmarks;

/// <summary>
/// Where a verified compile's extra processor time goes, measured on one thread (CLOCK_THREAD_CPUTIME_ID, so
/// other threads and machine load do not count): Emit of a fresh compilation alone; the semantic verifier
/// first and Emit after it on another fresh copy (they share the compilation's declaration work); the syntax
/// pass; the IL scan. Net = verifier + Emit-after-verifier − Emit-alone + syntax + scan.
/// </summary>
internal static class VerificationCostBreakdown
{
    public static void Print(CellCompiler compiler, IReadOnlyList<string> cells, int repetitions, Func<string, string> shorten)
    {
        var verifier = new CellVerifier(AllowList.Default);
        var scanner = new IlScanner(AllowList.Default);
        Console.WriteLine("Processor time of one thread per cell (ms, mean of " + repetitions + "): where verification's cost goes");
        Console.WriteLine($"{"cell",-58} {"emit",6} {"verify",7} {"emit'",6} {"syntax",7} {"scan",6} {"net",6} {"net/emit",9}");
        foreach (var code in cells)
        {
            double emit = 0, verify = 0, emitAfter = 0, syntax = 0, scan = 0;
            for (var i = -10; i < repetitions; i++)
            {
                var template = compiler.Compile(code, null, trusted: true).Compilation;
                var tree = template.SyntaxTrees.Single();
                var alone = template.WithAssemblyName(template.AssemblyName + "-a");
                var paired = template.WithAssemblyName(template.AssemblyName + "-b");
                var t0 = ThreadMilliseconds();
                var image = EmitImage(alone);
                var t1 = ThreadMilliseconds();
                verifier.VerifySemantics(paired, tree);
                var t2 = ThreadMilliseconds();
                EmitImage(paired);
                var t3 = ThreadMilliseconds();
                CellVerifier.CheckSyntax(tree);
                var t4 = ThreadMilliseconds();
                scanner.Scan(image);
                var t5 = ThreadMilliseconds();
                if (i < 0) continue;
                emit += t1 - t0; verify += t2 - t1; emitAfter += t3 - t2; syntax += t4 - t3; scan += t5 - t4;
            }
            double n = repetitions, net = (verify + emitAfter - emit + syntax + scan) / n;
            Console.WriteLine($"{shorten(code),-58} {emit / n,6:F2} {verify / n,7:F2} {emitAfter / n,6:F2} {syntax / n,7:F2} {scan / n,6:F2} {net,6:F2} {net / (emit / n),9:P0}");
        }
        Console.WriteLine("(emit' = Emit after the verifier; the verifier's binding of the cell's top-level code is not shared with Emit's)");
        Console.WriteLine();
    }

    private static byte[] EmitImage(Compilation compilation)
    {
        using var pe = new MemoryStream();
        using var pdb = new MemoryStream();
        compilation.Emit(pe, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        return pe.ToArray();
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out TimeSpec time);

    private const int ThreadCpuClock = 3;   // CLOCK_THREAD_CPUTIME_ID

    private static double ThreadMilliseconds()
    {
        _ = clock_gettime(ThreadCpuClock, out var time);
        return time.Seconds * 1e3 + time.Nanoseconds / 1e6;
    }
}

// Benchmark commands: `dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- <name> [options]`.
// Each command prints a table; nothing here asserts timings.
using PrivateEnv.Benchmarks;

var commands = new Dictionary<string, Func<string[], int>>
{
    ["sandbox"] = SandboxBenchmark.Run,
};

if (args.Length == 0 || !commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"Usage: PrivateEnv.Benchmarks <{string.Join("|", commands.Keys)}> [options]");
    return 2;
}
return command(args[1..]);

// Benchmark commands: `dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- <name> [options]`.
// Each command prints a table; nothing here asserts timings.
using PrivateEnv.Benchmarks;

var commands = new SortedDictionary<string, (string Description, Func<string[], int> Run)>(StringComparer.OrdinalIgnoreCase)
{
    ["dataframe"] = ("PrivateDataFrame: Describe over 1M×8, DP Mean over 10M vs a plain loop", DataFrameBenchmark.Run),
    ["dpsgd"] = ("DP-SGD vs non-private epoch time, memory, accuracy and ε for the seed CNN on Fashion-MNIST [--epochs N] [--json]", DpSgdBenchmark.Run),
    ["sandbox"] = ("Cell round trip on a warm session, verification cost, worker memory over many cells", SandboxBenchmark.Run),
};
foreach (var type in typeof(IBenchmarkCommand).Assembly.GetTypes()
             .Where(t => typeof(IBenchmarkCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }))
{
    var command = (IBenchmarkCommand)Activator.CreateInstance(type)!;
    commands[command.Name] = (command.Description, rest => RunTableCommand(command, rest));
}

if (args.Length == 0 || !commands.TryGetValue(args[0], out var chosen))
{
    Console.Error.WriteLine(args.Length == 0 ? "Name a benchmark command." : $"Unknown benchmark '{args[0]}'.");
    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- <command> [--json] [options]");
    foreach (var (name, (description, _)) in commands) Console.Error.WriteLine($"  {name,-12} {description}");
    return 2;
}
return chosen.Run(args[1..]);

static int RunTableCommand(IBenchmarkCommand command, string[] args)
{
    var json = args.Contains("--json");
    var repetitions = 5;
    var index = Array.IndexOf(args, "--repetitions");
    if (index >= 0 && (index + 1 >= args.Length || !int.TryParse(args[index + 1], out repetitions) || repetitions < 1))
    {
        Console.Error.WriteLine("--repetitions needs a positive integer.");
        return 2;
    }
    var table = command.Run(new BenchmarkOptions(json, repetitions));
    Console.WriteLine(json ? table.ToJson() : table.ToText());
    return 0;
}

using PrivateEnv.Benchmarks;

var commands = typeof(IBenchmarkCommand).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmarkCommand)Activator.CreateInstance(t)!)
    .OrderBy(c => c.Name)
    .ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

var json = args.Contains("--json");
var repetitions = 5;
var repetitionIndex = Array.IndexOf(args, "--repetitions");
if (repetitionIndex >= 0 && (repetitionIndex + 1 >= args.Length || !int.TryParse(args[repetitionIndex + 1], out repetitions) || repetitions < 1))
{
    Console.Error.WriteLine("--repetitions needs a positive integer.");
    return 2;
}
var name = args.FirstOrDefault(a => !a.StartsWith("--") && (repetitionIndex < 0 || a != args[repetitionIndex + 1]));
if (name is null || !commands.TryGetValue(name, out var command))
{
    Console.Error.WriteLine(name is null ? "Name a benchmark command." : $"Unknown benchmark '{name}'.");
    Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- <command> [--json] [--repetitions N]");
    foreach (var c in commands.Values) Console.Error.WriteLine($"  {c.Name,-12} {c.Description}");
    return 2;
}
var table = command.Run(new BenchmarkOptions(json, repetitions));
Console.WriteLine(json ? table.ToJson() : table.ToText());
return 0;

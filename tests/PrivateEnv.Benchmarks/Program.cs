namespace PrivateEnv.Benchmarks;

/// <summary>Benchmarks are commands that print tables: `dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- NAME [options]`.</summary>
public static class Program
{
    private static readonly Dictionary<string, (Func<string[], int> Run, string Description)> Commands = new()
    {
        ["dpsgd"] = (DpSgdBenchmark.Run, "DP-SGD vs non-private epoch time, memory, accuracy and ε for the seed CNN on Fashion-MNIST [--epochs N] [--json]"),
    };

    public static int Main(string[] args)
    {
        if (args.Length == 0 || !Commands.TryGetValue(args[0], out var command))
        {
            Console.Error.WriteLine("Usage: dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- <name> [options]");
            foreach (var (name, (_, description)) in Commands) Console.Error.WriteLine($"  {name,-10} {description}");
            return args.Length == 0 ? 2 : 1;
        }
        return command.Run(args[1..]);
    }
}

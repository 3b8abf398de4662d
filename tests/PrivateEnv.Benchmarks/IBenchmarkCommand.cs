namespace PrivateEnv.Benchmarks;

/// <summary>
/// One benchmark command: `dotnet run -c Release --project tests/PrivateEnv.Benchmarks -- &lt;Name&gt; [--json]`.
/// Add a command by adding a class that implements this interface (one file per command); the
/// dispatcher finds it by reflection.
/// </summary>
public interface IBenchmarkCommand
{
    string Name { get; }
    string Description { get; }
    BenchmarkTable Run(BenchmarkOptions options);
}

public sealed record BenchmarkOptions(bool Json, int Repetitions);

using System.CommandLine;

namespace PrivateEnv.Cli;

/// <summary>Connection options shared by commands; environment variables give the defaults.</summary>
internal static class CommonOptions
{
    public static Option<string> Url() => new("--url")
    {
        Description = "Server URL (default: $PRIVATEENV_URL or http://127.0.0.1:50051)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PRIVATEENV_URL") ?? "http://127.0.0.1:50051",
    };

    public static Option<string> ApiKey() => new("--api-key")
    {
        Description = "API key (default: $PRIVATEENV_API_KEY)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PRIVATEENV_API_KEY") ?? "",
    };

    public static Option<string[]> Datasets() => new("--dataset")
    {
        Description = "Dataset to open (repeatable; default: $PRIVATEENV_DATASET or patients)",
        DefaultValueFactory = _ => [Environment.GetEnvironmentVariable("PRIVATEENV_DATASET") ?? "patients"],
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one JSON object instead of text" };
}

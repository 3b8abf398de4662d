using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Connection;
using Microsoft.DotNet.Interactive.Directives;

namespace PrivateEnv.Interactive;

/// <summary><c>#!connect privateenv --kernel-name NAME [--url URL] [--api-key KEY] [--dataset A,B]</c>, bound from the directive's options.</summary>
public sealed class ConnectPrivateEnv(string connectedKernelName) : ConnectKernelCommand(connectedKernelName)
{
    public string? Url { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>One dataset name, or several separated by commas.</summary>
    public string? Dataset { get; set; }

    /// <summary>Connecting again under the name of an earlier private kernel reconnects that kernel (as <c>#!private connect</c> does in Jupyter).</summary>
    public override IEnumerable<string> GetValidationErrors(CompositeKernel kernel) =>
        kernel.FindKernelByName(ConnectedKernelName) is PrivateKernel ? [] : base.GetValidationErrors(kernel);
}

/// <summary>
/// Opens a session on a PrivateEnv server and adds a <see cref="PrivateKernel"/> for it. Options left out come from
/// PRIVATEENV_URL, PRIVATEENV_API_KEY and PRIVATEENV_DATASET, as in the Jupyter kernel (so a key need not be written into the notebook).
/// </summary>
public sealed class ConnectPrivateEnvDirective : ConnectKernelDirective<ConnectPrivateEnv>
{
    public ConnectPrivateEnvDirective() : base("privateenv", "Connects to a PrivateEnv server: cells of the new kernel run in a private session")
    {
        Parameters.Add(new KernelDirectiveParameter("--url", "The server, e.g. http://127.0.0.1:50051 (default: $PRIVATEENV_URL)"));
        Parameters.Add(new KernelDirectiveParameter("--api-key", "Your API key (default: $PRIVATEENV_API_KEY)"));
        Parameters.Add(new KernelDirectiveParameter("--dataset", "The dataset(s) to open, comma-separated (default: $PRIVATEENV_DATASET)"));
        ConnectedKernelDescription = "PrivateEnv: C# that runs on the server, differentially private results only";
    }

    public override async Task<IEnumerable<Kernel>> ConnectKernelsAsync(ConnectPrivateEnv connect, KernelInvocationContext context)
    {
        var url = Or(connect.Url, "PRIVATEENV_URL");
        var key = Or(connect.ApiKey, "PRIVATEENV_API_KEY");
        var datasets = (Or(connect.Dataset, "PRIVATEENV_DATASET") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (url is null || key is null || datasets.Length == 0)
            throw new ArgumentException("Connect needs a server URL, an API key and a dataset: '#!connect privateenv --kernel-name private --url http://HOST:PORT --api-key KEY --dataset NAME', or set PRIVATEENV_URL, PRIVATEENV_API_KEY and PRIVATEENV_DATASET.");

        var existing = context.HandlingKernel.RootKernel.FindKernelByName(connect.ConnectedKernelName) as PrivateKernel;
        var kernel = existing ?? new PrivateKernel(connect.ConnectedKernelName);
        await kernel.ConnectAsync(url, key, datasets, context);
        if (existing is null) PrivateMagics.AddTo((CompositeKernel)context.HandlingKernel.RootKernel, kernel.Name);
        return existing is null ? [kernel] : [];
    }

    private static string? Or(string? option, string variable) =>
        !string.IsNullOrWhiteSpace(option) ? option : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
}

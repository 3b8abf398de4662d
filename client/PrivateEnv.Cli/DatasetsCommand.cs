using System.CommandLine;

namespace PrivateEnv.Cli;

/// <summary>`privateenv datasets`: what the server offers (schema and public metadata only).</summary>
internal static class DatasetsCommand
{
    public static Command Create()
    {
        var url = CommonOptions.Url();
        var apiKey = CommonOptions.ApiKey();
        var command = new Command("datasets", "List the datasets the server offers this API key (schema and public metadata only).") { url, apiKey };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var datasets = await Client.PrivateEnvClient.ListDatasetsAsync(parse.GetValue(url)!, parse.GetValue(apiKey)!, cancellationToken);
                foreach (var dataset in datasets)
                {
                    Console.WriteLine($"{dataset.Name}: {dataset.Description}" + (dataset.DeclaredRows > 0 ? $" ({dataset.DeclaredRows} rows declared)" : ""));
                    foreach (var column in dataset.Columns)
                    {
                        var detail = column.Kind switch
                        {
                            "numeric" => $"[{column.Lower:G6}, {column.Upper:G6}]",
                            "categorical" => "{" + string.Join(", ", column.Categories) + "}",
                            _ => "",
                        };
                        Console.WriteLine($"  {column.Name,-20} {column.Kind,-12} {detail}");
                    }
                }
                return ExitCodes.Success;
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or ArgumentException or HttpRequestException)
            {
                Console.Error.WriteLine($"privateenv: {(e is Grpc.Core.RpcException r ? r.Status.Detail : e.Message)}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }
}

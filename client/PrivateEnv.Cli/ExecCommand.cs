using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using PrivateEnv.Client;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Cli;

/// <summary>`privateenv exec`: runs one cell in a new session and prints what it released.</summary>
internal static class ExecCommand
{
    public static Command Create()
    {
        var url = CommonOptions.Url();
        var apiKey = CommonOptions.ApiKey();
        var datasets = CommonOptions.Datasets();
        var json = CommonOptions.Json();
        var code = new Option<string?>("--code") { Description = "The cell's C# code" };
        var file = new Option<FileInfo?>("--file") { Description = "A file holding the cell's C# code" };
        var command = new Command("exec", "Run one C# cell on the server in a new session and print its outputs.") { url, apiKey, datasets, code, file, json };
        command.Validators.Add(result =>
        {
            var hasCode = result.GetValue(code) is not null;
            var hasFile = result.GetValue(file) is not null;
            if (hasCode == hasFile) result.AddError("Give exactly one of --code TEXT or --file PATH.");
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            // Checked here, not in a validator: only here is the $PRIVATEENV_API_KEY default applied.
            if (string.IsNullOrEmpty(parse.GetValue(apiKey)))
            {
                Console.Error.WriteLine("privateenv: give --api-key KEY (or set PRIVATEENV_API_KEY); the server prints its demo key at start.");
                return ExitCodes.Usage;
            }
            string source;
            if (parse.GetValue(file) is { } path)
            {
                if (!path.Exists) { Console.Error.WriteLine($"privateenv: no file {path.FullName}"); return ExitCodes.Usage; }
                source = await File.ReadAllTextAsync(path.FullName, cancellationToken);
            }
            else source = parse.GetValue(code)!;
            return await RunAsync(parse.GetValue(url)!, parse.GetValue(apiKey)!, parse.GetValue(datasets)!, source, parse.GetValue(json), cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(string url, string apiKey, string[] datasets, string code, bool json, CancellationToken cancellationToken)
    {
        PrivateEnvSession session;
        try { session = await PrivateEnvClient.ConnectAsync(url, apiKey, datasets, cancellationToken); }
        catch (RpcException e) { return Fail($"could not open a session at {url}: {e.Status.Detail}"); }
        catch (Exception e) when (e is ArgumentException or HttpRequestException) { return Fail(e.Message); }

        await using (session)
        {
            var outputs = new JsonArray();
            CellError? error = null;
            var success = false;
            try
            {
                await foreach (var e in session.ExecuteAsync(code, cancellationToken: cancellationToken))
                {
                    switch (e.KindCase)
                    {
                        case ExecuteEvent.KindOneofCase.Stdout:
                            if (json) outputs.Add(new JsonObject { ["stdout"] = e.Stdout.Text });
                            else Console.Write(e.Stdout.Text);
                            break;
                        case ExecuteEvent.KindOneofCase.Display:
                            var text = e.Display.Text.GetValueOrDefault("text/plain", "");
                            if (json) outputs.Add(new JsonObject { ["display"] = new JsonObject(e.Display.Text.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))) });
                            else Console.WriteLine(text);
                            break;
                        case ExecuteEvent.KindOneofCase.Progress:
                            if (!json) Console.Error.Write($"\r{e.Progress.Label}: {e.Progress.Current:G}/{e.Progress.Total:G} {e.Progress.Message}".PadRight(60) + (e.Progress.Current >= e.Progress.Total ? "\n" : ""));
                            break;
                        case ExecuteEvent.KindOneofCase.Notice:
                            if (json) outputs.Add(new JsonObject { ["notice"] = e.Notice.Text });
                            else Console.Error.WriteLine($"note: {e.Notice.Text}");
                            break;
                        case ExecuteEvent.KindOneofCase.Error:
                            error ??= e.Error;
                            if (!json) Console.Error.WriteLine($"error ({e.Error.Kind.Name()}){(e.Error.Line > 0 ? $" at line {e.Error.Line}" : "")}: {e.Error.Message}");
                            break;
                        case ExecuteEvent.KindOneofCase.Export:
                            if (!json) Console.WriteLine($"export {e.Export.Name} ({TypeOf(e.Export)}) = {Preview(e.Export)}");
                            break;
                        case ExecuteEvent.KindOneofCase.Completed:
                            success = e.Completed.Success;
                            if (!json && e.Completed.HasValueText) Console.WriteLine(e.Completed.ValueText);
                            if (json && e.Completed.HasValueText) outputs.Add(new JsonObject { ["value"] = e.Completed.ValueText });
                            break;
                    }
                }
            }
            catch (RpcException e) { return Fail($"the server ended the cell: {e.Status.Detail}"); }

            var odometer = await session.GetOdometerAsync(cancellationToken);
            if (json)
            {
                var exports = new JsonObject();
                foreach (var name in session.Exports.Names)
                {
                    var raw = session.Exports.Raw(name);
                    var payload = Encoding.UTF8.GetString(raw.Payload.Span);
                    exports[name] = new JsonObject
                    {
                        ["type"] = TypeOf(raw),
                        ["encoding"] = raw.Encoding.Name(),
                        ["value"] = raw.Encoding switch
                        {
                            ValueEncoding.Json => JsonNode.Parse(payload),
                            ValueEncoding.Csv => payload,
                            _ => Convert.ToBase64String(raw.Payload.Span),
                        },
                    };
                }
                var document = new JsonObject
                {
                    ["outputs"] = outputs,
                    ["exports"] = exports,
                    ["error"] = error is null ? null : new JsonObject { ["kind"] = error.Kind.Name(), ["message"] = error.Message, ["line"] = error.Line, ["column"] = error.Column },
                    ["odometer"] = OdometerJson.ToJson(odometer),
                };
                Console.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                Console.Error.WriteLine($"budget: ε {odometer.Session.EpsilonSpent:G4} spent of {odometer.Session.EpsilonTotal:G4}, δ {odometer.Session.DeltaSpent:G3} of {odometer.Session.DeltaTotal:G3}");
            }
            return success && error is null ? ExitCodes.Success : ExitCodes.CellFailed;
        }
    }

    /// <summary>The kind's short name ("double[]", "table", "model"), or a DP result's .NET type name when it has one.</summary>
    private static string TypeOf(ExportValue export) => export.TypeName is { Length: > 0 } name ? name : export.Kind.Name();

    private static string Preview(ExportValue export)
    {
        if (export.Encoding == ValueEncoding.Safetensors) return $"{export.Payload.Length:N0} bytes of safetensors";
        var text = Encoding.UTF8.GetString(export.Payload.Span);
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"privateenv: {message}");
        return ExitCodes.Usage;
    }
}

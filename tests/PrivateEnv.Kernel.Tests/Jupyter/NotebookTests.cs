using System.Text.Json.Nodes;
using PrivateEnv.TestSupport;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>
/// Executes tests/notebooks/private-workflow.ipynb with `jupyter nbconvert --execute` against a real
/// server and checks the saved outputs cell by cell.
/// </summary>
public class NotebookTests
{
    private readonly KernelSpecFixture fixture = KernelSpecFixture.Shared;

    [Fact]
    public async Task Notebook_runs_local_and_remote_cells_against_a_real_server()
    {
        await using var server = await ServerProcess.StartAsync();
        var cells = await ExecuteAsync(server, "tests/notebooks/private-workflow.ipynb", "executed.ipynb", TimeSpan.FromMinutes(5),
            "--config", "tests/notebooks/nbconvert_config.py");

        Assert.Equal("1", Data(cells["local-state"], "execute_result", "text/plain"));
        Assert.Contains("<td>age</td><td>numeric</td>", Data(cells["connect"], "display_data", "text/html"));

        var exported = Stream(cells["remote-export"], "stdout");
        Assert.Contains("released a DP mean", exported);
        Assert.Contains("exported meanAge → local variable double meanAge", exported);
        Assert.Contains("string[] labels", exported);
        Assert.Contains("System.Text.Json.JsonElement summary", exported);
        // Local code reads the exports with their .NET types: a DP mean of ages in [18, 95] lands in (0, 120).
        Assert.Equal("Double True 2 1.5\n", Stream(cells["use-exports"], "stdout"));

        Assert.Contains("imported weights → remote variable double[] weights", Stream(cells["import"], "stdout"));
        Assert.Equal("3 0.5\n", Stream(cells["use-import"], "stdout"));

        // Progress updated in place: one display left, showing the last step.
        var progress = cells["progress"].Where(o => o!["output_type"]!.GetValue<string>() == "display_data").ToList();
        Assert.Single(progress);
        Assert.Equal("steps: 5/5 (100%)", Text(progress[0]!["data"]!["text/plain"]!));
        Assert.Equal("done\n", Stream(cells["progress"], "stdout"));

        Assert.Contains("ε spent 0.5, remaining 2.5 of 3", Data(cells["odometer"], "display_data", "text/plain"));
        Assert.Contains("<table class=\"privateenv-odometer\">", Data(cells["odometer"], "display_data", "text/html"));

        Assert.Equal("BudgetExceeded", Error(cells["budget-error"])["ename"]!.GetValue<string>());
        Assert.Contains("Budget exceeded", Error(cells["budget-error"])["evalue"]!.GetValue<string>());
        Assert.Equal("FormatException", Error(cells["local-error"])["ename"]!.GetValue<string>());

        // nbconvert interrupted the endless remote loop after 5 s (interrupt_request on control);
        // the server confirms and the session keeps working.
        Assert.Equal("KeyboardInterrupt", Error(cells["interrupt"])["ename"]!.GetValue<string>());
        Assert.Contains("interrupted", Error(cells["interrupt"])["evalue"]!.GetValue<string>());
        Assert.Equal("still connected\n", Stream(cells["after-interrupt"], "stdout"));
        Assert.Contains("Session closed. Spent ε=0.5 of 3", Stream(cells["close"], "stdout"));
    }

    /// <summary>The sample notebook, run top to bottom as a new user would, against a server on its embedded defaults (demo data).</summary>
    [Fact]
    public async Task Sample_notebook_runs_top_to_bottom_against_the_demo_server()
    {
        await using var server = await ServerProcess.StartAsync();
        var cells = await ExecuteAsync(server, Path.Combine(RepoLayout.Root, "samples", "private-analysis.ipynb"), "sample-executed.ipynb", TimeSpan.FromMinutes(8));
        // Only the cell that demonstrates a refusal fails.
        Assert.Equal(["budget-refusal"], cells.Where(c => c.Value.Any(o => o!["output_type"]!.GetValue<string>() == "error")).Select(c => c.Key));
        Assert.Equal("BudgetExceeded", Error(cells["budget-refusal"])["ename"]!.GetValue<string>());

        Assert.Contains("<td>diagnosis</td>", Data(cells["connect"], "display_data", "text/html"));
        Assert.Contains("patients, mean age ≈", Stream(cells["stats"], "stdout"));
        var histogram = Data(cells["histogram"], "display_data", "text/html");
        Assert.Contains("<svg", histogram);
        Assert.Contains("<td>heart_disease</td>", histogram);
        Assert.StartsWith("<svg", Data(cells["local-chart"], "display_data", "image/svg+xml"));
        Assert.Contains("the server received 4 band edges: 18, 40, 65, 95", Stream(cells["use-bands"], "stdout"));

        var training = Stream(cells["dpsgd"], "stdout");
        Assert.Contains("ε = ", training);
        Assert.Contains("exported dpModel → local variable PrivateEnv.Portable.PortableModel dpModel", training);
        // The cell shows a progress bar (updated in place) and then the history.
        var history = Assert.Single(Displays(cells["dpsgd"], "text/html"), html => html.Contains("DP-SGD:"));
        Assert.Contains("<svg", history);
        Assert.Contains("DP-SGD: 150 steps, noise multiplier 2", history);   // n̂ = 7,500 given, batch 200, 4 epochs
        // Held-out evaluation: the DP metrics table, then the confusion matrix drawn as a heat map above its table.
        var evaluation = Displays(cells["evaluate"], "text/html").ToList();
        Assert.Equal(2, evaluation.Count);
        Assert.Contains("<th>accuracy</th>", evaluation[0]);
        Assert.Contains("<svg", evaluation[1]);
        Assert.Contains("<td>heart_disease</td>", evaluation[1]);
        var predictions = Stream(cells["use-model"], "stdout").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, predictions.Length);
        Assert.All(predictions, p => Assert.Contains(p, new[] { "healthy", "hypertension", "diabetes", "heart_disease" }));

        Assert.StartsWith("<svg", Data(cells["pretrain"], "display_data", "image/svg+xml"));
        Assert.Contains("imported pretrained → remote variable PrivateEnv.Learning.ModelExport pretrained", Stream(cells["import-model"], "stdout"));
        var tuned = Stream(cells["finetune"], "stdout");
        Assert.Contains("DP-SGD: 75 steps, noise multiplier 2", tuned);
        Assert.Contains("exported tunedModel", tuned);

        Assert.Contains("remaining", Data(cells["odometer"], "display_data", "text/plain"));
        Assert.Contains("Session closed.", Stream(cells["close"], "stdout"));
    }

    private static string Text(JsonNode node) =>
        node is JsonArray lines ? string.Concat(lines.Select(l => l!.GetValue<string>())) : node.GetValue<string>();

    /// <summary>Runs a notebook with `jupyter nbconvert --execute` on the privateenv kernel against the server; returns each code cell's outputs by cell id.</summary>
    private async Task<Dictionary<string, JsonArray>> ExecuteAsync(ServerProcess server, string notebook, string outputName, TimeSpan timeout, params string[] extraArguments)
    {
        var output = Path.Combine(fixture.Prefix, outputName);
        var environment = fixture.Environment(new Dictionary<string, string>
        {
            ["PRIVATEENV_URL"] = server.Url,
            ["PRIVATEENV_API_KEY"] = server.ApiKey,
            ["PRIVATEENV_DATASET"] = "patients",
        });
        var run = await ProcessRunner.RunAsync("/usr/bin/jupyter", [
            "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=privateenv",
            .. extraArguments, "--output", output, notebook,
        ], environment, timeout);
        Assert.True(run.ExitCode == 0, run.Describe() + "\n--- server ---\n" + server.Log);
        return JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray()
            .Where(c => c!["cell_type"]!.GetValue<string>() == "code")
            .ToDictionary(c => c!["id"]!.GetValue<string>(), c => c!["outputs"]!.AsArray());
    }

    private static IEnumerable<string> Displays(JsonArray outputs, string mime) => outputs
        .Where(o => o!["output_type"]!.GetValue<string>() == "display_data" && o["data"]![mime] is not null)
        .Select(o => Text(o!["data"]![mime]!));

    private static string Data(JsonArray outputs, string type, string mime) =>
        Text(outputs.Single(o => o!["output_type"]!.GetValue<string>() == type)!["data"]![mime]!);

    private static string Stream(JsonArray outputs, string name) => string.Concat(outputs
        .Where(o => o!["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == name)
        .Select(o => Text(o!["text"]!)));

    private static JsonNode Error(JsonArray outputs) => outputs.Single(o => o!["output_type"]!.GetValue<string>() == "error")!;
}

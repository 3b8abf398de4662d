using System.Text.Json.Nodes;
using PrivateEnv.Kernel.Protocol;

namespace PrivateEnv.Kernel;

/// <summary>Where one execute request's outputs go: IOPub messages parented to that request.</summary>
/// <remarks>A silent request (silent=true) publishes nothing, as the protocol asks.</remarks>
public sealed class CellOutput(IopubChannel iopub, JupyterMessage request, int executionCount, bool silent = false)
{
    private readonly HashSet<string> shownDisplayIds = new(StringComparer.Ordinal);

    public int ExecutionCount => executionCount;
    public bool ErrorShown { get; private set; }

    public void Stream(string name, string text)
    {
        if (text.Length == 0 || silent) return;
        iopub.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);
    }

    /// <summary>
    /// Shows a MIME bundle. With a display id the first call creates the output and later calls
    /// replace it in place (update_display_data), which is how progress bars and live charts update.
    /// </summary>
    public void Display(JsonObject data, string? displayId = null, JsonObject? metadata = null)
    {
        if (silent) return;
        var content = new JsonObject { ["data"] = data, ["metadata"] = metadata ?? new JsonObject() };
        if (string.IsNullOrEmpty(displayId))
        {
            content["transient"] = new JsonObject();
            iopub.Publish("display_data", content, request);
            return;
        }
        content["transient"] = new JsonObject { ["display_id"] = displayId };
        iopub.Publish(shownDisplayIds.Add(displayId) ? "display_data" : "update_display_data", content, request);
    }

    public void Result(JsonObject data)
    {
        if (!silent) iopub.Publish("execute_result", new JsonObject
        {
            ["execution_count"] = executionCount,
            ["data"] = data,
            ["metadata"] = new JsonObject(),
        }, request);
    }

    public void Error(string name, string value, IEnumerable<string> traceback)
    {
        ErrorShown = true;
        if (!silent) iopub.Publish("error", ErrorContent(name, value, traceback), request);
    }

    public static JsonObject ErrorContent(string name, string value, IEnumerable<string> traceback) => new()
    {
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)t).ToArray()),
    };
}

/// <summary>How a cell ended, for the execute_reply.</summary>
public sealed record CellOutcome(bool Success, string ErrorName = "", string ErrorValue = "", IReadOnlyList<string>? Traceback = null)
{
    public static readonly CellOutcome Ok = new(true);

    public static CellOutcome Failed(string name, string value, params string[] traceback) => new(false, name, value, traceback.Length == 0 ? [$"{name}: {value}"] : traceback);
}

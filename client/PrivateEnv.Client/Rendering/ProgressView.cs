using System.Globalization;
using System.Text.Json.Nodes;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Client.Rendering;

/// <summary>A progress bar bundle (HTML &lt;progress&gt; plus a text line), updated in place by display id.</summary>
public static class ProgressView
{
    public static JsonObject Bundle(Progress progress)
    {
        var fraction = progress.Total > 0 ? Math.Clamp(progress.Current / progress.Total, 0, 1) : 0;
        var percent = (fraction * 100).ToString("F0", CultureInfo.InvariantCulture);
        var counts = $"{progress.Current.ToString("G", CultureInfo.InvariantCulture)}/{progress.Total.ToString("G", CultureInfo.InvariantCulture)}";
        var label = string.IsNullOrEmpty(progress.Label) ? progress.Id : progress.Label;
        var suffix = string.IsNullOrEmpty(progress.Message) ? "" : " " + progress.Message;
        return new JsonObject
        {
            ["text/plain"] = $"{label}: {counts} ({percent}%){suffix}",
            ["text/html"] = $"<div><span>{Html.Encode(label)}</span> <progress value=\"{fraction.ToString("F4", CultureInfo.InvariantCulture)}\" max=\"1\"></progress> <span>{counts} ({percent}%){Html.Encode(suffix)}</span></div>",
        };
    }
}

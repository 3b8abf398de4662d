using System.Text.Json.Nodes;
using PrivateEnv.Protocol.V1;

namespace PrivateEnv.Cli;

/// <summary>The odometer as JSON, for --json outputs.</summary>
internal static class OdometerJson
{
    public static JsonObject ToJson(Odometer odometer)
    {
        var charges = new JsonArray();
        foreach (var charge in odometer.Charges)
            charges.Add(new JsonObject { ["cell"] = charge.CellId, ["description"] = charge.Description, ["epsilon"] = charge.Epsilon, ["delta"] = charge.Delta, ["event"] = JsonNode.Parse(charge.EventJson) });
        return new JsonObject
        {
            ["epsilon_spent"] = odometer.Session.EpsilonSpent,
            ["epsilon_total"] = odometer.Session.EpsilonTotal,
            ["delta_spent"] = odometer.Session.DeltaSpent,
            ["delta_total"] = odometer.Session.DeltaTotal,
            ["composition"] = odometer.Session.Composition,
            ["charges"] = charges,
        };
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PrivateEnv.Interactive.Tests;

/// <summary>
/// PrivateEnv in Polyglot Notebooks without the Jupyter kernel: the PrivateEnv.Interactive package loaded into the pinned
/// dotnet-interactive, `#!connect privateenv`, `#!private` cells on a real server, values across kernels, the magics and an
/// interrupt. Each test leaves the kernel connected, so they may run in any order.
/// </summary>
public partial class PrivateKernelTests(PolyglotSession session) : IClassFixture<PolyglotSession>
{
    [Fact]
    public async Task A_private_cell_returns_a_DP_mean_that_a_CSharp_cell_uses_through_set()
    {
        var remote = await session.Polyglot.SubmitAsync("#!private\nvar m = patients[\"age\"].Mean(eps: 0.5);\nPrint(m > 18 && m < 95);\nExport(m, \"meanAge\");");
        Assert.True(remote.Succeeded, remote.Text);
        Assert.Contains("true", remote.Text);
        Assert.Contains("exported meanAge (double)", remote.Text);

        var local = await session.Polyglot.SubmitAsync("#!set --name m --value @private:meanAge\n$\"{m.GetType().Name} {m > 18 && m < 95}\"", "csharp");
        Assert.True(local.Succeeded, local.Text);
        Assert.Contains("Double True", local.Text);
    }

    [Fact]
    public async Task Displays_stream_into_the_cell_and_shared_exports_keep_their_dotnet_types()
    {
        var remote = await session.Polyglot.SubmitAsync(
            "#!private\nvar ages = patients[\"age\"].Histogram(5, eps: 0.2);\nDisplay(ages);\nExport(ages, \"ages\");\nExport(new[] { 1.5, 2.5 }, \"pair\");");
        Assert.True(remote.Succeeded, remote.Text);
        var display = Assert.Single(remote.Events, e => Type(e) == "DisplayedValueProduced" && MimeTypes(e).Contains("text/html"));
        Assert.Contains("image/svg+xml", MimeTypes(display));   // the histogram's chart, as the server rendered it

        var shared = await session.Polyglot.SubmitAsync("#!share --from private pair\n#!share --from private ages\n$\"{pair.GetType().Name} {pair.Sum()} {ages.GetType().FullName}\"", "csharp");
        Assert.True(shared.Succeeded, shared.Text);
        Assert.Contains("Double[] 4 PrivateEnv.Portable.PortableTable", shared.Text);

        var byReference = await session.Polyglot.SubmitAsync("#!set --name again --value @private:pair --byref\nagain.Length", "csharp");
        Assert.True(byReference.Succeeded, byReference.Text);
        Assert.Contains("2", byReference.Text);
    }

    [Fact]
    public async Task Local_values_go_into_the_session_by_magic_and_by_share()
    {
        Assert.True((await session.Polyglot.SubmitAsync("var bands = new List<double> { 18, 40, 65 };", "csharp")).Succeeded);

        var magic = await session.Polyglot.SubmitAsync("#!private-import bands");
        Assert.True(magic.Succeeded, magic.Text);
        Assert.Contains("imported bands → remote variable double[] bands", magic.Text);
        var share = await session.Polyglot.SubmitAsync("#!private\n#!share --from csharp bands --as moreBands");
        Assert.True(share.Succeeded, share.Text);
        Assert.Contains("imported moreBands → remote variable double[] moreBands", share.Text);

        var sum = await session.Polyglot.SubmitAsync("#!private\nPrint(bands.Sum() + moreBands.Sum());");
        Assert.True(sum.Succeeded, sum.Text);
        Assert.Contains("246", sum.Text);

        var missing = await session.Polyglot.SubmitAsync("#!private-import noSuchValue");
        Assert.False(missing.Succeeded);
        Assert.Contains("NameError", missing.Text);
    }

    [Fact]
    public async Task A_refused_cell_spends_nothing_and_the_odometer_shows_it()
    {
        var before = await session.Polyglot.SubmitAsync("#!private-odometer");
        Assert.True(before.Succeeded, before.Text);
        Assert.Contains("<table class=\"privateenv-odometer\">", before.Text);

        var refused = await session.Polyglot.SubmitAsync("#!private\nPrint(patients[\"age\"].Mean(eps: 50));");
        Assert.False(refused.Succeeded);
        Assert.Contains("BudgetExceeded", refused.Text);
        Assert.Contains("Budget exceeded: this call needs ε=50", refused.Text);

        var after = await session.Polyglot.SubmitAsync("#!private-odometer");
        Assert.Equal(Spent(before.Text), Spent(after.Text));
    }

    [Fact]
    public async Task An_interrupt_stops_the_remote_cell()
    {
        var cancelled = false;
        var spinning = await session.Polyglot.SubmitAsync("#!private\nProgress(\"spin\", 0, 1);\nwhile (true) { }", timeoutSeconds: 90, onEvent: async e =>
        {
            // Interrupt once the cell is running on the server: its progress bar has arrived.
            if (!cancelled && Type(e) == "DisplayedValueProduced" && MimeTypes(e).Contains("text/html"))
            {
                cancelled = true;
                await session.Polyglot.CancelAsync();
            }
        });
        Assert.True(cancelled, spinning.Text);
        Assert.False(spinning.Succeeded);

        // The server stopped the cell by restarting the session's worker; the next cell runs in the fresh one.
        var next = await session.Polyglot.SubmitAsync("#!private\nPrint(\"after\");", timeoutSeconds: 90);
        Assert.True(next.Succeeded, next.Text);
        Assert.Contains("after", next.Text);
        Assert.Contains("previous worker stopped", next.Text);
    }

    [Fact]
    public async Task Close_ends_the_session_and_connect_opens_a_new_one_under_the_same_name()
    {
        var close = await session.Polyglot.SubmitAsync("#!private-close");
        Assert.True(close.Succeeded, close.Text);
        Assert.Contains("Session closed. Spent ε=", close.Text);

        var closed = await session.Polyglot.SubmitAsync("#!private\nPrint(1);");
        Assert.False(closed.Succeeded);
        Assert.Contains("NotConnected", closed.Text);

        var again = await session.Polyglot.SubmitAsync(session.Connect, timeoutSeconds: 180);
        Assert.True(again.Succeeded, again.Text);
        Assert.Contains("budget ε=3", again.Text);
        Assert.True((await session.Polyglot.SubmitAsync("#!private\nPrint(1);")).Succeeded);
    }

    private static string? Type(JsonNode e) => e["eventType"]?.GetValue<string>();

    private static List<string?> MimeTypes(JsonNode e) =>
        (e["event"]?["formattedValues"] as JsonArray ?? []).Select(v => v?["mimeType"]?.GetValue<string>()).ToList();

    private static double Spent(string odometer) =>
        double.Parse(SpentPattern().Match(odometer) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException(odometer), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"ε spent ([0-9.Ee+-]+)")]
    private static partial Regex SpentPattern();
}

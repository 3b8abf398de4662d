using PrivateEnv.TestSupport;

namespace PrivateEnv.Kernel.Tests.Jupyter;

/// <summary>
/// Polyglot Notebooks through the Jupyter kernel: the kernel behind VS Code's Polyglot extension is dotnet-interactive,
/// driven over its stdio protocol (<see cref="DotnetInteractive"/>): `#!connect jupyter --kernel-name pe --kernel-spec
/// privateenv`, then cells for the `pe` kernel. The native route (the PrivateEnv.Interactive extension) is tested in
/// tests/PrivateEnv.Interactive.Tests.
/// </summary>
public class PolyglotTests
{
    private readonly KernelSpecFixture fixture = KernelSpecFixture.Shared;

    [Fact]
    public async Task Polyglot_connects_to_the_kernel_and_runs_private_cells_exports_and_imports()
    {
        await DotnetInteractive.RestoreToolAsync();
        await using var server = await ServerProcess.StartAsync();
        var environment = fixture.Environment(new Dictionary<string, string>
        {
            ["PRIVATEENV_URL"] = server.Url,
            ["PRIVATEENV_API_KEY"] = server.ApiKey,
            ["PRIVATEENV_DATASET"] = "patients",
        });
        await using var polyglot = DotnetInteractive.Start(environment);

        Assert.Contains("Kernel added: #!pe", (await polyglot.SubmitAsync("#!connect jupyter --kernel-name pe --kernel-spec privateenv", timeoutSeconds: 180)).Text);

        var local = await polyglot.SubmitAsync("var bands = new[] { 18.0, 40.0, 65.0 };\nbands.Length", "pe");
        Assert.True(local.Succeeded, local.Text);
        Assert.Contains("3", local.Text);

        // Cells for the server start with %%private: dotnet-interactive reads every #! line as its own directive.
        var remote = await polyglot.SubmitAsync("%%private\nvar m = patients[\"age\"].Mean(eps: 0.5);\nPrint(m > 18 && m < 95);\nExport(m, \"meanAge\");", "pe");
        Assert.True(remote.Succeeded, remote.Text);
        Assert.Contains("true", remote.Text);
        Assert.Contains("exported meanAge → local variable double meanAge", remote.Text);
        Assert.Contains("True", (await polyglot.SubmitAsync("meanAge > 18", "pe")).Text);

        Assert.Contains("imported bands → remote variable double[] bands", (await polyglot.SubmitAsync("%%private import bands", "pe")).Text);
        Assert.Contains("123", (await polyglot.SubmitAsync("%%private\nPrint(bands.Sum());", "pe")).Text);
        Assert.Contains("ε spent 0.5, remaining 2.5 of 3", (await polyglot.SubmitAsync("#!pe\n%%private odometer")).Text);

        var refused = await polyglot.SubmitAsync("%%private\nPrint(patients[\"age\"].Mean(eps: 50));", "pe");
        Assert.False(refused.Succeeded);
        Assert.Contains("Budget exceeded", refused.Text);

        var hashBang = await polyglot.SubmitAsync("#!private\nPrint(1);", "pe");
        Assert.False(hashBang.Succeeded);
        Assert.Contains("DNI101", hashBang.Text);   // why the docs say %%private for Polyglot
        Assert.Contains("Session closed.", (await polyglot.SubmitAsync("%%private close", "pe")).Text);
    }
}

using System.Text;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Portable;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Release;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Hostile.Tests;

/// <summary>
/// Runs cells the way the worker does (compile → verify → IL scan → run → release gate →
/// sanitised errors) but in this process, against the canary dataset, with a budget of ε = 3.
/// Only for cells that cannot hang or crash the test host; those run on the real server.
/// </summary>
public sealed class InProcessRunner : IDisposable
{
    public const double Budget = 3.0;
    private static readonly CellCompiler SharedCompiler = new(AllowList.Default, [typeof(PrivateDataFrame).Assembly, typeof(BudgetExceededException).Assembly]);

    private readonly CellSession session;
    private readonly Output output = new();

    public InProcessRunner()
    {
        var globals = new CellGlobals();
        globals.SetOutput(output);
        var metadata = DatasetMetadata.Parse(CanaryDataset.MetadataJson);
        globals.SetVariable(CanaryDataset.Name, PrivateDataFrameLoader.Load(CanaryDataset.Name, new StringReader(CanaryDataset.Csv()), metadata, Charger));
        session = new CellSession(SharedCompiler, globals);
        var prelude = session.Compile($"var {CanaryDataset.Name} = (PrivateEnv.DataFrame.PrivateDataFrame)GetVariable(\"{CanaryDataset.Name}\");", trusted: true);
        Assert.True(prelude.Succeeded, string.Join("; ", prelude.Errors));
        session.RunAsync(prelude).GetAwaiter().GetResult();
    }

    public CappedCharger Charger { get; } = new(Budget);

    public StepResult Run(string code)
    {
        output.Clear();
        string kind = "", message = "";
        try
        {
            var compiled = session.Compile(code);
            if (!compiled.Succeeded)
            {
                kind = compiled.ErrorKind.Name();
                message = string.Join("; ", compiled.Errors.Select(e => e.ToString()));
            }
            else
            {
                var value = session.RunAsync(compiled).GetAwaiter().GetResult();
                if (value is not null) output.Text.Append("value: ").Append(ReleaseGate.ToText(value)).Append('\n');
            }
        }
        catch (Exception e)
        {
            // Debug aid: PRIVATEENV_DUMP_EXCEPTIONS=FILE appends full exceptions (the analyst only ever sees the report).
            if (Environment.GetEnvironmentVariable("PRIVATEENV_DUMP_EXCEPTIONS") is { Length: > 0 } dump) File.AppendAllText(dump, e + "\n\n");
            var report = ErrorReport.From(e, session.IsCellAssembly);
            kind = report.Kind.Name();
            message = report.Message;
        }
        return new StepResult(kind, message, output.Stdout.ToString(), output.Text + "\n" + message);
    }

    public void Dispose() => session.Dispose();

    /// <summary>A ledger stand-in: refuses any charge that would take the total past the cap.</summary>
    public sealed class CappedCharger(double cap) : IPrivacyCharger
    {
        private readonly object gate = new();
        public double Spent { get; private set; }
        public int Granted { get; private set; }

        public void Charge(PrivacyCharge charge)
        {
            lock (gate)
            {
                if (Spent + charge.Epsilon > cap + 1e-12) throw new BudgetExceededException(new PrivateEnv.Privacy.BudgetRefusal(PrivateEnv.Privacy.BudgetScope.Session, null, charge.Epsilon, cap - Spent, cap, 0, 0, 0));
                Spent += charge.Epsilon;
                Granted++;
            }
        }
    }

    private sealed class Output : ICellOutput
    {
        public StringBuilder Stdout { get; } = new();
        public StringBuilder Text { get; } = new();

        public void Clear() { Stdout.Clear(); Text.Clear(); }
        void ICellOutput.Stdout(string text) { Stdout.Append(text); Text.Append(text); }
        public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null)
        {
            foreach (var (mime, content) in mimeBundle) Text.Append(mime).Append(": ").Append(content).Append('\n');
        }
        public void Export(string name, PortableValue value) =>
            Text.Append("export ").Append(name).Append(' ').Append(value.Kind.Name()).Append(": ").Append(Encoding.UTF8.GetString(value.Payload)).Append('\n');
        public void Progress(string id, string label, double current, double total, string message) =>
            Text.Append("progress ").Append(label).Append(' ').Append(message).Append('\n');
    }
}

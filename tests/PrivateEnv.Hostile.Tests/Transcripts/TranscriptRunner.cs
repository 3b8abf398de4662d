using System.Globalization;
using System.Text;
using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Learning;
using PrivateEnv.Learning.Hosting;
using PrivateEnv.Portable;
using PrivateEnv.Privacy;
using PrivateEnv.Privacy.Releases;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Release;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Hostile.Tests.Transcripts;

/// <summary>
/// Runs cells the way the worker does (compile → verify → IL scan → run → release gate → sanitised errors, with the
/// learning library) against one dataset, with every release of the primitive replaced by a fixed placeholder
/// (<see cref="ReleaseStub"/>), and writes down everything an analyst could observe: printed and displayed text,
/// exports, the cell's value, errors (kind and message), progress, and every charge and refusal with its ε, δ,
/// event and description. Two runs on neighbouring datasets must produce the same transcript: any difference is
/// something that depends on the data without going through the release primitive.
/// </summary>
public sealed class TranscriptRunner : IDisposable
{
    private static readonly CellCompiler Compiler = new(AllowList.Default,
        [typeof(PrivateDataFrame).Assembly, typeof(BudgetExceededException).Assembly, typeof(Sequential).Assembly]);

    private readonly CellSession session;
    private readonly Recorder recorder = new();
    private readonly CappedCharger charger;

    public TranscriptRunner(string datasetName, string csv, string metadataJson, double budget, IReadOnlyDictionary<string, (object Value, string Type)>? imports = null)
    {
        charger = new CappedCharger(budget, recorder);
        PrivacyContext.Install(charger);
        TrainingProgress.Install(recorder);
        var globals = new CellGlobals();
        globals.SetOutput(recorder);
        globals.SetVariable(datasetName, PrivateDataFrameLoader.Load(datasetName, new StringReader(csv), DatasetMetadata.Parse(metadataJson), charger));
        var prelude = new StringBuilder($"var {datasetName} = (PrivateEnv.DataFrame.PrivateDataFrame)GetVariable(\"{datasetName}\");\n");
        foreach (var (name, (value, type)) in imports ?? new Dictionary<string, (object, string)>())
        {
            globals.SetVariable(name, value);
            prelude.Append($"var {name} = ({type})GetVariable(\"{name}\");\n");
        }
        session = new CellSession(Compiler, globals);
        var compiled = session.Compile(prelude.ToString(), trusted: true);
        Assert.True(compiled.Succeeded, string.Join("; ", compiled.Errors));
        session.RunAsync(compiled).GetAwaiter().GetResult();
    }

    /// <summary>Runs one cell with releases stubbed; returns what the analyst would see.</summary>
    public string Run(string code)
    {
        recorder.Clear();
        // Ambient per async flow: set for every cell, since several runners take turns on one test thread.
        PrivacyContext.Install(charger);
        TrainingProgress.Install(recorder);
        using var stub = ReleaseStub.Activate();
        // Layer initialisation draws from libtorch's process-wide generator; both runs must start from the same state.
        TorchSharp.torch.random.manual_seed(20261202);
        try
        {
            var compiled = session.Compile(code);
            if (!compiled.Succeeded)
                recorder.Line($"{compiled.ErrorKind.Name()}: {string.Join("; ", compiled.Errors)}");
            else
            {
                var value = session.RunAsync(compiled).GetAwaiter().GetResult();
                if (value is not null) recorder.Line("value: " + ReleaseGate.ToText(value));
            }
        }
        catch (Exception e)
        {
            var report = ErrorReport.From(e, session.IsCellAssembly);
            recorder.Line($"error {report.Kind.Name()} at {report.Line}:{report.Column}: {report.Message}");
        }
        return recorder.Text.ToString();
    }

    public void Dispose() => session.Dispose();

    /// <summary>A ledger stand-in with a basic-composition cap that writes every charge and refusal to the transcript.</summary>
    private sealed class CappedCharger(double cap, Recorder recorder) : IPrivacyCharger
    {
        private double spent;

        public void Charge(PrivacyCharge charge)
        {
            charge.Validate();
            var line = string.Create(CultureInfo.InvariantCulture, $"charge ε={charge.Epsilon:R} δ={charge.Delta:R} '{charge.Description}' {charge.Event.ToJson()}");
            if (spent + charge.Epsilon > cap + 1e-9)
            {
                recorder.Line("refused " + line);
                throw new BudgetExceededException(new PrivateEnv.Privacy.BudgetRefusal(PrivateEnv.Privacy.BudgetScope.Session, null, charge.Epsilon, cap - spent, cap, charge.Delta, 0, 0));
            }
            spent += charge.Epsilon;
            recorder.Line(line);
        }
    }

    private sealed class Recorder : ICellOutput, ITrainingProgressSink
    {
        public StringBuilder Text { get; } = new();

        public void Clear() => Text.Clear();
        public void Line(string text) => Text.Append(text).Append('\n');
        void ICellOutput.Stdout(string text) => Text.Append("stdout: ").Append(text);
        public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null)
        {
            foreach (var (mime, content) in mimeBundle.OrderBy(p => p.Key, StringComparer.Ordinal)) Line($"display {mime}: {content}");
        }
        public void Export(string name, PortableValue value) =>
            Line($"export {name} {value.Kind.Name()} {value.Encoding.Name()} {value.TypeName}: {Convert.ToBase64String(value.Payload)}");
        public void Progress(string id, string label, double current, double total, string message) =>
            Line(string.Create(CultureInfo.InvariantCulture, $"progress {id} {label} {current}/{total} {message}"));
        public void OnEpoch(EpochRecord epoch, int totalEpochs) => Line($"epoch {epoch.ToDisplayText()} of {totalEpochs}");
    }
}

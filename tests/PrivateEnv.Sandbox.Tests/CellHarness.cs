using PrivateEnv.DataFrame;
using PrivateEnv.DataFrame.Hosting;
using PrivateEnv.Privacy;
using PrivateEnv.Protocol.V1;
using PrivateEnv.Sandbox.Hosting;
using PrivateEnv.Sandbox.Verification;

namespace PrivateEnv.Sandbox.Tests;

/// <summary>A worker without the process: compiles and runs cells in-process for fast tests.</summary>
public sealed class CellHarness : IDisposable
{
    private static readonly CellCompiler SharedCompiler = new(AllowList.Default, [typeof(PrivateDataFrame).Assembly, typeof(BudgetExceededException).Assembly]);

    public CellHarness()
    {
        Charger = new RecordingCharger();
        Output = new RecordingOutput();
        var globals = new CellGlobals();
        globals.SetOutput(Output);
        var csv = "age,sex,income\n31,F,1234\n42,M,2345\n53,F,3456\n";
        var metadata = DatasetMetadata.Parse("""{"columns":{"age":{"type":"numeric","lower":0,"upper":100},"sex":{"type":"categorical","categories":["F","M"]},"income":{"type":"numeric","lower":0,"upper":10000}}}""");
        globals.SetVariable("people", PrivateDataFrameLoader.Load("people", new StringReader(csv), metadata, Charger));
        Session = new CellSession(SharedCompiler, globals);
        var prelude = Session.Compile("var people = (PrivateEnv.DataFrame.PrivateDataFrame)GetVariable(\"people\");", trusted: true);
        Assert.True(prelude.Succeeded, string.Join("; ", prelude.Errors));
        Session.RunAsync(prelude).GetAwaiter().GetResult();
    }

    public CellSession Session { get; }
    public RecordingCharger Charger { get; }
    public RecordingOutput Output { get; }

    public CompiledCell Compile(string code) => Session.Compile(code);

    public object? Run(string code)
    {
        var compiled = Session.Compile(code);
        Assert.True(compiled.Succeeded, $"{compiled.ErrorKind}: {string.Join("; ", compiled.Errors)}");
        return Session.RunAsync(compiled).GetAwaiter().GetResult();
    }

    /// <summary>Compiles a cell that must be refused by the verifier, and returns it for checks of its errors.</summary>
    public CompiledCell CompileRefused(string code)
    {
        var compiled = Session.Compile(code);
        Assert.False(compiled.Succeeded, $"expected refusal of: {code}");
        Assert.Equal(ErrorKind.Refused, compiled.ErrorKind);
        return compiled;
    }

    /// <summary>Asserts the cell is refused before it runs, naming <paramref name="expected"/>.</summary>
    public void AssertRefused(string code, string expected)
    {
        var compiled = Session.Compile(code);
        Assert.False(compiled.Succeeded, $"expected refusal of: {code}");
        var text = string.Join("; ", compiled.Errors);
        Assert.Contains(expected, text, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Session.Dispose();

    public sealed class RecordingCharger : IPrivacyCharger
    {
        public List<PrivacyCharge> Charges { get; } = [];
        public double Cap { get; set; } = double.PositiveInfinity;

        public void Charge(PrivacyCharge charge)
        {
            var spent = Charges.Sum(c => c.Epsilon);
            if (spent + charge.Epsilon > Cap) throw new BudgetExceededException(new PrivateEnv.Privacy.BudgetRefusal(PrivateEnv.Privacy.BudgetScope.Session, null, charge.Epsilon, Cap - spent, Cap, 0, 0, 0));
            Charges.Add(charge);
        }
    }

    public sealed class RecordingOutput : ICellOutput
    {
        public System.Text.StringBuilder Stdout { get; } = new();
        public List<(string Name, PrivateEnv.Portable.PortableValue Value)> Exports { get; } = [];
        public List<IReadOnlyDictionary<string, string>> Displays { get; } = [];

        void ICellOutput.Stdout(string text) => Stdout.Append(text);
        public void Display(IReadOnlyDictionary<string, string> mimeBundle, string? displayId = null) => Displays.Add(mimeBundle);
        public void Export(string name, PrivateEnv.Portable.PortableValue value) => Exports.Add((name, value));
        public void Progress(string id, string label, double current, double total, string message) { }
    }
}

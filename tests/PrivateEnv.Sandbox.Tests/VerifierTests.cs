using PrivateEnv.Protocol.V1;
namespace PrivateEnv.Sandbox.Tests;

public class VerifierTests
{
    [Theory]
    [InlineData("System.IO.File.ReadAllText(\"/etc/passwd\");", "System.IO.File")]
    [InlineData("var t = people.GetType();", "GetType")]
    [InlineData("var t = typeof(string);", "typeof")]
    [InlineData("System.Diagnostics.Process.Start(\"sh\");", "Process")]
    [InlineData("var e = System.Environment.GetEnvironmentVariable(\"HOME\");", "Environment")]
    [InlineData("var c = new System.Net.Http.HttpClient();", "System.Net")]
    [InlineData("new System.Threading.Thread(() => {}).Start();", "Thread")]
    [InlineData("System.Threading.Tasks.Task.Run(() => 1);", "Task")]
    [InlineData("System.GC.Collect();", "System.GC")]
    [InlineData("var a = System.AppDomain.CurrentDomain;", "AppDomain")]
    [InlineData("var x = System.Reflection.Assembly.GetExecutingAssembly();", "Assembly")]
    [InlineData("var x = System.Activator.CreateInstance<object>();", "Activator")]
    [InlineData("dynamic d = 1; d.Foo();", "dynamic")]
    [InlineData("unsafe { int x = 1; int* p = &x; }", "unsafe")]
    [InlineData("#r \"System.IO\"\nvar x = 1;", "#r")]
    [InlineData("#load \"x.csx\"\nvar x = 1;", "#load")]
    [InlineData("class C { static int counter; }", "static field")]
    [InlineData("try { } catch (Exception) when (true) { }", "exception filter")]
    [InlineData("[System.Obsolete] class C { }", "attributes")]
    [InlineData("class C { ~C() { } }", "finalizer")]
    [InlineData("var o = new object(); lock (o) { }", "lock")]
    [InlineData("var r = __makeref(people);", "__makeref")]
    [InlineData("Span<int> s = stackalloc int[10];", "stackalloc")]
    [InlineData("var m = System.Runtime.InteropServices.Marshal.SizeOf<int>();", "Marshal")]
    [InlineData("Func<string, string> f = System.IO.File.ReadAllText;", "System.IO.File")]
    [InlineData("var g = PrivateEnv.Privacy.PrivacyContext.Charger;", "PrivacyContext")]
    [InlineData("var x = PrivateEnv.Privacy.SecureRandom.NextUInt64();", "SecureRandom")]
    [InlineData("var v = GetVariable(\"people\");", "GetVariable")]
    [InlineData("var now = DateTime.Now;", "DateTime.Now")]
    [InlineData("class Sneaky : PrivateEnv.Privacy.IPrivacyCharger { public void Charge(PrivateEnv.Privacy.PrivacyCharge c) { } }", "IPrivacyCharger")]
    public void ForbiddenCellsAreRefusedNamingTheApi(string code, string expected)
    {
        using var harness = new CellHarness();
        harness.AssertRefused(code, expected);
    }

    /// <summary>
    /// A function applied to private values must not be able to throw for some values and not others: whether (and how
    /// often) it throws would be an exact oracle for those values, through a catch, an error or the time exceptions take.
    /// </summary>
    [Theory]
    [InlineData("people[\"age\"].Map(x => x > 50 ? throw new ArgumentException() : x, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => { throw new ArgumentException(); }, 0, 100);", "throws")]
    [InlineData("people[\"age\"].Map(x => checked((int)x * 1000000000), 0, 100);", "checked")]
    [InlineData("people[\"age\"].Map(x => 1 / ((int)x - 42), 0, 100);", "divides integers")]
    [InlineData("people[\"age\"].Map(x => (int)x % ((int)x - 42), 0, 100);", "remainder")]
    [InlineData("people[\"age\"].Map(x => (double)(decimal)x, 0, 100);", "decimal")]
    [InlineData("people[\"age\"].Map(x => x switch { > 50 => 1.0 }, 0, 100);", "switch")]
    [InlineData("people[\"age\"].Map(x => x > 50 ? Math.Exp(x) : 0, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => x switch { > 50 => 1.0, _ => 0 }, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => x is > 50 and < 60 ? 1 : 0, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => Math.Sin(x * 1e290), 0, 100);", "Math.Sin")]
    [InlineData("people[\"age\"].Map(x => Math.IEEERemainder(x, 1e-300), 0, 100);", "Math.IEEERemainder")]
    [InlineData("people[\"age\"].Map(x => (double)((Int128)1 / (Int128)(x - 48)), 0, 100);", "user-defined conversion")]
    [InlineData("people[\"age\"].Map(x => (\"\" + x).Length, 0, 100);", "outside")]
    [InlineData("people[\"age\"].Map(x => { var s = \"a\" + x; return 1; }, 0, 100);", "String")]
    [InlineData("public struct Leak { public double V; public static implicit operator Leak(double x) => new Leak { V = x }; public static implicit operator double(Leak l) => l.V; }\npeople[\"age\"].Map(x => (double)(Leak)x, 0, 100);", "user-defined conversion")]
    [InlineData("public struct Op { public double V; public static Op operator +(Op a, double b) => a; }\npeople[\"age\"].Map(x => (new Op() + x).V, 0, 100);", "outside")]
    [InlineData("public struct Op { public static double operator +(Op a, double b) => b; }\npeople[\"age\"].Map(x => default(Op) + x, 0, 100);", "user-defined operator")]
    [InlineData("Func<Func<double, double>, double, double, PrivateEnv.DataFrame.PrivateSeries> map = people[\"age\"].Map;\nmap(x => x, 0, 1);", "called directly")]
    [InlineData("Func<Func<double, double>, double, double, PrivateEnv.DataFrame.PrivateSeries> apply = people[\"age\"].Apply;", "called directly")]
    [InlineData("people[\"age\"].Map(x => x % 7, 0, 100);", "remainder")]
    [InlineData("people[\"age\"].Map(x => { var y = x; y %= 3; return y; }, 0, 100);", "remainder")]
    [InlineData("people[\"age\"].Map(x => x > 3 && x < 9 ? 1 : 0, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => (x > 3 || x < 9) == true ? 1 : 0, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => (x > 3 & x < 9) ? 1 : 0, 0, 100);", "branches")]
    [InlineData("people[\"age\"].Map(x => Math.Cbrt(x), 0, 100);", "Math.Cbrt")]
    [InlineData("people[\"age\"].Map(x => x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x + x, 0, 100);", "operations")]
    [InlineData("people[\"age\"].Map(x => Math.Round(x, (int)x), 0, 100);", "Math.Round")]
    [InlineData("people[\"age\"].Map(x => Math.Clamp(1, x, 0), 0, 100);", "Math.Clamp")]
    [InlineData("people[\"age\"].Map(x => Math.Sign(x - 42), 0, 100);", "Math.Sign")]
    [InlineData("people[\"age\"].Map(x => Math.Abs((int)x - int.MaxValue - 1), 0, 100);", "Math.Abs")]
    [InlineData("people[\"age\"].Map(x => int.Parse(\"1\") + x, 0, 100);", "Int32.Parse")]
    public void MapFunctionsThatCouldThrowAreRefused(string code, string expected)
    {
        using var harness = new CellHarness();
        var compiled = harness.CompileRefused(code);
        var text = string.Join("; ", compiled.Errors);
        Assert.Contains("function applied to private values", text);
        Assert.True(text.Contains(expected, StringComparison.OrdinalIgnoreCase), text);
    }

    [Theory]
    [InlineData("Print(people[\"age\"].Map(x => Math.Log(x + 1) / 2 + Math.Max(x, 3) + Math.Round(x) + Math.Pow(x, 0.5), 0, 100).Count(eps: 1));")]
    [InlineData("Print(people[\"age\"].Map(x => (int)x * 2 + (long)x - x / 7 + Math.Min(x, 60) - Math.Floor(x / 10), 0, 100).Count(eps: 1));")]
    [InlineData("Print(people[\"age\"].Map(Math.Sqrt, 0, 100).Count(eps: 1));")]
    [InlineData("Print(people[\"age\"].Map(x => { var y = x * 2; y += 1; return MathF.Sqrt((float)y) + Math.Tanh(y); }, 0, 100).Count(eps: 1));")]
    public void PlainArithmeticMapFunctionsRun(string code)
    {
        using var harness = new CellHarness();
        harness.Run(code);
    }

    /// <summary>The verifier remembers the allow-list's verdicts on library symbols; that must never let a refused one through.</summary>
    [Fact]
    public void AnAllowedGenericTypeDoesNotVouchForAForbiddenTypeArgumentOrALaterLine()
    {
        using var harness = new CellHarness();
        var compiled = harness.CompileRefused("var ok = new List<int>();\nvar bad = new List<System.IO.FileInfo>();\nvar ok2 = new List<int>();\nvar again = new List<System.IO.FileInfo>();");
        Assert.Contains(compiled.Errors, e => e.Line == 2 && e.Message.Contains("System.IO.FileInfo"));
        Assert.Contains(compiled.Errors, e => e.Line == 4 && e.Message.Contains("System.IO.FileInfo"));
    }

    [Fact]
    public void VerdictsRememberedFromEarlierCellsNeitherVouchForTypeArgumentsNorForgetRefusals()
    {
        using var harness = new CellHarness();
        harness.Run("var ok = new List<int>(); ok.Add(1); Print(ok.Count);");
        var generic = harness.CompileRefused("var bad = new List<System.IO.FileInfo>(); bad.Add(null);");
        Assert.Contains(generic.Errors, e => e.Message.Contains("System.IO.FileInfo"));
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var refused = harness.CompileRefused("var t = people.GetType();");
            Assert.Contains(refused.Errors, e => e.Message.Contains("GetType"));
        }
        harness.Run("ok.Add(2); Print(ok.Count);");
    }

    [Fact]
    public void RefusalsCarryTheLineOfTheOffence()
    {
        using var harness = new CellHarness();
        var compiled = harness.CompileRefused("var a = 1;\nvar b = 2;\nvar p = System.IO.Path.GetTempPath();");
        Assert.Equal(3, compiled.Errors[0].Line);
    }

    [Fact]
    public void OrdinaryCSharpRunsAndStateSurvivesAcrossCells()
    {
        using var harness = new CellHarness();
        harness.Run("""
            record Point(int X, string Y);
            var list = new List<int> { 3, 1, 2 };
            int[] array = [4, 5, 6];
            var dict = new Dictionary<string, double> { ["a"] = 1.5 };
            var query = from x in list where x > 1 orderby x select x * 10;
            var (u, v) = (1, "z");
            var total = 0;
            foreach (var item in array) total += item;
            var text = $"{u}-{v}-{total}-{string.Join(",", query)}";
            """);
        Assert.Equal("1-z-15-20,30", harness.Run("text"));
        Assert.Equal(6, harness.Run("list.Sum()"));
        Assert.Equal(new[] { 2, 3 }.ToList(), harness.Run("list.Where(x => x > 1).OrderBy(x => x).ToList()"));
    }

    [Fact]
    public void ADpStatisticChargesBeforeReleasing()
    {
        using var harness = new CellHarness();
        var mean = harness.Run("people[\"age\"].Mean(eps: 1.0)");
        Assert.IsType<double>(mean);
        Assert.Equal(1.0, harness.Charger.Charges.Sum(c => c.Epsilon), 9);
    }

    [Fact]
    public void ARefusedChargeReleasesNothing()
    {
        using var harness = new CellHarness();
        harness.Charger.Cap = 0.4;
        var compiled = harness.Compile("Print(people.Count(eps: 0.5));");
        Assert.True(compiled.Succeeded);
        var error = Assert.Throws<PrivateEnv.Privacy.BudgetExceededException>(() => harness.Session.RunAsync(compiled).GetAwaiter().GetResult());
        Assert.Contains("needs ε=0.5", error.Message);
        Assert.Equal("", harness.Output.Stdout.ToString());
        Assert.Empty(harness.Charger.Charges);
    }
}

public class VerifierCatchAndLambdaTests
{
    [Fact]
    public void LambdasCapturingCellVariablesRun()
    {
        using var harness = new CellHarness();
        harness.Run("record R0(int A); var v0 = new R0(2); Func<int, int> f0 = x => x + v0.A;");
        Assert.Equal(3, harness.Run("f0(1)"));
        harness.Run("record R1(int A); var v1 = new R1(3); Func<int, int> f1 = x => x + v1.A; Print(f1(1));");
        Assert.Contains("4", harness.Output.Stdout.ToString());
    }

    [Fact]
    public void CatchingIntoAVariableIsOnlyForBudgetExceeded()
    {
        using var harness = new CellHarness();
        harness.AssertRefused("try { } catch (ArgumentException e) { Print(e.Message); }", "into a variable");
        harness.AssertRefused("try { } catch (Exception e) { }", "into a variable");
        harness.Charger.Cap = 0.1;
        harness.Run("try { people.Count(eps: 0.5); } catch (PrivateEnv.Privacy.BudgetExceededException e) { Print(e.Message); }");
        Assert.Contains("needs ε=0.5", harness.Output.Stdout.ToString());
        harness.Run("try { people[\"nope\"].Count(eps: 0.01); } catch (Exception) { Print(\"caught\"); }");
        Assert.Contains("caught", harness.Output.Stdout.ToString());
    }

    [Fact]
    public void ApisWhoseAssembliesCellsDoNotGetAreRefusalsNotTypos()
    {
        using var harness = new CellHarness();
        harness.AssertRefused("var c = new System.Net.Http.HttpClient();", "not available to cells");
        var typo = harness.Compile("var x = undefinedName + 1;");
        Assert.Equal(ErrorKind.Compile, typo.ErrorKind);
    }
}

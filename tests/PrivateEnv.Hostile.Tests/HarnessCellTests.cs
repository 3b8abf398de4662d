namespace PrivateEnv.Hostile.Tests;

/// <summary>The hostile cells that cannot hang or crash a process: compiled and run in-process.</summary>
public class HarnessCellTests
{
    public static TheoryData<string> Cells()
    {
        var data = new TheoryData<string>();
        foreach (var name in HostileCell.AllNames())
            if (!HostileCell.Load(name).OnServer) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void CellDoesWhatItsHeaderSaysAndLeaksNothing(string name)
    {
        var cell = HostileCell.Load(name);
        var runner = new InProcessRunner();
        try
        {
            foreach (var step in cell.Steps)
            {
                if (step.NewSession)
                {
                    runner.Dispose();
                    runner = new InProcessRunner();
                }
                runner.Run(step.Code).AssertMatches(step, name);
                if (cell.BudgetHolds)
                    Assert.True(runner.Charger.Spent <= InProcessRunner.Budget + 1e-9, $"{name}: spent ε={runner.Charger.Spent} of {InProcessRunner.Budget}");
            }
        }
        finally { runner.Dispose(); }
    }

    [Fact]
    public void TheSuiteHasAtLeastSixtyCellsEachWithAnExpectation()
    {
        var names = HostileCell.AllNames().ToList();
        Assert.True(names.Count >= 60, $"only {names.Count} hostile cells");
        Assert.All(names, n => Assert.NotEmpty(HostileCell.Load(n).Steps));
    }

    [Fact]
    public void TheCanaryIsReallyInTheDatasetTheCellsSee()
    {
        // Guards the suite itself: a canary that never reached memory would make every check vacuous.
        var csv = CanaryDataset.Csv();
        Assert.Contains(CanaryDataset.TextCanary, csv);
        Assert.Contains(CanaryDataset.NumericCanary, csv);
        Assert.Throws<Xunit.Sdk.FalseException>(() => CanaryDataset.AssertAbsent("x " + CanaryDataset.TextCanary, "self-test"));
        using var runner = new InProcessRunner();
        var count = runner.Run("Print(canary[\"secret\"].Count(eps: 1.0));");
        Assert.True(count.Succeeded, count.ErrorMessage);
    }
}

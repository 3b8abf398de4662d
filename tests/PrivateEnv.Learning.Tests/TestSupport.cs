using PrivateEnv.Privacy;

namespace PrivateEnv.Learning.Tests;

/// <summary>A session charger for tests: records charges and refuses those over its budget.</summary>
internal sealed class RecordingCharger(double budgetEpsilon = double.PositiveInfinity) : IPrivacyCharger
{
    public List<PrivacyCharge> Charges { get; } = new();
    public double Spent => Charges.Sum(c => c.Epsilon);

    public void Charge(PrivacyCharge charge)
    {
        charge.Validate();
        if (Spent + charge.Epsilon > budgetEpsilon)
            throw new BudgetExceededException(new BudgetRefusal(BudgetScope.Session, null, charge.Epsilon, budgetEpsilon - Spent, budgetEpsilon, 0, 0, 0));
        Charges.Add(charge);
    }
}

internal static class RepoPaths
{
    /// <summary>The repository root: the first folder upwards that holds PrivateEnv.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PrivateEnv.sln"))) return dir.FullName;
        throw new InvalidOperationException("PrivateEnv.sln not found above the test binaries.");
    }

    public static string SharedData(string file) => Path.GetFullPath(Path.Combine(Root(), "..", "shared", "data", file));

    public const string FashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static string FashionMnist(string file)
    {
        var path = Path.Combine(FashionMnistDirectory, file);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing: install it with `apt-get install -y dataset-fashion-mnist`.");
        return path;
    }
}

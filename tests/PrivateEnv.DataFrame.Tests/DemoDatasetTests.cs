using PrivateEnv.DataFrame.Hosting;

namespace PrivateEnv.DataFrame.Tests;

public class DemoDatasetTests
{
    [Fact]
    public void The_demo_dataset_is_deterministic()
    {
        var first = DemoDataset.GenerateCsv(500);
        var again = DemoDataset.GenerateCsv(500);
        Assert.Equal(first, again);
        // Every process (server, worker, tests) must see the same rows: the first lines are pinned.
        Assert.StartsWith("age,sex,bmi,systolic_bp,cholesterol,smoker,region,diagnosis\n59,F,28.6,119,160,0,north,diabetes\n", first);
        Assert.NotEqual(DemoDataset.GenerateCsv(500), DemoDataset.GenerateCsv(500, seed: 1));
        Assert.Equal(DemoDataset.DefaultRows + 1, DemoDataset.GenerateCsv().TrimEnd('\n').Split('\n').Length);
    }

    [Fact]
    public void The_demo_dataset_loads_and_looks_like_adult_patients()
    {
        var df = PrivateDataFrameLoader.Load(DemoDataset.Name, new StringReader(DemoDataset.GenerateCsv()), DemoDataset.Metadata, new RecordingCharger());
        Assert.Equal(DemoDataset.Name, df.Name);
        var summary = df.Describe(TestData.Exact);
        double Stat(string column, int row) => summary.GetNumber(row, column);
        Assert.Equal(10_000, Stat("age", 0), 3);
        Assert.InRange(Stat("age", 1), 45, 51);        // mean age of adult patients
        Assert.InRange(Stat("bmi", 1), 25, 29);        // typical adult BMI
        Assert.InRange(Stat("systolic_bp", 1), 120, 140);
        Assert.InRange(Stat("cholesterol", 1), 180, 230);
        Assert.InRange(Stat("smoker", 1), 0.15, 0.25);
        var diagnosis = df["diagnosis"].Histogram(TestData.Exact);
        var share = diagnosis.Numbers("count").Select(c => c!.Value / 10_000).ToArray();
        Assert.InRange(share[0], 0.4, 0.8);            // healthy is the most common
        Assert.All(share, s => Assert.InRange(s, 0.02, 0.8));
        // Older patients have higher blood pressure (a realistic dependency).
        Assert.True(df[df["age"] > 60]["systolic_bp"].Mean(TestData.Exact) > df[df["age"] < 40]["systolic_bp"].Mean(TestData.Exact) + 10);
    }
}

using PrivateEnv.Kernel.Remote;

namespace PrivateEnv.Kernel.Tests;

public class PrivateMagicTests
{
    [Fact]
    public void Local_cells_are_not_private() => Assert.Null(PrivateMagic.Parse("var x = 1;\n// #!private"));

    [Theory]
    [InlineData("#!private\nPrint(1);")]
    [InlineData("%%private\nPrint(1);")]
    [InlineData("\n  #!private   \nPrint(1);")]
    public void Private_prefix_sends_the_rest_remotely(string cell)
    {
        var run = Assert.IsType<PrivateMagic.Run>(PrivateMagic.Parse(cell));
        Assert.Equal("Print(1);", run.Code);
    }

    [Fact]
    public void A_prefix_must_be_a_whole_word() => Assert.Null(PrivateMagic.Parse("#!privateer\nPrint(1);"));

    [Fact]
    public void Connect_reads_url_key_and_repeated_datasets()
    {
        var connect = Assert.IsType<PrivateMagic.Connect>(PrivateMagic.Parse("#!private connect --url http://h:1 --api-key \"k y\" --dataset a --dataset b"));
        Assert.Equal("http://h:1", connect.Url);
        Assert.Equal("k y", connect.ApiKey);
        Assert.Equal(["a", "b"], connect.Datasets);
    }

    [Fact]
    public void Connect_without_options_leaves_them_to_the_environment()
    {
        var connect = Assert.IsType<PrivateMagic.Connect>(PrivateMagic.Parse("#!private connect"));
        Assert.Null(connect.Url);
        Assert.Empty(connect.Datasets);
    }

    [Theory]
    [InlineData("#!private connect --url", "needs a value")]
    [InlineData("#!private connect --port 3 ", "Unknown option")]
    [InlineData("#!private import", "import NAME")]
    [InlineData("#!private odometer now", "no arguments")]
    [InlineData("#!private teleport", "Unknown '#!private teleport'")]
    [InlineData("#!private odometer\nPrint(1);", "takes no code")]
    public void Mistakes_are_explained(string cell, string expected)
    {
        var invalid = Assert.IsType<PrivateMagic.Invalid>(PrivateMagic.Parse(cell));
        Assert.Contains(expected, invalid.Message);
    }

    [Fact]
    public void Subcommands_parse()
    {
        Assert.Equal("w", Assert.IsType<PrivateMagic.Import>(PrivateMagic.Parse("%%private import w")).Name);
        Assert.IsType<PrivateMagic.Odometer>(PrivateMagic.Parse("#!private odometer"));
        Assert.IsType<PrivateMagic.Close>(PrivateMagic.Parse("#!private close"));
    }
}

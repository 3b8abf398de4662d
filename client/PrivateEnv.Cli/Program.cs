using System.CommandLine;
using PrivateEnv.Cli;

// privateenv: exit 0 on success, 1 when a cell fails (refused, budget, exception, timeout),
// 2 on usage or connection errors.
var root = new RootCommand("PrivateEnv command line: run private cells, estimate budgets, install the notebook kernel.");
root.Subcommands.Add(ExecCommand.Create());
root.Subcommands.Add(DatasetsCommand.Create());
root.Subcommands.Add(BudgetCommand.Create());
root.Subcommands.Add(KernelCommand.Create());

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors) Console.Error.WriteLine($"privateenv: {error.Message}");
    Console.Error.WriteLine("Run 'privateenv --help' for usage.");
    return ExitCodes.Usage;
}
return await parse.InvokeAsync();

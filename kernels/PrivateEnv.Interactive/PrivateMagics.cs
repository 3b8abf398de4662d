using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.Directives;
using Microsoft.DotNet.Interactive.Events;

namespace PrivateEnv.Interactive;

/// <summary>
/// The magics a private kernel named NAME adds to every cell: <c>#!NAME-import VALUE [--from KERNEL]</c> (a value of another
/// kernel, csharp by default, into the session), <c>#!NAME-odometer</c> (spent and remaining budget, every charge) and
/// <c>#!NAME-close</c>. They are root directives, so they work from a C# cell; the kernel is found from the directive's name.
/// </summary>
public sealed class PrivateMagic : KernelDirectiveCommand
{
    /// <summary>Set by .NET Interactive from the directive line: "#!private-odometer".</summary>
    public string? InvokedDirective { get; set; }

    /// <summary>import: the value to send.</summary>
    public string? Name { get; set; }

    /// <summary>import: the kernel that holds it (default csharp).</summary>
    public string? From { get; set; }
}

internal static class PrivateMagics
{
    public static void AddTo(CompositeKernel root, string kernelName)
    {
        var import = new KernelActionDirective($"#!{kernelName}-import")
        {
            Description = $"Sends a public value of another kernel (csharp by default) into the '{kernelName}' session under the same name",
            KernelCommandType = typeof(PrivateMagic),
        };
        import.Parameters.Add(new KernelDirectiveParameter("--name", "The value to send") { AllowImplicitName = true, Required = true });
        import.Parameters.Add(new KernelDirectiveParameter("--from", "The kernel holding it (default csharp)"));
        root.AddDirective<PrivateMagic>(import, HandleAsync);
        root.AddDirective<PrivateMagic>(new KernelActionDirective($"#!{kernelName}-odometer")
        {
            Description = $"Shows the '{kernelName}' session's spent and remaining budget and every charge",
            KernelCommandType = typeof(PrivateMagic),
        }, HandleAsync);
        root.AddDirective<PrivateMagic>(new KernelActionDirective($"#!{kernelName}-close")
        {
            Description = $"Ends the '{kernelName}' session (spent budget stays spent)",
            KernelCommandType = typeof(PrivateMagic),
        }, HandleAsync);
    }

    private static async Task HandleAsync(PrivateMagic magic, KernelInvocationContext context)
    {
        var directive = magic.InvokedDirective ?? "";
        var dash = directive.LastIndexOf('-');
        var kernelName = dash > 2 ? directive[2..dash] : "";
        if (context.HandlingKernel.RootKernel.FindKernelByName(kernelName) is not PrivateKernel kernel)
        {
            context.Fail(magic, message: $"'{directive}' names no PrivateEnv kernel.");
            return;
        }
        switch (directive[(dash + 1)..])
        {
            case "odometer": await kernel.ShowOdometerAsync(context); break;
            case "close": await kernel.CloseAsync(context); break;
            default: await ImportAsync(kernel, magic.Name ?? "", magic.From ?? "csharp", context); break;
        }
    }

    /// <summary>Asks the source kernel for the value (by reference, so it keeps its .NET type) and imports it.</summary>
    private static async Task ImportAsync(PrivateKernel kernel, string name, string from, KernelInvocationContext context)
    {
        if (context.HandlingKernel.RootKernel.FindKernelByName(from) is not { } source)
        {
            context.Fail(context.Command, message: $"No kernel named '{from}'.");
            return;
        }
        var request = new RequestValue(name, targetKernelName: from);
        request.SetParent(context.Command, true);
        var result = await source.SendAsync(request);
        if (result.Events.OfType<ValueProduced>().SingleOrDefault() is not { } produced)
        {
            context.Fail(context.Command, message: $"NameError: '{from}' has no value '{name}'. Define it in a {from} cell first, e.g. double[] {name} = {{ 1, 2, 3 }};");
            return;
        }
        await kernel.ImportAsync(name, produced.Value, produced.FormattedValue, context);
    }
}

using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Formatting;
using PrivateEnv.Portable;

namespace PrivateEnv.Interactive;

/// <summary>
/// Loads the extension into a .NET Interactive session: adds <c>#!connect privateenv</c> to the root kernel, lets the C# kernel
/// name the codec's types (values shared from a private kernel may be a <see cref="PortableTable"/> or a <see cref="PortableModel"/>)
/// and shows those tables as HTML. The package's extension.dib calls it; after <c>#r</c> of the DLL, call it yourself.
/// </summary>
public static class PrivateEnvExtension
{
    private static readonly HashSet<Kernel> LoadedInto = [];

    /// <summary>Loads into <paramref name="kernel"/>'s root (by default the root of the running cell's kernel); once per root.</summary>
    public static void Load(Kernel? kernel = null)
    {
        var root = (kernel ?? KernelInvocationContext.Current?.HandlingKernel)?.RootKernel as CompositeKernel
            ?? throw new InvalidOperationException("Load PrivateEnv.Interactive from a notebook cell (it needs the notebook's root kernel).");
        lock (LoadedInto)
            if (!LoadedInto.Add(root)) return;

        root.AddConnectDirective(new ConnectPrivateEnvDirective());
        if (root.FindKernelByName("csharp") is CSharpKernel csharp)
            csharp.AddAssemblyReferences([typeof(PortableTable).Assembly.Location]);
        Formatter.Register<PortableTable>((table, writer) => writer.Write(table.ToHtml()), HtmlFormatter.MimeType);

        KernelInvocationContext.Current?.DisplayAs(
            "<details><summary>PrivateEnv: <code>#!connect privateenv --kernel-name private --url URL --api-key KEY --dataset NAME</code></summary>" +
            "<p>Cells starting with <code>#!private</code> run on the PrivateEnv server; <code>Export(value, \"m\")</code> there makes " +
            "<code>m</code> available to <code>#!share --from private m</code> and <code>#!set --name m --value @private:m --byref</code>. " +
            "Magics: <code>#!private-import NAME</code>, <code>#!private-odometer</code>, <code>#!private-close</code>.</p></details>",
            HtmlFormatter.MimeType);
    }
}

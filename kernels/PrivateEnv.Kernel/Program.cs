using PrivateEnv.Kernel;
using PrivateEnv.Kernel.Protocol;

// Started by Jupyter as: dotnet PrivateEnv.Kernel.dll {connection_file}
var log = Console.Error;
if (args.Length != 1)
{
    log.WriteLine("usage: dotnet PrivateEnv.Kernel.dll CONNECTION_FILE\nJupyter starts the kernel; install its kernelspec with 'privateenv kernel install --user'.");
    return 2;
}

ConnectionInfo connection;
try { connection = ConnectionInfo.Load(args[0]); }
catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException)
{
    log.WriteLine($"privateenv-kernel: {e.Message}");
    return 2;
}

// What local cells write to the console belongs in their notebook cell, not the kernel's log.
var router = new OutputRouter();
Console.SetOut(router.Stdout);
Console.SetError(router.Stderr);

using var kernel = new KernelHost(connection, router, log);
kernel.Run();
return 0;

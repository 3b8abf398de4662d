using System.Net.Sockets;
using PrivateEnv.Worker;

// One session's worker: holds its data and REPL state, runs verified cells, talks only to
// the server over the Unix socket given on the command line. At server start, one worker
// only checks the datasets (ValidateDatasets) and exits.
if (args.Length != 2 || args[0] != "--socket")
{
    Console.Error.WriteLine("usage: PrivateEnv.Worker --socket PATH (started by the PrivateEnv server, not by hand)");
    return 2;
}
using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
socket.Connect(new UnixDomainSocketEndPoint(args[1]));
using var stream = new NetworkStream(socket, ownsSocket: false);
return await new WorkerHost(stream).RunAsync();

// Hostile cell 056: A raw socket.
// Expected outcome: refused (directives below: //@ …); and in every case no canary in any output.
//@ expect: refused
//@ names: Socket
var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);

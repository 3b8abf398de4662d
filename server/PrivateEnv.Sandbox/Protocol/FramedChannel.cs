using Google.Protobuf;

namespace PrivateEnv.Sandbox.Protocol;

/// <summary>
/// Length-delimited protobuf messages over a stream; writes are serialised, reads are single-reader.
/// </summary>
public sealed class FramedChannel<TOut, TIn>(Stream stream, MessageParser<TIn> parser, int maxIncomingBytes) : IDisposable
    where TOut : IMessage<TOut> where TIn : IMessage<TIn>
{
    /// <summary>Largest message a worker accepts from the server: an import (at most a 64 MiB gRPC message) and its envelope.</summary>
    public const int MaxToWorkerBytes = 72 * 1024 * 1024;

    /// <summary>
    /// Largest message the server accepts from a worker: one output event of a cell (at most 32 MiB, see
    /// CellOutputLimit) and its envelope; a larger frame means a broken or hostile worker and ends its channel.
    /// </summary>
    public const int MaxFromWorkerBytes = 36 * 1024 * 1024;

    private readonly SemaphoreSlim writeLock = new(1, 1);

    public async Task WriteAsync(TOut message, CancellationToken cancellationToken = default)
    {
        var bytes = message.ToByteArray();
        var header = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(header, bytes.Length);
        await writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally { writeLock.Release(); }
    }

    public void Write(TOut message) => WriteAsync(message).GetAwaiter().GetResult();

    /// <summary>The next message, or null when the other side closed the channel.</summary>
    public async Task<TIn?> ReadAsync(CancellationToken cancellationToken = default)
    {
        var header = new byte[4];
        if (!await ReadExactlyOrEndAsync(header, cancellationToken).ConfigureAwait(false)) return default;
        var length = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > maxIncomingBytes) throw new InvalidDataException($"Channel message of {length} bytes is out of range.");
        var body = new byte[length];
        if (!await ReadExactlyOrEndAsync(body, cancellationToken).ConfigureAwait(false))
            throw new EndOfStreamException("Channel closed in the middle of a message.");
        return parser.ParseFrom(body);
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0) return false;
                throw new EndOfStreamException("Channel closed in the middle of a message.");
            }
            read += n;
        }
        return true;
    }

    public void Dispose()
    {
        stream.Dispose();
        writeLock.Dispose();
    }
}

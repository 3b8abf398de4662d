using System.IO.Compression;

namespace PrivateEnv.Learning.Hosting;

/// <summary>
/// Reads IDX files (the MNIST/Fashion-MNIST format): 0x00 0x00, a type code, the rank, big-endian
/// int32 dimensions, then the data. Gzip-compressed files are recognised by their magic bytes.
/// </summary>
public static class IdxFile
{
    public sealed record Contents(int[] Shape, byte[] Data);

    public static Contents Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    public static Contents Read(Stream stream, string nameForErrors = "IDX stream")
    {
        var buffered = new BufferedStream(stream);
        var first = new byte[2];
        ReadExactly(buffered, first, nameForErrors);
        Stream source = first[0] == 0x1f && first[1] == 0x8b
            ? new GZipStream(new PrefixedStream(first, buffered), CompressionMode.Decompress)
            : new PrefixedStream(first, buffered);
        var header = new byte[4];
        ReadExactly(source, header, nameForErrors);
        if (header[0] != 0 || header[1] != 0)
            throw new InvalidDataException($"{nameForErrors} is not an IDX file (bad magic). Give an idx file such as train-images-idx3-ubyte(.gz).");
        if (header[2] != 0x08)
            throw new InvalidDataException($"{nameForErrors} stores type 0x{header[2]:x2}; only unsigned bytes (0x08) are supported.");
        var shape = new int[header[3]];
        var dimension = new byte[4];
        for (int i = 0; i < shape.Length; i++)
        {
            ReadExactly(source, dimension, nameForErrors);
            shape[i] = dimension[0] << 24 | dimension[1] << 16 | dimension[2] << 8 | dimension[3];
            if (shape[i] < 0) throw new InvalidDataException($"{nameForErrors} has a negative dimension.");
        }
        var data = new byte[shape.Aggregate(1L, (a, d) => a * d)];
        ReadExactly(source, data, nameForErrors);
        return new Contents(shape, data);
    }

    private static void ReadExactly(Stream stream, byte[] buffer, string name)
    {
        try { stream.ReadExactly(buffer); }
        catch (EndOfStreamException) { throw new InvalidDataException($"{name} ends early: it is truncated or not an IDX file."); }
    }

    /// <summary>Replays the sniffed magic bytes before the rest of the stream.</summary>
    private sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        private int position;
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (position < prefix.Length)
            {
                var n = Math.Min(count, prefix.Length - position);
                Array.Copy(prefix, position, buffer, offset, n);
                position += n;
                return n;
            }
            return rest.Read(buffer, offset, count);
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

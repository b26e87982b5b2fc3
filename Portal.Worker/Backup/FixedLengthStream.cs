namespace Portal.Worker.Backup;

/// <summary>
/// A file read as exactly the length it had when opened. A tar entry's size is written before its bytes, so a file
/// that grows or shrinks while it is copied (an upload in progress) must not change the number of bytes written:
/// growth is cut off and a shortfall is filled with zeros, which keeps the archive readable.
/// </summary>
internal sealed class FixedLengthStream(Stream source, long length) : Stream
{
    private long position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    /// <summary>Whether the file ended before its length: the copy in the archive is padded.</summary>
    public bool WasShortened { get; private set; }

    public override long Position
    {
        get => position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = WasShortened ? 0 : source.Read(buffer[..wanted]);
        if (read == 0)
        {
            WasShortened = true;
            buffer[..wanted].Clear();
            read = wanted;
        }

        position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - position);
        if (wanted <= 0)
        {
            return 0;
        }

        var read = WasShortened ? 0 : await source.ReadAsync(buffer[..wanted], cancellationToken);
        if (read == 0)
        {
            WasShortened = true;
            buffer.Span[..wanted].Clear();
            read = wanted;
        }

        position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}

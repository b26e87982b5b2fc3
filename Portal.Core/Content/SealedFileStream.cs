using Microsoft.EntityFrameworkCore;
using Portal.Core.Data;
using Portal.Core.Sealing;

namespace Portal.Core.Content;

/// <summary>
/// A stored file read back as a seekable stream, one chunk at a time: a download (or a range of one, for seeking in a
/// recording) opens only the chunks it reaches and never holds more than one.
/// </summary>
public sealed class SealedFileStream(PortalDb db, Sealer sealer, Guid itemId, long length) : Stream
{
    private byte[]? chunk;
    private int chunkIndex = -1;
    private long position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => position;
        set => position = value is >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (!Load(ChunkAt(), sealedBytes: null))
        {
            return 0;
        }

        return CopyOut(buffer);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var index = ChunkAt();
        if (index != chunkIndex && position < length)
        {
            var sealedBytes = await db.ContentChunks.AsNoTracking().Where(c => c.ItemId == itemId && c.Index == index)
                .Select(c => c.SealedBytes).SingleOrDefaultAsync(cancellationToken);
            Load(index, sealedBytes ?? throw new SealedValueException($"Chunk {index} of a stored file is missing."));
        }

        return position < length ? CopyOut(buffer.Span) : 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int ChunkAt() => (int)(position / ContentChunk.Size);

    private bool Load(int index, byte[]? sealedBytes)
    {
        if (position >= length)
        {
            return false;
        }

        if (index != chunkIndex)
        {
            sealedBytes ??= db.ContentChunks.AsNoTracking().Where(c => c.ItemId == itemId && c.Index == index)
                .Select(c => c.SealedBytes).SingleOrDefault() ?? throw new SealedValueException($"Chunk {index} of a stored file is missing.");
            chunk = sealer.OpenBytes(sealedBytes, ContentChunk.SealingPlace(itemId, index));
            chunkIndex = index;
        }

        return true;
    }

    private int CopyOut(Span<byte> buffer)
    {
        var inChunk = (int)(position - ((long)chunkIndex * ContentChunk.Size));
        var count = (int)Math.Min(Math.Min(buffer.Length, chunk!.Length - inChunk), length - position);
        chunk.AsSpan(inChunk, count).CopyTo(buffer);
        position += count;
        return count;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => position + offset,
        _ => length + offset,
    };

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

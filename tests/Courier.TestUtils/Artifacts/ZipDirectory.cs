using System.Buffers.Binary;
using System.Text;

namespace Courier.TestUtils.Artifacts;

/// <summary>
/// Reads a ZIP's central directory straight from its bytes (independently of System.IO.Compression): each entry's name,
/// compression method (0 stored, 8 deflate), flags, CRC-32 and sizes, and whether ZIP64 end records are present.
/// </summary>
public sealed record ZipDirectory(IReadOnlyList<ZipDirectory.Entry> Entries, bool HasZip64EndRecord, long EntryCount)
{
    public sealed record Entry(string Name, ushort Method, ushort Flags, uint Crc32, long CompressedSize, long Size)
    {
        /// <summary>General-purpose bit 3: CRC and sizes follow the data in a data descriptor (a streamed write).</summary>
        public bool HasDataDescriptor => (Flags & 0x8) != 0;
    }

    /// <summary>Reads the directory at the end of <paramref name="zip"/> (the whole archive, or its tail holding the directory and end records, with <paramref name="tailOffset"/> the tail's position in the archive).</summary>
    public static ZipDirectory Read(ReadOnlySpan<byte> zip, long tailOffset = 0)
    {
        var eocd = zip.Length - 22;
        while (eocd >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(zip[eocd..]) != 0x06054b50) eocd--;
        if (eocd < 0) throw new InvalidDataException("no end of central directory record");
        long count = BinaryPrimitives.ReadUInt16LittleEndian(zip[(eocd + 10)..]);
        long offset = BinaryPrimitives.ReadUInt32LittleEndian(zip[(eocd + 16)..]);
        var locator = eocd - 20;
        var zip64 = locator >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(zip[locator..]) == 0x07064b50;
        if (zip64)
        {
            var record = (int)((long)BinaryPrimitives.ReadUInt64LittleEndian(zip[(locator + 8)..]) - tailOffset);
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[record..]) != 0x06064b50) throw new InvalidDataException("no ZIP64 end of central directory record");
            count = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip[(record + 32)..]);
            offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip[(record + 48)..]);
        }

        var entries = new List<Entry>();
        var at = (int)(offset - tailOffset);
        for (long i = 0; i < count; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip[at..]) != 0x02014b50) throw new InvalidDataException($"no central directory header at {at}");
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 8)..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 10)..]);
            var crc = BinaryPrimitives.ReadUInt32LittleEndian(zip[(at + 16)..]);
            long compressed = BinaryPrimitives.ReadUInt32LittleEndian(zip[(at + 20)..]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(zip[(at + 24)..]);
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 28)..]);
            var extraLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 30)..]);
            var commentLength = BinaryPrimitives.ReadUInt16LittleEndian(zip[(at + 32)..]);
            var name = Encoding.UTF8.GetString(zip.Slice(at + 46, nameLength));
            var extra = zip.Slice(at + 46 + nameLength, extraLength);
            (size, compressed) = Zip64Sizes(extra, size, compressed);
            entries.Add(new Entry(name, method, flags, crc, compressed, size));
            at += 46 + nameLength + extraLength + commentLength;
        }

        return new ZipDirectory(entries, zip64, count);
    }

    // The ZIP64 extra field (id 1) holds, in order, only the values whose 32-bit fields are 0xFFFFFFFF.
    private static (long Size, long Compressed) Zip64Sizes(ReadOnlySpan<byte> extra, long size, long compressed)
    {
        for (var i = 0; i + 4 <= extra.Length;)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(extra[i..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(extra[(i + 2)..]);
            if (id == 1)
            {
                var at = i + 4;
                if (size == 0xFFFFFFFF) { size = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[at..]); at += 8; }
                if (compressed == 0xFFFFFFFF) compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(extra[at..]);
            }

            i += 4 + length;
        }

        return (size, compressed);
    }
}

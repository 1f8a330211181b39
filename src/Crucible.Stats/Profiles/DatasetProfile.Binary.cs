using System.Buffers.Binary;
using Crucible.Stats.Serialization;
using Crucible.Stats.Sketches;

namespace Crucible.Stats.Profiles;

/// <summary>
/// Binary form: "CRPF" magic, version (u16), total length (i64), then sections
/// [tag (u8)][length (i32)][payload] — 1 = header (rows, window, tags), 2 = one per column — and
/// an 8-byte Hash64 checksum of everything before it. Little-endian throughout. Unknown section
/// tags are skipped so later versions can add sections; a changed layout bumps the version.
/// </summary>
public sealed partial class DatasetProfile
{
    /// <summary>Current format version.</summary>
    public const ushort FormatVersion = 1;

    private const byte HeaderSection = 1;
    private const byte ColumnSection = 2;
    private const int PrefixLength = 4 + 2 + 8;
    private static ReadOnlySpan<byte> Magic => "CRPF"u8;

    /// <summary>Serializes the profile.</summary>
    public byte[] ToBytes()
    {
        var body = new LittleEndianWriter(1024);
        body.WriteSection(HeaderSection, w =>
        {
            w.WriteInt64(RowCount);
            WriteTime(w, WindowStart);
            WriteTime(w, WindowEnd);
            w.WriteInt32(_tags.Count);
            foreach (KeyValuePair<string, string> tag in _tags)
            {
                w.WriteString(tag.Key);
                w.WriteString(tag.Value);
            }
        });
        foreach (ColumnProfile column in _columns.Values)
        {
            body.WriteSection(ColumnSection, column.Write);
        }

        var blob = new byte[PrefixLength + body.Length + 8];
        Magic.CopyTo(blob);
        BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(blob.AsSpan(6), blob.Length);
        body.WrittenSpan.CopyTo(blob.AsSpan(PrefixLength));
        BinaryPrimitives.WriteUInt64LittleEndian(blob.AsSpan(blob.Length - 8), Hash64.Of(blob.AsSpan(0, blob.Length - 8)));
        return blob;
    }

    /// <summary>
    /// Reads a blob written by <see cref="ToBytes"/>. Throws <see cref="InvalidDataException"/>
    /// with the reason (not a profile, unsupported version, truncated, checksum mismatch, bad field).
    /// </summary>
    public static DatasetProfile FromBytes(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < PrefixLength + 8 || !blob[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException(blob.Length < 4 || !blob[..4].SequenceEqual(Magic)
                ? "Not a Crucible profile blob (missing 'CRPF' magic)."
                : $"Profile blob is truncated ({blob.Length} bytes).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(blob[4..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Profile blob has format version {version}; this build reads version {FormatVersion}.");
        }

        long length = BinaryPrimitives.ReadInt64LittleEndian(blob[6..]);
        if (length != blob.Length)
        {
            throw new InvalidDataException($"Profile blob is truncated or padded: header says {length} bytes, got {blob.Length}.");
        }

        if (Hash64.Of(blob[..^8]) != BinaryPrimitives.ReadUInt64LittleEndian(blob[^8..]))
        {
            throw new InvalidDataException("Profile blob is corrupt (checksum mismatch).");
        }

        return ReadSections(blob[PrefixLength..^8]);
    }

    private static DatasetProfile ReadSections(ReadOnlySpan<byte> body)
    {
        var r = new LittleEndianReader(body, "Profile blob", "profile");
        long rows = -1;
        DateTimeOffset? start = null, end = null;
        var tags = new List<KeyValuePair<string, string>>();
        var columns = new List<ColumnProfile>();
        while (r.Remaining > 0)
        {
            byte tag = r.ReadByte();
            int length = r.ReadInt32();
            r.Require(length >= 0 && length <= r.Remaining, $"section {tag} has an invalid length {length}");
            ReadOnlySpan<byte> payload = r.ReadBytes(length);
            if (tag == HeaderSection)
            {
                r.Require(rows < 0, "two header sections");
                var h = new LittleEndianReader(payload, "Profile blob", "header");
                rows = h.ReadInt64();
                start = ReadTime(ref h);
                end = ReadTime(ref h);
                int count = h.ReadInt32();
                h.Require(rows >= 0 && count >= 0 && count <= payload.Length, "bad row or tag count");
                for (int i = 0; i < count; i++)
                {
                    tags.Add(new(h.ReadString(), h.ReadString()));
                }

                h.EnsureFullyRead();
            }
            else if (tag == ColumnSection)
            {
                var c = new LittleEndianReader(payload, "Profile blob", $"column section {columns.Count + 1}");
                columns.Add(ColumnProfile.Read(ref c));
                c.EnsureFullyRead();
            }
        }

        r.Require(rows >= 0, "no header section");
        try
        {
            return new DatasetProfile(columns, rows, start, end, tags);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Profile blob is invalid: {e.Message}", e);
        }
    }

    private static void WriteTime(LittleEndianWriter w, DateTimeOffset? time)
    {
        w.WriteByte(time is null ? (byte)0 : (byte)1);
        w.WriteInt64(time?.UtcTicks ?? 0);
    }

    private static DateTimeOffset? ReadTime(ref LittleEndianReader r)
    {
        byte present = r.ReadByte();
        long ticks = r.ReadInt64();
        r.Require(present <= 1 && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks, "bad window time");
        return present == 1 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }
}

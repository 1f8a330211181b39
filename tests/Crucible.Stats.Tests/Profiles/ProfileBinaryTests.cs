using Crucible.Stats.Profiles;

namespace Crucible.Stats.Tests.Profiles;

public sealed class ProfileBinaryTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(20_000)]
    public void Round_trip_keeps_every_byte(int rows)
    {
        var rng = new Random(42);
        var t0 = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        DatasetProfile p = ProfileData.Random(rng, rows);
        p = new DatasetProfile(p.Columns, p.RowCount, t0, t0.AddHours(1), [new("deployment", "fraud-π"), new("replica", "0")]);

        byte[] blob = p.ToBytes();
        DatasetProfile back = DatasetProfile.FromBytes(blob);

        Assert.Equal(blob, back.ToBytes());
        Assert.Equal(t0, back.WindowStart);
        Assert.Equal("fraud-π", back.Tags["deployment"]);
        ProfileAssert.SameContent(p, back, quantileTolerance: 0.0);
    }

    [Fact]
    public void Any_flipped_byte_is_rejected_with_InvalidDataException()
    {
        byte[] blob = ProfileData.Random(new Random(42), 40).ToBytes();
        for (int i = 0; i < blob.Length; i++)
        {
            byte[] damaged = (byte[])blob.Clone();
            damaged[i] ^= 0x5A;
            Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(damaged));
        }
    }

    [Fact]
    public void Truncation_bad_magic_and_newer_versions_say_what_is_wrong()
    {
        byte[] blob = ProfileData.Random(new Random(42), 40).ToBytes();

        Assert.Contains("magic", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes("PK\u0003\u0004 not a profile"u8)).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(blob.AsSpan(0, blob.Length - 9))).Message, StringComparison.Ordinal);
        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(blob.AsSpan(0, 12))).Message, StringComparison.Ordinal);
        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(Flip(blob, blob.Length / 2))).Message, StringComparison.Ordinal);
        byte[] newer = (byte[])blob.Clone();
        newer[4] = 9;
        Assert.Contains("version 9", Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes(newer)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => DatasetProfile.FromBytes([]));
    }

    [Fact]
    public void Empty_profile_round_trips()
    {
        var empty = new DatasetProfile([], 0);
        DatasetProfile back = DatasetProfile.FromBytes(empty.ToBytes());
        Assert.Empty(back.Columns);
        Assert.Null(back.WindowStart);
    }

    private static byte[] Flip(byte[] blob, int at)
    {
        byte[] copy = (byte[])blob.Clone();
        copy[at] ^= 1;
        return copy;
    }
}

using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Crucible.Core.Audit;

/// <summary>
/// The hash chain of the audit trail. An entry's hash is the lowercase hex SHA-256 of its canonical encoding: the
/// ASCII tag <c>crucible-audit-v1</c>, then these 12 fields in this order, each as a 4-byte big-endian length and
/// its UTF-8 bytes (length <c>0xFFFFFFFF</c> and no bytes for null): sequence and time_ms as decimal text, actor,
/// actor_kind, token_id, workspace, action, target, outcome as decimal text, remote_address, request_id, prev_hash.
/// The first entry's prev_hash is <see cref="Genesis"/> (64 zeros). Lengths make the encoding unambiguous, so no
/// two different rows encode to the same bytes.
/// </summary>
public static class AuditChain
{
    /// <summary>The prev_hash of sequence 1.</summary>
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Tag = "crucible-audit-v1"u8.ToArray();

    public static string Hash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Tag);
        Field(hash, entry.Sequence.ToString(CultureInfo.InvariantCulture));
        Field(hash, entry.TimeMs.ToString(CultureInfo.InvariantCulture));
        Field(hash, entry.Actor);
        Field(hash, entry.ActorKind);
        Field(hash, entry.TokenId);
        Field(hash, entry.Workspace);
        Field(hash, entry.Action);
        Field(hash, entry.Target);
        Field(hash, entry.Outcome.ToString(CultureInfo.InvariantCulture));
        Field(hash, entry.RemoteAddress);
        Field(hash, entry.RequestId);
        Field(hash, entry.PrevHash);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>
    /// Walks every entry from sequence 1 (pages of <see cref="AuditQuery.MaxPage"/>) and checks that sequences have
    /// no gap, each entry links to its predecessor's hash and recomputes to its own, and the head row names the last one.
    /// </summary>
    public static async Task<AuditVerification> VerifyAsync(IAuditStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var head = await store.HeadAsync(cancellationToken).ConfigureAwait(false);
        long expected = 1;
        var prev = Genesis;
        long checkedCount = 0;
        while (true)
        {
            var page = await store.ListAsync(new AuditQuery { AfterSequence = expected - 1, MaxResults = AuditQuery.MaxPage }, cancellationToken).ConfigureAwait(false);
            foreach (var entry in page)
            {
                checkedCount++;
                if (entry.Sequence != expected)
                {
                    return Broken(expected, $"sequence {expected} is missing (the next entry is {entry.Sequence}): a row was deleted");
                }

                if (!string.Equals(entry.PrevHash, prev, StringComparison.Ordinal))
                {
                    return Broken(expected, $"entry {expected} does not link to entry {expected - 1}'s hash: a row was replaced or removed");
                }

                if (!string.Equals(Hash(entry), entry.Hash, StringComparison.Ordinal))
                {
                    return Broken(expected, $"entry {expected} does not match its hash: the row was edited");
                }

                prev = entry.Hash;
                expected++;
            }

            if (page.Count < AuditQuery.MaxPage)
            {
                break;
            }
        }

        var last = expected - 1;
        if (head.Sequence != last || !string.Equals(head.Hash, prev, StringComparison.Ordinal))
        {
            return Broken(
                Math.Min(last, head.Sequence) + 1,
                $"the head row names entry {head.Sequence} but the chain ends at entry {last}: rows were removed from the end or the head was changed");
        }

        return new AuditVerification(true, checkedCount, null, null, head);

        AuditVerification Broken(long sequence, string problem) => new(false, checkedCount, sequence, problem, head);
    }

    private static void Field(IncrementalHash hash, string? value)
    {
        Span<byte> length = stackalloc byte[4];
        if (value is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, uint.MaxValue);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}

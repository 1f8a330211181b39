using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.Tabular;
using Crucible.DataQuality.Serialization;

namespace Crucible.DataQuality.Redaction;

/// <summary>
/// Streams a CSV or JSON Lines file into a new CSV with columns masked, hashed or dropped, and writes
/// the provenance next to it (<c>OUT.provenance.json</c>). The output appears only when complete.
/// </summary>
public static class Redactor
{
    public const string ProvenanceSuffix = ".provenance.json";

    public static RedactionProvenance Redact(string input, string output, RedactionPlan plan, TimeProvider? time = null)
    {
        RedactionProvenance provenance = Apply(input, output, plan, time);
        File.WriteAllText(output + ProvenanceSuffix, JsonSerializer.Serialize(provenance, DataQualityJsonContext.Default.RedactionProvenance), CsvWriter.Utf8);
        return provenance;
    }

    /// <summary>
    /// <see cref="Redact"/> without the provenance file, for callers that record what was done elsewhere (a dataset
    /// version's provenance).
    /// </summary>
    public static RedactionProvenance Apply(string input, string output, RedactionPlan plan, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(plan);
        if (Path.GetFullPath(input) == Path.GetFullPath(output))
        {
            throw CrucibleException.Invalid("The output must be a new file, not the input.");
        }

        if (plan.Hash.Count > 0 && string.IsNullOrEmpty(plan.Salt))
        {
            throw CrucibleException.Invalid("Hashing needs a salt: without one, hashes of names or numbers can be reversed by trying candidates.");
        }

        using TabularReader reader = TabularReader.Open(input, plan.Reader);
        RedactionAction?[] actions = Actions(reader.Columns, plan);
        byte[] key = Encoding.UTF8.GetBytes(plan.Salt ?? string.Empty);
        string temporary = output + ".partial";
        try
        {
            using (var writer = new StreamWriter(temporary, append: false, CsvWriter.Utf8))
            {
                var csv = new CsvWriter(writer);
                csv.WriteRow(reader.Columns.Where((_, i) => actions[i] != RedactionAction.Drop));
                while (reader.TryReadRow(out string?[]? row))
                {
                    csv.WriteRow(Transform(row, actions, key));
                    if ((reader.RowCount & 0x3FFF) == 0)
                    {
                        plan.Progress?.Invoke(reader.BytesRead, reader.Length);
                    }
                }
            }

            File.Move(temporary, output, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return new RedactionProvenance
        {
            Source = input,
            SourceSha256 = reader.Sha256(),
            Output = output,
            OutputSha256 = FileSha256(output),
            Rows = reader.RowCount,
            Columns = [.. reader.Columns.Select((c, i) => (c, a: actions[i])).Where(p => p.a is not null).Select(p => new RedactedColumn(p.c, p.a!.Value))],
            SaltSha256 = plan.Hash.Count > 0 ? Convert.ToHexStringLower(SHA256.HashData(key)) : null,
            Transform = "crucible data redact",
            CreatedAt = (time ?? TimeProvider.System).GetUtcNow(),
        };
    }

    /// <summary>Letters and digits become <c>*</c>; everything else stays.</summary>
    public static string Mask(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return string.Create(value.Length, value, (span, v) =>
        {
            for (int i = 0; i < v.Length; i++)
            {
                span[i] = char.IsLetterOrDigit(v[i]) ? '*' : v[i];
            }
        });
    }

    /// <summary>HMAC-SHA-256 of the value's UTF-8 bytes keyed with the salt, lower-case hex.</summary>
    public static string Hash(string value, byte[] salt)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Convert.ToHexStringLower(HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(value)));
    }

    private static IEnumerable<string?> Transform(string?[] row, RedactionAction?[] actions, byte[] key)
    {
        for (int i = 0; i < row.Length; i++)
        {
            string? cell = row[i];
            switch (actions[i])
            {
                case RedactionAction.Drop:
                    continue;
                case RedactionAction.Mask:
                    yield return cell is null ? null : Mask(cell);
                    break;
                case RedactionAction.Hash:
                    yield return cell is null ? null : Hash(cell, key);
                    break;
                default:
                    yield return cell;
                    break;
            }
        }
    }

    private static RedactionAction?[] Actions(IReadOnlyList<string> columns, RedactionPlan plan)
    {
        var actions = new RedactionAction?[columns.Count];
        var index = columns.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i, StringComparer.Ordinal);
        foreach ((IReadOnlyList<string> names, RedactionAction action) in new[] { (plan.Mask, RedactionAction.Mask), (plan.Hash, RedactionAction.Hash), (plan.Drop, RedactionAction.Drop) })
        {
            foreach (string name in names)
            {
                if (!index.TryGetValue(name, out int i))
                {
                    throw CrucibleException.Invalid($"Column '{name}' is not in the file (columns: {string.Join(", ", columns)}).");
                }

                if (actions[i] is { } previous && previous != action)
                {
                    throw CrucibleException.Invalid($"Column '{name}' is listed for both {previous.ToString().ToLowerInvariant()} and {action.ToString().ToLowerInvariant()}.");
                }

                actions[i] = action;
            }
        }

        if (actions.All(a => a == RedactionAction.Drop))
        {
            throw CrucibleException.Invalid("Dropping every column would leave nothing to write.");
        }

        return actions;
    }

    private static string FileSha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

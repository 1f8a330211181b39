using System.Reflection;
using System.Text.RegularExpressions;

namespace Crucible.Storage.Relational;

/// <summary>
/// Named SQL statements loaded from the embedded <c>Sql/</c> resources: <c>common/*.sql</c> for statements both
/// engines accept, <c>{dialect}/*.sql</c> for those that differ (a dialect file overrides a common name), and
/// numbered migrations under <c>{dialect}/migrations/</c>. Each statement starts with <c>-- name: X</c>.
/// </summary>
internal sealed partial class SqlStatements
{
    private readonly Dictionary<string, string> _statements;

    private SqlStatements(Dictionary<string, string> statements, IReadOnlyList<Migration> migrations)
    {
        _statements = statements;
        Migrations = migrations;
    }

    public IReadOnlyList<Migration> Migrations { get; }

    public string this[string name] =>
        _statements.TryGetValue(name, out var sql) ? sql : throw new KeyNotFoundException($"No SQL statement named '{name}'.");

    public static SqlStatements Load(string dialect)
    {
        var assembly = typeof(SqlStatements).Assembly;
        var names = assembly.GetManifestResourceNames();
        var statements = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { "common/", dialect + "/" })
        {
            foreach (var resource in names.Where(n => n.StartsWith(folder, StringComparison.Ordinal) && !n.Contains("/migrations/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                foreach (var (name, sql) in Split(Read(assembly, resource)))
                {
                    statements[name] = sql;
                }
            }
        }

        var migrations = names
            .Where(n => n.StartsWith(dialect + "/migrations/", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[(n.LastIndexOf('/') + 1)..];
                var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
                return new Migration(version, file, Read(assembly, n));
            })
            .OrderBy(m => m.Version)
            .ToList();
        return new SqlStatements(statements, migrations);
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<(string Name, string Sql)> Split(string text)
    {
        var matches = NameMarker().Matches(text);
        for (var i = 0; i < matches.Count; i++)
        {
            var start = matches[i].Index + matches[i].Length;
            var end = i + 1 < matches.Count ? matches[i + 1].Index : text.Length;
            yield return (matches[i].Groups[1].Value, text[start..end].Trim().TrimEnd(';'));
        }
    }

    [GeneratedRegex(@"^--\s*name:\s*(\w+)\s*$", RegexOptions.Multiline)]
    private static partial Regex NameMarker();
}

/// <summary>One numbered schema migration script.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

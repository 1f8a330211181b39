using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Crucible.Core.Errors;

namespace Crucible.Tabular;

/// <summary>One file of a folder: its name relative to the folder (forward slashes) and where it is on disk.</summary>
public sealed record FolderFile(string Name, string Path);

/// <summary>A file of a folder with its SHA-256 and size, as read.</summary>
public sealed record FolderFileDigest(string Name, string Sha256, long Size);

/// <summary>
/// The files of a folder read as one table, in ordinal order of their relative names, one file open at a time
/// (memory stays bounded). Every file must have the first file's columns in the same order. Errors name the file:
/// <c>sub/b.csv: line 3: ...</c>. <see cref="Sha256"/> is the folder's digest: the SHA-256 of its manifest, one line
/// <c>&lt;file sha256&gt;  &lt;relative name&gt;\n</c> per file in that order (the format <c>sha256sum</c> prints and checks).
/// </summary>
public sealed class TabularFolder : ITabularRows
{
    private readonly IReadOnlyList<FolderFile> _files;
    private readonly TabularOptions _options;
    private readonly List<FolderFileDigest> _digests = [];
    private TabularReader? _current;
    private int _index;
    private long _bytesBefore;

    private TabularFolder(IReadOnlyList<FolderFile> files, TabularOptions options)
    {
        _files = files;
        _options = options;
        _current = TabularReader.Open(files[0].Path, options with { SourceName = files[0].Name });
        Columns = _current.Columns;
        Format = _current.Format;
        Length = files.Sum(f => new FileInfo(f.Path).Length);
    }

    public IReadOnlyList<string> Columns { get; }

    public TabularFormat Format { get; }

    public long RowCount { get; private set; }

    /// <summary>Where the last row returned is, in the file being read.</summary>
    public TabularPosition Position => _current?.Position ?? default;

    public long BytesRead => _bytesBefore + (_current?.BytesRead ?? 0);

    public long? Length { get; }

    /// <summary>Each file's digest and size, complete once every row has been read.</summary>
    public IReadOnlyList<FolderFileDigest> Files => _digests;

    /// <summary>Opens the files (at least one; names unique) sorted by name.</summary>
    public static TabularFolder Open(IEnumerable<FolderFile> files, TabularOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        FolderFile[] sorted = [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
        if (sorted.Length == 0)
        {
            throw CrucibleException.Invalid("The folder holds no data files.");
        }

        if (sorted.Zip(sorted.Skip(1)).FirstOrDefault(p => p.First.Name == p.Second.Name) is { First: { } twice })
        {
            throw CrucibleException.Invalid($"The folder lists '{twice.Name}' twice.");
        }

        return new TabularFolder(sorted, options ?? new TabularOptions());
    }

    /// <summary>The manifest text the digest is taken over.</summary>
    public static string Manifest(IEnumerable<FolderFileDigest> files) =>
        string.Concat(files.Select(f => $"{f.Sha256}  {f.Name}\n"));

    public string Sha256()
    {
        while (TryReadRow(out _))
        {
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Manifest(_digests))));
    }

    public bool TryReadRow([NotNullWhen(true)] out string?[]? row)
    {
        while (_current is { } reader)
        {
            FolderFile file = _files[_index];
            if (reader.TryReadRow(out string?[]? read))
            {
                row = read;
                RowCount++;
                return true;
            }

            _digests.Add(new FolderFileDigest(file.Name, reader.Sha256(), reader.BytesRead));
            _bytesBefore += reader.BytesRead;
            reader.Dispose();
            _current = null;
            if (++_index < _files.Count)
            {
                FolderFile next = _files[_index];
                _current = TabularReader.Open(next.Path, _options with { SourceName = next.Name });
                if (!_current.Columns.SequenceEqual(Columns, StringComparer.Ordinal))
                {
                    throw CrucibleException.Invalid(
                        $"{next.Name}: columns ({string.Join(", ", _current.Columns)}) differ from {_files[0].Name}'s ({string.Join(", ", Columns)}); all files of a folder must share one schema.");
                }
            }
        }

        row = null;
        return false;
    }

    public void Dispose() => _current?.Dispose();
}

using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;

namespace Crucible.Client;

/// <summary>
/// A folder of data files as one tar stream, written entry by entry while the request goes out (never held in memory).
/// Files and folders starting with '.' are skipped; any other file that is not <c>.csv</c>, <c>.jsonl</c> or
/// <c>.ndjson</c>, or a mix of CSV and JSON Lines, is refused before anything is sent.
/// </summary>
internal sealed class DatasetFolderContent : HttpContent
{
    public const string MediaType = "application/x-tar";

    private readonly string _root;
    private readonly IReadOnlyList<string> _files;

    private DatasetFolderContent(string root, IReadOnlyList<string> files, string format)
    {
        _root = root;
        _files = files;
        Format = format;
        Headers.ContentType = new MediaTypeHeaderValue(MediaType);
    }

    /// <summary><c>csv</c> or <c>jsonl</c>.</summary>
    public string Format { get; }

    /// <exception cref="ArgumentException">The folder holds no data file, a file of another kind, or both formats.</exception>
    public static DatasetFolderContent Open(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ArgumentException($"folder '{root}' holds no .csv or .jsonl files.", nameof(root));
        }

        var formats = files.Select(f => FormatOf(f) ?? throw new ArgumentException(
            $"'{f}' in '{root}' is neither .csv, .jsonl/.ndjson nor .parquet; a dataset folder holds only data files of one format.", nameof(root))).Distinct().ToList();
        return formats.Count == 1
            ? new DatasetFolderContent(root, files, formats[0])
            : throw new ArgumentException($"folder '{root}' mixes CSV and JSON Lines files; a dataset folder holds files of one format.", nameof(root));
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None).ConfigureAwait(false);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var file in _files)
            {
                await writer.WriteEntryAsync(Path.Combine(_root, file), file, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }

    private static string? FormatOf(string file) => Path.GetExtension(file).ToUpperInvariant() switch
    {
        ".CSV" => "csv",
        ".JSONL" or ".NDJSON" => "jsonl",
        ".PARQUET" or ".PQ" => "parquet",
        _ => null,
    };
}

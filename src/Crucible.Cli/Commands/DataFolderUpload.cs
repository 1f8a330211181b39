using System.Formats.Tar;
using System.Net;
using System.Net.Http.Headers;

namespace Crucible.Cli.Commands;

/// <summary>
/// <c>crucible data register DIR</c>: the folder's data files sent as one tar stream, written entry by entry while
/// the request goes out (never held in memory). Files starting with '.' are skipped; any other file that is not
/// <c>.csv</c>, <c>.jsonl</c> or <c>.ndjson</c>, or a mix of CSV and JSON Lines, is refused before anything is sent.
/// </summary>
internal sealed class DataFolderUpload : HttpContent
{
    private readonly string _root;
    private readonly IReadOnlyList<string> _files;

    private DataFolderUpload(string root, IReadOnlyList<string> files, string format)
    {
        _root = root;
        _files = files;
        Format = format;
        Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
    }

    /// <summary><c>csv</c> or <c>jsonl</c>.</summary>
    public string Format { get; }

    public static DataFolderUpload Open(string root)
    {
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => !f.Split('/').Any(part => part.StartsWith('.')))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new ModelsCommandException($"folder '{root}' holds no .csv or .jsonl files.");
        }

        var formats = files.Select(f => Path.GetExtension(f).ToUpperInvariant() switch
        {
            ".CSV" => "csv",
            ".JSONL" or ".NDJSON" => "jsonl",
            ".PARQUET" => "parquet",
            _ => throw new ModelsCommandException($"'{f}' in '{root}' is neither .csv, .jsonl/.ndjson nor .parquet; a dataset folder holds only data files of one format."),
        }).Distinct().ToList();
        return formats.Count == 1
            ? new DataFolderUpload(root, files, formats[0])
            : throw new ModelsCommandException($"folder '{root}' mixes CSV and JSON Lines files; a dataset folder holds files of one format.");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var file in _files)
        {
            await writer.WriteEntryAsync(Path.Combine(_root, file), file);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}

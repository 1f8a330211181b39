using System.Collections.Frozen;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Crucible.Ui;

/// <summary>One UI file as served: its bytes, their gzip and Brotli forms (for text), its media type and strong ETag.</summary>
internal sealed record UiAsset(string Path, byte[] Bytes, byte[]? Gzip, byte[]? Brotli, string ContentType, string ETag);

/// <summary>
/// The UI's files, read once from the assembly's embedded resources (<c>wwwroot/**</c>), compressed once, and named by
/// <see cref="Version"/>: a hash over every file, so a URL under <c>/ui/{version}/</c> never changes meaning and can be
/// cached for a year, while the shell at <c>/</c> (never cached) always points at the current one.
/// </summary>
internal sealed class UiAssets
{
    private const string Prefix = "ui/";

    private static readonly FrozenDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".json"] = "application/json; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly FrozenDictionary<string, UiAsset> _files;

    private UiAssets(FrozenDictionary<string, UiAsset> files, string version, UiAsset shell)
    {
        _files = files;
        Version = version;
        Shell = shell;
    }

    /// <summary>The first 12 hex digits of a SHA-256 over every file's path and hash.</summary>
    public string Version { get; }

    /// <summary>index.html with <c>{{version}}</c> replaced, served at <c>/</c>.</summary>
    public UiAsset Shell { get; }

    /// <summary>Every file but the shell, by its path under wwwroot (e.g. <c>js/app.js</c>).</summary>
    public IReadOnlyCollection<UiAsset> Files => _files.Values;

    public static UiAssets Load()
    {
        var assembly = typeof(UiAssets).Assembly;
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[name[Prefix.Length..].Replace('\\', '/')] = copy.ToArray();
        }

        using var all = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (path, bytes) in files)
        {
            all.AppendData(System.Text.Encoding.UTF8.GetBytes(path));
            all.AppendData(SHA256.HashData(bytes));
        }

        var version = Convert.ToHexStringLower(all.GetHashAndReset())[..12];
        var shellText = System.Text.Encoding.UTF8.GetString(files["index.html"]).Replace("{{version}}", version, StringComparison.Ordinal);
        var shell = Create("index.html", System.Text.Encoding.UTF8.GetBytes(shellText));
        var assets = files.Where(f => f.Key != "index.html").ToFrozenDictionary(f => f.Key, f => Create(f.Key, f.Value), StringComparer.Ordinal);
        return new UiAssets(assets, version, shell);
    }

    public UiAsset? Find(string path) => _files.GetValueOrDefault(path);

    private static UiAsset Create(string path, byte[] bytes)
    {
        var type = Types.GetValueOrDefault(Path.GetExtension(path)) ?? "application/octet-stream";
        var text = type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("svg", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal);
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"";
        return new UiAsset(path, bytes, text ? Compress(bytes, s => new GZipStream(s, CompressionLevel.SmallestSize)) : null,
            text ? Compress(bytes, s => new BrotliStream(s, CompressionLevel.SmallestSize)) : null, type, etag);
    }

    private static byte[] Compress(byte[] bytes, Func<Stream, Stream> wrap)
    {
        using var output = new MemoryStream();
        using (var compressor = wrap(output))
        {
            compressor.Write(bytes);
        }

        return output.ToArray();
    }
}

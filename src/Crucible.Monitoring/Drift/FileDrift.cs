using Crucible.Stats.Profiles;
using Crucible.Core.Errors;
using Crucible.Monitoring.Readers;
using Crucible.Tabular;

namespace Crucible.Monitoring.Drift;

/// <summary>Drift straight from two data files (CSV, JSON Lines or Parquet).</summary>
public static class FileDrift
{
    /// <summary>Files with at most this many bytes each are compared exactly on raw arrays by default.</summary>
    public const long ExactSizeLimit = 64L << 20;

    /// <summary>
    /// Compares two inputs, each a data file or a profile blob written by <c>crucible profile</c>.
    /// When either is a profile blob both sides are compared as profiles. exact = true reads both files into memory and runs the tests on the raw
    /// samples (<see cref="RawDrift"/>); false streams both into profiles (<see cref="ProfileDrift"/>,
    /// bounded memory, sketch-approximate on large data); null picks exact when both files are at
    /// most <see cref="ExactSizeLimit"/> bytes.
    /// </summary>
    public static DriftReport Compute(string referencePath, string currentPath, DriftOptions? options = null, bool? exact = null)
    {
        ArgumentNullException.ThrowIfNull(referencePath);
        ArgumentNullException.ThrowIfNull(currentPath);
        (options ?? new DriftOptions()).Validate();
        if (IsProfileBlob(referencePath) || IsProfileBlob(currentPath))
        {
            return ProfileDrift.Compute(LoadProfile(referencePath), LoadProfile(currentPath), options);
        }

        bool useRaw = exact ?? (Size(referencePath) <= ExactSizeLimit && Size(currentPath) <= ExactSizeLimit);
        return useRaw
            ? RawDrift.Compute(TabularFile.ReadRaw(referencePath), TabularFile.ReadRaw(currentPath), options)
            : ProfileDrift.Compute(TabularFile.Profile(referencePath), TabularFile.Profile(currentPath), options);
    }

    private static long Size(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : throw CrucibleException.NotFound($"File '{path}' does not exist.");
    }

    /// <summary>True when the file starts with the profile blob magic.</summary>
    public static bool IsProfileBlob(string path)
    {
        Size(path);
        using FileStream stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[4];
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("CRPF"u8);
    }

    /// <summary>A profile blob as is, or a data file profiled by streaming.</summary>
    public static DatasetProfile LoadProfile(string path)
    {
        if (!IsProfileBlob(path))
        {
            return TabularFile.Profile(path);
        }

        try
        {
            return DatasetProfile.FromBytes(File.ReadAllBytes(path));
        }
        catch (InvalidDataException e)
        {
            throw new TabularDataException(path, null, null, $"not a readable profile blob ({e.Message}).", e);
        }
    }
}

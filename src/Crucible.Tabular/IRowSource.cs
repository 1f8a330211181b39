using System.Diagnostics.CodeAnalysis;

namespace Crucible.Tabular;

/// <summary>One format's rows, before cells are normalized and errors are given the file name.</summary>
internal interface IRowSource : IDisposable
{
    IReadOnlyList<string> Columns { get; }

    /// <summary>Where the last row returned is.</summary>
    TabularPosition Position { get; }

    long BytesRead { get; }

    long? Length { get; }

    string Sha256();

    /// <summary>The next row's raw cells (null for a null), one per column known when it was read.</summary>
    bool TryReadRow([NotNullWhen(true)] out string?[]? row);
}

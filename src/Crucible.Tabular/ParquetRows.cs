using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;

namespace Crucible.Tabular;

/// <summary>
/// Parquet rows, one row group in memory at a time: each group's columns are read and turned into text cells by
/// <see cref="ParquetCells"/>, then handed out row by row. Only flat schemas (no lists, maps or structs) are read.
/// Parquet.Net is asynchronous; this reader is synchronous like the text readers, so it waits on each call (there is
/// no synchronization context in the hosts that use it).
/// </summary>
internal sealed class ParquetRows : IRowSource
{
    private readonly Stream _stream;
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private string?[][] _group = [];
    private int _groupIndex = -1;
    private long _rowInGroup;
    private long _groupRows;

    public ParquetRows(Stream stream)
    {
        if (!stream.CanSeek)
        {
            throw new ArgumentException("Parquet is read from a seekable stream.", nameof(stream));
        }

        _stream = stream;
        try
        {
            _reader = ParquetReader.CreateAsync(stream, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            stream.Dispose();
            throw new TabularDataException(null, null, null, $"not a readable Parquet file ({e.Message}).", e);
        }

        if (_reader.Schema.Fields.FirstOrDefault(f => f.SchemaType != SchemaType.Data) is { } nested)
        {
            Dispose();
            throw new TabularDataException(null, null, nested.Name, "nested Parquet columns (lists, maps, structs) are not supported; flatten the column.");
        }

        _fields = _reader.Schema.GetDataFields();
        Columns = [.. _fields.Select(f => f.Name)];
        if (_reader.Metadata is not { } meta || meta.RowGroups.All(g => g.NumRows == 0))
        {
            Dispose();
            throw new TabularDataException(null, null, null, "the Parquet file has no rows.");
        }
    }

    public IReadOnlyList<string> Columns { get; }

    public TabularPosition Position => TabularPosition.InRowGroup(_groupIndex + 1, _rowInGroup);

    public long BytesRead { get; private set; }

    public long? Length => _stream.Length;

    public string Sha256()
    {
        _stream.Position = 0;
        return Convert.ToHexStringLower(SHA256.HashData(_stream));
    }

    public bool TryReadRow([NotNullWhen(true)] out string?[]? row)
    {
        while (_rowInGroup >= _groupRows)
        {
            if (_groupIndex + 1 >= _reader.RowGroupCount)
            {
                row = null;
                return false;
            }

            LoadGroup(_groupIndex + 1);
        }

        row = new string?[_fields.Length];
        for (int c = 0; c < row.Length; c++)
        {
            row[c] = _group[c][_rowInGroup];
        }

        _rowInGroup++;
        return true;
    }

    public void Dispose()
    {
        _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Dispose();
    }

    private void LoadGroup(int index)
    {
        _group = [];
        using ParquetRowGroupReader group = _reader.OpenRowGroupReader(index);
        int rows = checked((int)group.RowCount);
        var columns = new string?[_fields.Length][];
        for (int c = 0; c < _fields.Length; c++)
        {
            try
            {
                columns[c] = ParquetCells.Read(group, _fields[c], rows);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException or InvalidOperationException or ArgumentException)
            {
                throw new TabularDataException(null, TabularPosition.InRowGroup(index + 1, 1), _fields[c].Name, $"the column chunk cannot be read ({e.Message}).", e);
            }
        }

        _group = columns;
        _groupIndex = index;
        _groupRows = rows;
        _rowInGroup = 0;
        BytesRead = Math.Min(_stream.Length, _reader.Metadata!.RowGroups.Take(index + 1).Sum(g => g.TotalCompressedSize ?? g.TotalByteSize));
    }
}

namespace Crucible.Features.Historical;

/// <summary>A temporary binary file of records written once and read back once in order (the out-of-core join's partitions).</summary>
internal sealed class SpillWriter : IDisposable
{
    private readonly BinaryWriter _writer;

    public SpillWriter(string path)
    {
        Path = path;
        _writer = new BinaryWriter(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16));
    }

    public string Path { get; }

    public void Write(long value) => _writer.Write(value);

    public void Write(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    public void Write(string?[]? values, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Write(values?[i]);
        }
    }

    public void Dispose() => _writer.Dispose();
}

internal sealed class SpillReader : IDisposable
{
    private readonly BinaryReader _reader;
    private readonly long _length;

    public SpillReader(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.SequentialScan);
        _length = stream.Length;
        _reader = new BinaryReader(stream);
    }

    public bool AtEnd => _reader.BaseStream.Position >= _length;

    public long ReadLong() => _reader.ReadInt64();

    public string? ReadString() => _reader.ReadBoolean() ? _reader.ReadString() : null;

    public string?[] ReadStrings(int count)
    {
        var values = new string?[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadString();
        }

        return values;
    }

    public void Dispose() => _reader.Dispose();
}

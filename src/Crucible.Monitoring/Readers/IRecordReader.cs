namespace Crucible.Monitoring.Readers;

/// <summary>A forward-only reader of records whose fields map to numbered columns.</summary>
internal interface IRecordReader : IDisposable
{
    /// <summary>Column names known so far (fixed for CSV, growing for JSON Lines).</summary>
    IReadOnlyList<string> Columns { get; }

    /// <summary>1-based line on which the current record starts.</summary>
    long RecordLine { get; }

    /// <summary>Fields in the current record.</summary>
    int FieldCount { get; }

    /// <summary>Moves to the next record; false at the end of the file.</summary>
    bool ReadRecord();

    /// <summary>Column index of a field of the current record.</summary>
    int ColumnOf(int field);

    /// <summary>True when the field is missing (empty, null token or JSON null).</summary>
    bool IsNull(int field);

    /// <summary>Parses the field as a double (invariant culture).</summary>
    bool TryGetDouble(int field, out double value);

    /// <summary>The field as a string.</summary>
    string GetString(int field);
}

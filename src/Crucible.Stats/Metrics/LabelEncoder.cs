namespace Crucible.Stats.Metrics;

/// <summary>
/// Maps string class labels to class indices 0..K-1 in ordinal (code-point) sort order, as sklearn's
/// <c>LabelEncoder</c> orders them with <c>numpy.unique</c>.
/// </summary>
public sealed class LabelEncoder
{
    private readonly string[] _classes;
    private readonly Dictionary<string, int> _index;

    private LabelEncoder(string[] classes)
    {
        _classes = classes;
        _index = new Dictionary<string, int>(classes.Length, StringComparer.Ordinal);
        for (var i = 0; i < classes.Length; i++)
        {
            _index[classes[i]] = i;
        }
    }

    /// <summary>The distinct labels, sorted ordinally; position = class index.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Learns the sorted distinct labels.</summary>
    /// <exception cref="ArgumentException">The input is empty or holds a null label.</exception>
    public static LabelEncoder Fit(IEnumerable<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        var row = 0;
        foreach (var label in labels)
        {
            if (label is null)
            {
                throw new ArgumentException($"labels has a null label at row {row.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(labels));
            }

            distinct.Add(label);
            row++;
        }

        if (distinct.Count == 0)
        {
            throw new ArgumentException("labels is empty; cannot learn any class.", nameof(labels));
        }

        var classes = distinct.ToArray();
        Array.Sort(classes, StringComparer.Ordinal);
        return new LabelEncoder(classes);
    }

    /// <summary>Class index of one label.</summary>
    /// <exception cref="ArgumentException">The label was not seen by <see cref="Fit"/>.</exception>
    public int Encode(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!_index.TryGetValue(label, out var index))
        {
            throw new ArgumentException($"Unknown label '{label}'; known classes: {string.Join(", ", _classes)}.", nameof(label));
        }

        return index;
    }

    /// <summary>Class indices of many labels; an unknown label fails naming its row.</summary>
    public int[] Transform(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var result = new int[labels.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var label = labels[i];
            if (label is null || !_index.TryGetValue(label, out var index))
            {
                throw new ArgumentException(
                    $"Unknown label '{label}' at row {i.ToString(System.Globalization.CultureInfo.InvariantCulture)}.", nameof(labels));
            }

            result[i] = index;
        }

        return result;
    }

    /// <summary>The label for a class index.</summary>
    public string Decode(int classIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(classIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(classIndex, _classes.Length);
        return _classes[classIndex];
    }
}

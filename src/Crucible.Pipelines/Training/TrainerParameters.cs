using System.Globalization;

namespace Crucible.Pipelines.Training;

/// <summary>
/// Reads a trainer's string parameters: each read names its default and its valid range, unknown names are an error,
/// and <see cref="Effective"/> is what the model was trained with (defaults included), ready to log to a run.
/// </summary>
internal sealed class TrainerParameters
{
    private readonly string _trainer;
    private readonly IReadOnlyDictionary<string, string> _given;
    private readonly SortedDictionary<string, string> _effective = new(StringComparer.Ordinal);

    public TrainerParameters(string trainer, IReadOnlyDictionary<string, string>? given)
    {
        _trainer = trainer;
        _given = given ?? new Dictionary<string, string>();
    }

    public IReadOnlyDictionary<string, string> Effective => _effective;

    /// <summary>A real number in (<paramref name="min"/>, ∞) when <paramref name="exclusiveMin"/>, else [min, ∞).</summary>
    public double Double(string name, double defaultValue, double min, bool exclusiveMin)
    {
        var value = defaultValue;
        if (_given.TryGetValue(name, out var text)
            && (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)))
        {
            throw Invalid(name, $"'{text}' is not a finite number");
        }

        if (exclusiveMin ? value <= min : value < min)
        {
            throw Invalid(name, string.Create(CultureInfo.InvariantCulture, $"{value} must be {(exclusiveMin ? ">" : ">=")} {min}"));
        }

        _effective[name] = value.ToString("R", CultureInfo.InvariantCulture);
        return value;
    }

    /// <summary>An integer in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Int(string name, int defaultValue, int min, int max = int.MaxValue)
    {
        var value = defaultValue;
        if (_given.TryGetValue(name, out var text) && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid(name, $"'{text}' is not an integer");
        }

        if (value < min || value > max)
        {
            var range = max == int.MaxValue ? $">= {min}" : $"in [{min}, {max}]";
            throw Invalid(name, string.Create(CultureInfo.InvariantCulture, $"{value} must be {range}"));
        }

        _effective[name] = value.ToString(CultureInfo.InvariantCulture);
        return value;
    }

    /// <summary>One of <paramref name="choices"/> (the first is the default).</summary>
    public string Choice(string name, params string[] choices)
    {
        var value = _given.TryGetValue(name, out var text) ? text : choices[0];
        if (!choices.Contains(value, StringComparer.Ordinal))
        {
            throw Invalid(name, $"'{value}' is not one of {string.Join(", ", choices)}");
        }

        _effective[name] = value;
        return value;
    }

    /// <summary>Throws for any given parameter that was not read; call after reading them all.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _given.Keys.Order(StringComparer.Ordinal))
        {
            if (!_effective.ContainsKey(name))
            {
                throw new ArgumentException(
                    $"Unknown parameter '{name}' for trainer '{_trainer}'; valid parameters: {string.Join(", ", _effective.Keys)}.", name);
            }
        }
    }

    private ArgumentException Invalid(string name, string why) =>
        new($"Parameter '{name}' of trainer '{_trainer}': {why}.", name);
}

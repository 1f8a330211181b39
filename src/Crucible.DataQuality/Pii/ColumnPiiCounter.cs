namespace Crucible.DataQuality.Pii;

/// <summary>Counts, for one column, how many cells each recognizer accepts. Memory: a few counters.</summary>
internal sealed class ColumnPiiCounter
{
    // Order breaks ties: the stricter, checksum-validated entities first.
    private static readonly string[] Entities =
    [
        PiiEntities.CreditCard, PiiEntities.Iban, PiiEntities.UsSsn, PiiEntities.Email,
        PiiEntities.IpAddress, PiiEntities.Phone, PiiEntities.Person,
    ];

    private readonly long[] _matched = new long[Entities.Length];
    private readonly List<int> _groups = new(8);
    private readonly bool _personHint;
    private readonly bool _ssnHint;

    public ColumnPiiCounter(string column)
    {
        Column = column;
        string header = PersonRecognizer.Normalize(column);
        _personHint = PersonRecognizer.IsHint(header);
        _ssnHint = SsnRecognizer.IsHint(header);
    }

    public string Column { get; }

    public long NonNull { get; private set; }

    public void Add(string? cell)
    {
        if (cell is null)
        {
            return;
        }

        NonNull++;
        ReadOnlySpan<char> s = cell.AsSpan().Trim();
        if (s.IsEmpty)
        {
            return;
        }

        string trimmed = s.Length == cell.Length ? cell : s.ToString();
        Count(0, CreditCardRecognizer.IsMatch(s, _groups));
        Count(1, IbanRecognizer.IsMatch(s));
        Count(2, SsnRecognizer.IsMatch(s, _ssnHint, _groups));
        Count(3, EmailRecognizer.IsMatch(s));
        Count(4, IpAddressRecognizer.IsMatch(trimmed));
        Count(5, PhoneRecognizer.IsMatch(s, _groups));
        Count(6, _personHint && PersonRecognizer.IsMatch(s));
    }

    public PiiColumnResult Result(double threshold)
    {
        int best = 0;
        for (int i = 1; i < _matched.Length; i++)
        {
            if (_matched[i] > _matched[best])
            {
                best = i;
            }
        }

        long matched = _matched[best];
        double share = NonNull == 0 ? 0 : (double)matched / NonNull;
        string? entity = matched > 0 && share >= threshold ? Entities[best] : null;
        return new PiiColumnResult(Column, entity, share, matched, NonNull);
    }

    private void Count(int entity, bool match)
    {
        if (match)
        {
            _matched[entity]++;
        }
    }
}

namespace Crucible.DataQuality.Pii;

/// <summary>Entity names, as Presidio spells them, so results line up with Presidio-based tooling.</summary>
public static class PiiEntities
{
    public const string Email = "EMAIL_ADDRESS";
    public const string Phone = "PHONE_NUMBER";
    public const string CreditCard = "CREDIT_CARD";
    public const string Iban = "IBAN_CODE";
    public const string UsSsn = "US_SSN";
    public const string IpAddress = "IP_ADDRESS";
    public const string Person = "PERSON";
}

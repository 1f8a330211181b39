using System.Text;
using System.Text.Json;
using Crucible.Core.Errors;

namespace Crucible.Core.Search;

/// <summary>Offset page tokens in MLflow's own form: base64 of <c>{"offset": N}</c>. Clients treat them as opaque.</summary>
public static class PageToken
{
    public static int DecodeOffset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            using var doc = JsonDocument.Parse(Convert.FromBase64String(token));
            if (doc.RootElement.TryGetProperty("offset", out var offset) && offset.TryGetInt32(out var value) && value >= 0)
            {
                return value;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            throw CrucibleException.Invalid($"Invalid page token '{token}': {e.Message}");
        }

        throw CrucibleException.Invalid($"Invalid page token '{token}'.");
    }

    public static string Encode(int offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"offset\": " + offset.ToString(System.Globalization.CultureInfo.InvariantCulture) + "}"));

    /// <summary>The next token when a query fetched one row more than the page size, else null.</summary>
    public static string? Next(int offset, int pageSize, int fetched) => fetched > pageSize ? Encode(offset + pageSize) : null;
}

using System.Text.Json;
using Crucible.DataQuality.Pii;
using Crucible.DataQuality.Serialization;

namespace Crucible.DataQuality.Tests;

public sealed class PiiTests
{
    [Theory]
    [InlineData("ann.lee@example.com", "EMAIL_ADDRESS")]
    [InlineData("first.last+tag@mail.example.co.uk", "EMAIL_ADDRESS")]
    [InlineData("ann@localhost", null)]
    [InlineData("ann..lee@example.com", null)]
    [InlineData("ann@example.c0m", null)]
    [InlineData("+14155550123", "PHONE_NUMBER")]
    [InlineData("+44 20 7946 0958", "PHONE_NUMBER")]
    [InlineData("(415) 555-0123", "PHONE_NUMBER")]
    [InlineData("415-555-0123", "PHONE_NUMBER")]
    [InlineData("020 7946 0958", "PHONE_NUMBER")]
    [InlineData("4155550123", null)]
    [InlineData("115-555-0123", null)]
    [InlineData("+0123456789", null)]
    [InlineData("4111 1111 1111 1111", "CREDIT_CARD")]
    [InlineData("5500-0000-0000-0004", "CREDIT_CARD")]
    [InlineData("378282246310005", "CREDIT_CARD")]
    [InlineData("6011111111111117", "CREDIT_CARD")]
    [InlineData("4111 1111 1111 1112", null)]
    [InlineData("1234567812345670", null)]
    [InlineData("GB82 WEST 1234 5698 7654 32", "IBAN_CODE")]
    [InlineData("DE89370400440532013000", "IBAN_CODE")]
    [InlineData("GB83 WEST 1234 5698 7654 32", null)]
    [InlineData("DE8937040044053201300", null)]
    [InlineData("123-45-6780", "US_SSN")]
    [InlineData("000-12-3456", null)]
    [InlineData("666-12-3456", null)]
    [InlineData("912-12-3456", null)]
    [InlineData("123-00-3456", null)]
    [InlineData("123-45-0000", null)]
    [InlineData("123456780", null)]
    [InlineData("192.168.0.1", "IP_ADDRESS")]
    [InlineData("2001:db8::1", "IP_ADDRESS")]
    [InlineData("fe80:0:0:0:202:b3ff:fe1e:8329", "IP_ADDRESS")]
    [InlineData("256.1.1.1", null)]
    [InlineData("1.2.3", null)]
    [InlineData("01.2.3.4", null)]
    [InlineData("12:30:45", null)]
    [InlineData("2026-01-15", null)]
    [InlineData("Ann Lee", null)]
    public void Values_are_recognized_with_validation(string value, string? entity) =>
        Assert.Equal(entity, PiiScanner.Classify(value));

    [Theory]
    [InlineData("customer_name", "Ann O'Neil", "PERSON")]
    [InlineData("FirstName", "Ann", "PERSON")]
    [InlineData("full name", "Jean-Luc Picard", "PERSON")]
    [InlineData("product_name", "Blue Widget", null)]
    [InlineData("customer_name", "Order 12", null)]
    [InlineData("ssn", "123456780", "US_SSN")]
    public void Header_hints_unlock_names_and_plain_ssns(string header, string value, string? entity) =>
        Assert.Equal(entity, PiiScanner.Classify(value, header));

    [Fact]
    public void Every_planted_pii_column_is_found_and_look_alikes_are_not()
    {
        var results = PiiScanner.Scan(FixturePaths.Of("pii.csv")).ToDictionary(r => r.Column);
        var expected = new Dictionary<string, string>
        {
            ["customer_name"] = "PERSON",
            ["email"] = "EMAIL_ADDRESS",
            ["phone"] = "PHONE_NUMBER",
            ["card_number"] = "CREDIT_CARD",
            ["iban"] = "IBAN_CODE",
            ["ssn"] = "US_SSN",
            ["ip"] = "IP_ADDRESS",
        };
        foreach (var (column, entity) in expected)
        {
            Assert.Equal(entity, results[column].Entity);
            Assert.Equal(1.0, results[column].Share);
            Assert.Equal(200, results[column].NonNull);
        }

        foreach (string column in new[] { "card_like", "iban_bad", "ssn_bad" })
        {
            Assert.Null(results[column].Entity);
            Assert.Equal(0, results[column].Matched);
        }

        Assert.Null(results["contact_note"].Entity);
        Assert.Equal(0.3, results["contact_note"].Share, 3);
        Assert.All(new[] { "city", "amount", "order_date" }, c => Assert.Null(results[c].Entity));
    }

    [Fact]
    public void The_clean_twin_raises_no_pii()
    {
        var results = PiiScanner.Scan(FixturePaths.Of("pii_clean.csv"));
        Assert.Equal(10, results.Count);
        Assert.All(results, r => Assert.True(r.Entity is null && r.Matched == 0, $"{r.Column}: {r.Entity} {r.Matched}"));
    }

    [Fact]
    public void The_threshold_decides_on_the_share_of_matches()
    {
        var low = PiiScanner.Scan(FixturePaths.Of("pii.csv"), new PiiOptions { Threshold = 0.25 }).Single(r => r.Column == "contact_note");
        Assert.Equal("EMAIL_ADDRESS", low.Entity);
        Assert.Equal(60, low.Matched);
        Assert.Throws<Core.Errors.CrucibleException>(() => PiiScanner.Scan(FixturePaths.Of("pii.csv"), new PiiOptions { Threshold = 0 }));
    }

    [Fact]
    public void The_share_comes_with_a_wilson_interval()
    {
        var (low, high) = new PiiColumnResult("c", null, 0.3, 60, 200).ShareInterval();
        Assert.Equal(0.2407, low, 3);
        Assert.Equal(0.3668, high, 3);
        Assert.Equal((0.0, 1.0), new PiiColumnResult("c", null, 0, 0, 0).ShareInterval());
    }

    [Fact]
    public void Json_has_exactly_the_documented_names()
    {
        PiiColumnResult[] results = [new("email", "EMAIL_ADDRESS", 1.0, 3, 3), new("note", null, 0.25, 1, 4)];
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(results, DataQualityJsonContext.Default.PiiColumnResultArray));
        Assert.Equal(2, json.RootElement.GetArrayLength());
        foreach (JsonElement item in json.RootElement.EnumerateArray())
        {
            Assert.Equal(["column", "entity", "share", "matched", "non_null"], item.EnumerateObject().Select(p => p.Name));
        }

        Assert.Equal(JsonValueKind.Null, json.RootElement[1].GetProperty("entity").ValueKind);
        Assert.Equal(4, json.RootElement[1].GetProperty("non_null").GetInt64());
    }
}

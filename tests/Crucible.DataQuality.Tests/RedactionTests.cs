using System.Text.Json;
using Crucible.Core.Errors;
using Crucible.DataQuality.Pii;
using Crucible.Tabular;
using Crucible.DataQuality.Redaction;
using Crucible.TestSupport;

namespace Crucible.DataQuality.Tests;

public sealed class RedactionTests
{
    [Fact]
    public void Mask_hash_and_drop_write_a_new_csv_and_its_provenance()
    {
        using var temp = new TempDirectory();
        string output = temp.File("redacted.csv");
        var plan = new RedactionPlan { Mask = ["card_number", "phone"], Hash = ["email"], Drop = ["ssn", "iban"], Salt = "pepper" };
        var clock = new ManualTimeProvider();
        RedactionProvenance provenance = Redactor.Redact(FixturePaths.Of("pii.csv"), output, plan, clock);

        using (var reader = TabularReader.Open(output))
        {
            Assert.DoesNotContain("ssn", reader.Columns);
            Assert.DoesNotContain("iban", reader.Columns);
            Assert.Equal(12, reader.Columns.Count);
            int email = reader.Columns.ToList().IndexOf("email");
            int card = reader.Columns.ToList().IndexOf("card_number");
            Assert.True(reader.TryReadRow(out var row));
            Assert.Matches("^[0-9a-f]{64}$", row[email]!);
            Assert.Equal(Redactor.Hash("hiro.haddad85@example-mail.com", "pepper"u8.ToArray()), row[email]);
            Assert.Equal("****-****-****-****", row[card]);
        }

        var rescan = PiiScanner.Scan(output).ToDictionary(r => r.Column);
        Assert.Null(rescan["card_number"].Entity);
        Assert.Null(rescan["email"].Entity);
        Assert.Null(rescan["phone"].Entity);
        Assert.Equal("PERSON", rescan["customer_name"].Entity);

        Assert.Equal(200, provenance.Rows);
        Assert.Equal(clock.GetUtcNow(), provenance.CreatedAt);
        string json = File.ReadAllText(output + Redactor.ProvenanceSuffix);
        Assert.DoesNotContain("pepper", json, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(provenance.OutputSha256, document.RootElement.GetProperty("output_sha256").GetString());
        var actions = document.RootElement.GetProperty("columns").EnumerateArray()
            .ToDictionary(c => c.GetProperty("column").GetString()!, c => c.GetProperty("action").GetString());
        Assert.Equal("mask", actions["card_number"]);
        Assert.Equal("hash", actions["email"]);
        Assert.Equal("drop", actions["ssn"]);
    }

    [Fact]
    public void Bad_plans_are_refused_before_anything_is_written()
    {
        using var temp = new TempDirectory();
        string input = FixturePaths.Of("pii.csv");
        string output = temp.File("out.csv");
        Assert.Throws<CrucibleException>(() => Redactor.Redact(input, output, new RedactionPlan { Hash = ["email"] }));
        Assert.Throws<CrucibleException>(() => Redactor.Redact(input, output, new RedactionPlan { Mask = ["nope"] }));
        Assert.Throws<CrucibleException>(() => Redactor.Redact(input, output, new RedactionPlan { Mask = ["email"], Drop = ["email"] }));
        Assert.Throws<CrucibleException>(() => Redactor.Redact(input, input, new RedactionPlan { Mask = ["email"] }));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Masking_keeps_the_shape_and_hashing_depends_on_the_salt()
    {
        Assert.Equal("***.***@*****.***", Redactor.Mask("ann.lee@email.com"));
        Assert.NotEqual(Redactor.Hash("x", "a"u8.ToArray()), Redactor.Hash("x", "b"u8.ToArray()));
    }
}

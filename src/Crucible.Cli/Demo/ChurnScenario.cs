using System.Globalization;
using System.Text;

namespace Crucible.Cli.Demo;

/// <summary>Which customers a generated batch describes.</summary>
public enum ChurnPopulation
{
    /// <summary>The customers the first model is trained on.</summary>
    Baseline,

    /// <summary>After a price rise: higher bills, more support calls, more short contracts and new customers.</summary>
    PriceRise,
}

/// <summary>
/// A seeded customer-churn scenario for <c>crucible demo</c>: six numeric features a model uses, a sensitive attribute
/// (<c>gender</c>) and a segment (<c>region</c>) kept for slicing and fairness, and the label <c>churned</c> drawn from
/// a logistic model with interactions, so trees beat a linear model a little. The price-rise population moves the
/// features (drift) while the link from features to churn stays the same (no concept drift), so a model retrained on
/// recent customers recovers.
/// </summary>
public static class ChurnScenario
{
    /// <summary>Model features, in the order of the ONNX input's columns.</summary>
    public static IReadOnlyList<string> Features { get; } =
        ["tenure_months", "monthly_charges", "support_calls", "contract_months", "late_payments", "data_usage_gb"];

    public const string Label = "churned";

    public const string Sensitive = "gender";

    public const string Segment = "region";

    /// <summary>Columns in the file that are not model features.</summary>
    public static IReadOnlyList<string> NonFeatures { get; } = [Sensitive, Segment];

    private static readonly string[] Regions = ["north", "south", "east", "west"];

    /// <summary>One customer: features in <see cref="Features"/> order, gender, region and the label.</summary>
    public sealed record Customer(float[] Features, string Gender, string Region, int Churned);

    public static IReadOnlyList<Customer> Generate(int rows, ChurnPopulation population, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var customers = new List<Customer>(rows);
        var shifted = population == ChurnPopulation.PriceRise;
        for (var i = 0; i < rows; i++)
        {
            var gender = random.NextDouble() < 0.5 ? "F" : "M";
            var region = Regions[random.Next(Regions.Length)];
            var tenure = Math.Clamp(Math.Round(Exponential(random, shifted ? 14 : 26)) + 1, 1, 72);
            var charges = Math.Clamp(Normal(random, shifted ? 92 : 68, 18), 18, 160);
            var calls = Poisson(random, shifted ? 2.6 : 1.3);
            var contractDraw = random.NextDouble();
            var contract = contractDraw < (shifted ? 0.7 : 0.45) ? 1 : contractDraw < 0.85 ? 12 : 24;
            var late = Poisson(random, region == "south" ? 0.8 : 0.5);
            var usage = Math.Exp(Normal(random, 2.6, 0.6));
            var logit = -0.9
                - (0.045 * tenure)
                + (0.03 * (charges - 70))
                + (0.42 * calls)
                - (contract == 1 ? 0 : contract == 12 ? 1.0 : 1.8)
                + (0.55 * late)
                + (calls >= 3 && tenure < 12 ? 1.1 : 0)
                - (0.015 * Math.Min(usage, 60));
            var churned = random.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            customers.Add(new Customer(
                [(float)tenure, (float)Math.Round(charges, 2), calls, contract, late, (float)Math.Round(usage, 2)], gender, region, churned));
        }

        return customers;
    }

    /// <summary>Writes customers as CSV: the features, gender, region, then the label.</summary>
    public static void WriteCsv(string path, IReadOnlyList<Customer> customers)
    {
        ArgumentNullException.ThrowIfNull(customers);
        var text = new StringBuilder();
        text.AppendJoin(',', Features).Append(',').Append(Sensitive).Append(',').Append(Segment).Append(',').Append(Label).Append('\n');
        foreach (var customer in customers)
        {
            foreach (var value in customer.Features)
            {
                text.Append(value.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            }

            text.Append(customer.Gender).Append(',').Append(customer.Region).Append(',').Append(customer.Churned).Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static double Normal(Random random, double mean, double sd)
    {
        // Box-Muller on (0, 1] so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1.0 - random.NextDouble());

    private static int Poisson(Random random, double lambda)
    {
        // Knuth's method: fine for the small rates used here.
        var limit = Math.Exp(-lambda);
        var k = 0;
        var p = random.NextDouble();
        while (p > limit)
        {
            k++;
            p *= random.NextDouble();
        }

        return k;
    }
}

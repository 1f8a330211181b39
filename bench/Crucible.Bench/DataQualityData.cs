using System.Globalization;
using System.Text;

namespace Crucible.Bench;

/// <summary>
/// The seeded CSV of scenario <c>data-quality</c> (<c>new Random(42)</c>): 20 columns of the kinds the profiler tells
/// apart. <c>id</c> (row number) and <c>customer_id</c> (16 hex chars) are identifiers; <c>x1</c>..<c>x8</c> normal
/// floats (2% missing in x3); <c>age</c> and <c>visits</c> integers; <c>segment</c> (5 values, 5% "NA"),
/// <c>country</c> (30), <c>channel</c> (3) and <c>plan</c> (10) categorical; <c>active</c> boolean; <c>signup_date</c>
/// ISO dates; <c>comment</c> free text of 3-8 words (1% missing); <c>label</c> pos/neg, tied to x1.
/// </summary>
internal static class DataQualityData
{
    public const int Columns = 20;
    private const string Header = "id,customer_id,x1,x2,x3,x4,x5,x6,x7,x8,age,visits,segment,country,channel,plan,active,signup_date,comment,label";
    private static readonly string[] Segments = ["retail", "wholesale", "partner", "online", "enterprise"];
    private static readonly string[] Channels = ["web", "store", "phone"];
    private static readonly string[] Plans = ["free", "basic", "plus", "pro", "team", "business", "edu", "gov", "trial", "legacy"];
    private static readonly string[] Words =
    [
        "the", "order", "arrived", "late", "and", "box", "was", "damaged", "great", "service", "slow", "refund", "please", "call",
        "me", "back", "thanks", "price", "too", "high", "love", "product", "quality", "poor", "support", "helpful", "will",
        "buy", "again", "not", "happy", "with", "delivery", "fast", "shipping", "size", "wrong", "color", "nice", "works",
        "fine", "broken", "after", "week", "cheap", "recommend", "friends", "app", "crashes", "often",
    ];

    private static readonly DateOnly Epoch = new(2020, 1, 1);

    /// <summary>Writes rows until <paramref name="rows"/> are written or the file reaches <paramref name="minBytes"/>; returns the row count.</summary>
    public static long Write(string path, long rows, long minBytes = long.MaxValue)
    {
        var random = new Random(42);
        string[] countries = [.. Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + (i % 26))}{(char)('A' + ((i * 7) % 26))}"))];
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20);
        writer.WriteLine(Header);
        Span<char> buffer = stackalloc char[64];
        long n = 0;
        while (n < rows && ((n & 0xFFF) != 0 || stream.Position < minBytes))
        {
            n++;
            Integer(writer, n, buffer);
            writer.Write(',');
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{random.NextInt64():x16}"));
            double x1 = Normal(random);
            for (int j = 1; j <= 8; j++)
            {
                writer.Write(',');
                double x = j == 1 ? x1 : Normal(random) * j;
                if (j == 3 && random.NextDouble() < 0.02)
                {
                    continue;
                }

                x.TryFormat(buffer, out int written, "0.####", CultureInfo.InvariantCulture);
                writer.Write(buffer[..written]);
            }

            writer.Write(',');
            Integer(writer, 18 + random.Next(73), buffer);
            writer.Write(',');
            Integer(writer, (long)Math.Floor(-Math.Log(1 - random.NextDouble()) * 12), buffer);
            writer.Write(',');
            writer.Write(random.NextDouble() < 0.05 ? "NA" : Segments[random.Next(Segments.Length)]);
            writer.Write(',');
            writer.Write(countries[random.Next(countries.Length)]);
            writer.Write(',');
            writer.Write(Channels[random.Next(Channels.Length)]);
            writer.Write(',');
            writer.Write(Plans[random.Next(Plans.Length)]);
            writer.Write(',');
            writer.Write(random.Next(2) == 0 ? "true" : "false");
            writer.Write(',');
            Epoch.AddDays(random.Next(2000)).TryFormat(buffer, out int dateChars, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            writer.Write(buffer[..dateChars]);
            writer.Write(',');
            if (random.NextDouble() >= 0.01)
            {
                int words = 3 + random.Next(6);
                for (int w = 0; w < words; w++)
                {
                    if (w > 0)
                    {
                        writer.Write(' ');
                    }

                    writer.Write(Words[random.Next(Words.Length)]);
                }
            }

            writer.Write(',');
            writer.Write(x1 + (Normal(random) * 0.8) > 0.5 ? "pos" : "neg");
            writer.Write('\n');
        }

        return n;
    }

    private static void Integer(StreamWriter writer, long value, Span<char> buffer)
    {
        value.TryFormat(buffer, out int written, default, CultureInfo.InvariantCulture);
        writer.Write(buffer[..written]);
    }

    private static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

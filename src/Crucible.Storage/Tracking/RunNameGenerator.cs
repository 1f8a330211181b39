namespace Crucible.Storage.Tracking;

/// <summary>Readable run names such as <c>brave-otter-417</c>, from an injected <see cref="Random"/> so tests can seed it.</summary>
public sealed class RunNameGenerator(Random random)
{
    private static readonly string[] Adjectives =
    [
        "amber", "bold", "brave", "bright", "calm", "clever", "crisp", "daring", "eager", "fierce", "gentle", "glad",
        "golden", "honest", "keen", "lively", "lucky", "merry", "nimble", "noble", "proud", "quick", "quiet", "rare",
        "shiny", "silent", "smooth", "steady", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty", "sunny",
    ];

    private static readonly string[] Nouns =
    [
        "badger", "bear", "crane", "deer", "dolphin", "eagle", "falcon", "finch", "fox", "gecko", "hare", "hawk",
        "heron", "ibis", "jay", "koala", "lark", "lynx", "mole", "newt", "otter", "owl", "panda", "puffin", "quail",
        "raven", "robin", "seal", "shrew", "sparrow", "stork", "swan", "tiger", "trout", "wolf", "wren", "yak",
    ];

    private readonly Lock _gate = new();

    public string Next()
    {
        lock (_gate)
        {
            return $"{Adjectives[random.Next(Adjectives.Length)]}-{Nouns[random.Next(Nouns.Length)]}-{random.Next(1000)}";
        }
    }
}

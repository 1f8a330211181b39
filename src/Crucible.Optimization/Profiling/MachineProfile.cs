using Crucible.Core.Errors;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Crucible.Optimization.Profiling;

/// <summary>
/// A machine a model could run on, as the user declares it: cores, memory, price per hour, and how fast one of its
/// cores is relative to one core of the machine the profile was measured on (1 when unknown; an edge board's
/// slower cores might be 0.4).
/// </summary>
public sealed record MachineProfile
{
    public required string Name { get; init; }

    public required int Cores { get; init; }

    public required double MemoryGb { get; init; }

    public required double PricePerHour { get; init; }

    public double RelativeSpeed { get; init; } = 1;

    /// <summary>Reads a list of machines from YAML or JSON (JSON is YAML): <c>[{name, cores, memory_gb, price_per_hour, relative_speed}]</c>.</summary>
    public static IReadOnlyList<MachineProfile> Parse(string text)
    {
        List<Entry>? entries;
        try
        {
            entries = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build().Deserialize<List<Entry>>(text);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, $"machine profiles: {e.Message}", e);
        }

        if (entries is not { Count: > 0 })
        {
            throw new CrucibleException(ErrorCode.InvalidParameterValue, "machine profiles: expected a list of machines with name, cores, memory_gb and price_per_hour");
        }

        return entries.Select((e, i) => e.ToProfile(i)).ToList();
    }

    private sealed class Entry
    {
        public string? Name { get; set; }

        public int? Cores { get; set; }

        public double? MemoryGb { get; set; }

        public double? PricePerHour { get; set; }

        public double? RelativeSpeed { get; set; }

        public MachineProfile ToProfile(int index)
        {
            var label = Name ?? $"machine {index + 1}";
            if (Name is null || Cores is not > 0 || MemoryGb is not > 0 || PricePerHour is not >= 0 || RelativeSpeed is <= 0)
            {
                throw new CrucibleException(ErrorCode.InvalidParameterValue, $"machine profiles: {label} needs a name, cores > 0, memory_gb > 0, price_per_hour >= 0 (and relative_speed > 0 when given)");
            }

            return new MachineProfile { Name = Name, Cores = Cores.Value, MemoryGb = MemoryGb.Value, PricePerHour = PricePerHour.Value, RelativeSpeed = RelativeSpeed ?? 1 };
        }
    }
}

using Crucible.Core.Errors;
using Crucible.Features.Definitions;
using Crucible.Features.Historical;

namespace Crucible.Features.Online;

/// <summary>One feature's online value for one entity: the value, its event time and its age at the time of the read (null when missing).</summary>
public sealed record OnlineValue(string Feature, string? Value, DateTimeOffset? EventTime, TimeSpan? Age, bool Stale);

/// <summary>
/// Online retrieval (Feast's <c>get_online_features</c>): for each entity (its join key values by column name), the
/// requested features' stored values with their event time and age; a value older than its view's TTL is reported
/// stale and returned as missing, like the historical join would.
/// </summary>
public sealed class OnlineFeatures(FeatureRepo repo, OnlineStore store, TimeProvider time)
{
    public async Task<IReadOnlyList<IReadOnlyList<OnlineValue>>> GetAsync(IReadOnlyList<FeatureRef> features, IReadOnlyList<IReadOnlyDictionary<string, string?>> entities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(entities);
        var now = time.GetUtcNow();
        var answers = entities.Select(_ => new OnlineValue[features.Count]).ToList();
        foreach (var group in features.Select((f, i) => (f, i)).GroupBy(x => x.f.View, StringComparer.Ordinal))
        {
            var view = repo.View(group.Key);
            var keys = repo.JoinKeys(view);
            var entityKeys = entities.Select(e => Key(e, keys)).ToList();
            var rows = await store.ReadAsync(view.Name, [.. entityKeys.OfType<string>().Distinct(StringComparer.Ordinal)], cancellationToken).ConfigureAwait(false);
            for (var e = 0; e < entities.Count; e++)
            {
                var row = entityKeys[e] is { } k ? rows.GetValueOrDefault(k) : null;
                foreach (var (feature, index) in group)
                {
                    if (!view.Features.Any(f => f.Name == feature.Feature))
                    {
                        throw CrucibleException.Invalid($"Feature view '{view.Name}' has no feature '{feature.Feature}'.");
                    }

                    if (row is null)
                    {
                        answers[e][index] = new OnlineValue(feature.ToString(), null, null, null, Stale: false);
                        continue;
                    }

                    var eventTime = new DateTimeOffset(row.EventTicks, TimeSpan.Zero);
                    var age = now - eventTime;
                    var stale = view.Ttl > TimeSpan.Zero && age > view.Ttl;
                    answers[e][index] = new OnlineValue(feature.ToString(), stale ? null : row.Values.GetValueOrDefault(feature.Feature), eventTime, age, stale);
                }
            }
        }

        return answers;
    }

    private static string? Key(IReadOnlyDictionary<string, string?> entity, IReadOnlyList<string> keys)
    {
        var parts = new string?[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            if (!entity.TryGetValue(keys[i], out var value) || value is null)
            {
                return null;
            }

            parts[i] = value;
        }

        return ViewPlan.Key(parts, [.. Enumerable.Range(0, parts.Length)]);
    }
}

using System.CommandLine;
using Crucible.Client;

namespace Crucible.Cli.Commands;

/// <summary>Flags and paging shared by the list commands.</summary>
internal static class ListOptions
{
    public static Option<string> View()
    {
        var option = new Option<string>("--view")
        {
            Description = "Which lifecycle stages to list.",
            DefaultValueFactory = _ => "active",
        };
        option.AcceptOnlyFromAmong("active", "deleted", "all");
        return option;
    }

    public static Option<int?> Max(string noun)
    {
        var option = new Option<int?>("--max") { Description = $"List at most this many {noun} (all when absent)." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0)
            {
                result.AddError("--max must be a positive number.");
            }
        });
        return option;
    }

    public static ViewType ParseView(string? view) => view switch
    {
        "deleted" => ViewType.DeletedOnly,
        "all" => ViewType.All,
        _ => ViewType.ActiveOnly,
    };

    /// <summary>Asks for no bigger pages than needed, within MLflow's default page size.</summary>
    public static int PageSize(int? limit) => Math.Min(limit ?? 1000, 1000);

    /// <summary>The first <paramref name="limit"/> items (all when null); stops fetching pages once it has them.</summary>
    public static async Task<List<T>> Take<T>(IAsyncEnumerable<T> source, int? limit, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        if (limit is <= 0)
        {
            return items;
        }

        await foreach (var item in source.WithCancellation(cancellationToken))
        {
            items.Add(item);
            if (items.Count == limit)
            {
                break;
            }
        }

        return items;
    }
}

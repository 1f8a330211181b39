using System.Text.Json.Nodes;
using Crucible.Monitoring.Drift;
using Crucible.Monitoring.Readers;
using Crucible.Tabular;

namespace Crucible.Monitoring.Multivariate;

/// <summary>Multivariate drift between two data files (CSV, JSON Lines or Parquet), read fully into memory.</summary>
public static class MultivariateFiles
{
    /// <summary>Compares two data files (profile blobs hold no rows and are refused).</summary>
    public static MultivariateReport Compute(string referencePath, string currentPath, IReadOnlyList<string>? columns = null, MultivariateOptions? options = null)
    {
        foreach (string path in new[] { referencePath, currentPath }.Where(FileDrift.IsProfileBlob))
        {
            throw new TabularDataException(Path.GetFileName(path), null, null, "multivariate drift needs the rows of a data file (CSV, JSON Lines or Parquet); a profile blob holds none.");
        }

        options ??= new MultivariateOptions();
        return MultivariateDrift.Compute(TabularFile.ReadRaw(referencePath), TabularFile.ReadRaw(currentPath), columns is null ? options : options with { Columns = columns });
    }

    /// <summary>The univariate report's JSON with the multivariate report under <c>"multivariate"</c>.</summary>
    public static string CombinedJson(DriftReport univariate, MultivariateReport multivariate)
    {
        var root = JsonNode.Parse(DriftJson.Serialize(univariate))!.AsObject();
        root["multivariate"] = JsonNode.Parse(MultivariateJson.Serialize(multivariate));
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }
}

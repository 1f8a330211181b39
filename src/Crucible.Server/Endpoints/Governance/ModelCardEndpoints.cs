using Crucible.Contracts.Governance;
using Crucible.Core.Errors;
using Crucible.Governance.Cards;
using Crucible.Server.Endpoints.Contract;

namespace Crucible.Server.Endpoints.Governance;

/// <summary>A version's model card as JSON (the default), Markdown (<c>?format=md</c>) or a self-contained HTML page (<c>?format=html</c>).</summary>
internal static class ModelCardEndpoints
{
    public static void MapModelCards(this IEndpointRouteBuilder api)
    {
        api.MapGet("models/{name}/versions/{version}/card", CardAsync)
            .Native("GetModelCard", "Get a model version's card (NIST AI RMF mapped): JSON, or format=md|html")
            .Produces<ModelCardDto>(StatusCodes.Status200OK, EndpointDocs.Json)
            .Produces<string>(StatusCodes.Status200OK, "text/markdown")
            .Produces<string>(StatusCodes.Status200OK, "text/html");
    }

    private static async Task<IResult> CardAsync(HttpContext http, ModelCards cards, string name, string version)
    {
        var format = http.Request.Query["format"].ToString();
        if (format.Length > 0 && !ModelCards.Formats.Contains(format, StringComparer.Ordinal))
        {
            throw CrucibleException.Invalid($"Invalid format '{format}': use one of {string.Join(", ", ModelCards.Formats)}.");
        }

        var card = await cards.AssembleAsync(name, version, http.RequestAborted);
        return format switch
        {
            "md" => TypedResults.Text(ModelCards.ToMarkdown(card), "text/markdown; charset=utf-8"),
            "html" => TypedResults.Text(ModelCards.ToHtml(card), "text/html; charset=utf-8"),
            _ => TypedResults.Json(card, GovernanceJsonContext.Default.ModelCardDto),
        };
    }
}

namespace Crucible.Pipelines.Specs;

/// <summary>
/// The dependency graph of the steps: <c>needs</c>, plus the steps a step's references and a gate's
/// <c>evaluation</c> name. Orders the steps (each after what it needs, otherwise in file order) and reports unknown
/// ids, bad references and cycles, naming them.
/// </summary>
internal static class StepGraph
{
    public static List<StepSpec> Order(List<StepSpec> steps, IReadOnlyDictionary<string, string> parameters, List<PipelineSpecError> errors)
    {
        // Duplicate ids are reported by the parser; the first one stands for the id here.
        var byId = new Dictionary<string, StepSpec>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            byId.TryAdd(step.Id, step);
        }

        var withNeeds = new List<StepSpec>();
        foreach (var step in steps)
        {
            var needs = new List<string>();
            foreach (var need in step.Needs)
            {
                if (!byId.ContainsKey(need))
                {
                    errors.Add(new PipelineSpecError(step.Line, step.Column, $"step '{step.Id}' needs unknown step '{need}'; steps are {string.Join(", ", byId.Keys)}"));
                }
                else if (!needs.Contains(need))
                {
                    needs.Add(need);
                }
            }

            foreach (var text in References.Texts(step.Settings.Map))
            {
                foreach (var reference in References.In(text.Text))
                {
                    var at = new Func<string, PipelineSpecError>(m => new PipelineSpecError(text.Line, text.Column + reference.Offset, $"step '{step.Id}': {m}"));
                    if (References.Problem(reference) is { } problem)
                    {
                        errors.Add(at(problem));
                    }
                    else if (reference.Kind == "params" && !parameters.ContainsKey(reference.Name))
                    {
                        errors.Add(at($"unknown parameter '{reference.Name}' in '{reference.Text}'; declared: {(parameters.Count == 0 ? "none" : string.Join(", ", parameters.Keys))}"));
                    }
                    else if (reference.Kind == "steps" && !byId.ContainsKey(reference.Name))
                    {
                        errors.Add(at($"unknown step '{reference.Name}' in '{reference.Text}'"));
                    }
                    else if (reference.Kind == "steps" && !needs.Contains(reference.Name))
                    {
                        needs.Add(reference.Name);
                    }
                }
            }

            if (step.Type == StepTypes.Gate && step.Settings.Text("evaluation") is { } evaluation && !evaluation.Contains("${", StringComparison.Ordinal))
            {
                if (!byId.TryGetValue(evaluation, out var target) || target.Type != StepTypes.Evaluate)
                {
                    var node = step.Settings.Map.Entries["evaluation"];
                    errors.Add(new PipelineSpecError(node.Line, node.Column, $"step '{step.Id}': evaluation '{evaluation}' is not the id of an evaluate step"));
                }
                else if (!needs.Contains(evaluation))
                {
                    needs.Add(evaluation);
                }
            }

            withNeeds.Add(step with { Needs = needs });
        }

        if (errors.Count > 0)
        {
            return withNeeds;
        }

        return Sort(withNeeds, errors);
    }

    private static List<StepSpec> Sort(List<StepSpec> steps, List<PipelineSpecError> errors)
    {
        var ordered = new List<StepSpec>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var remaining = new List<StepSpec>(steps);
        while (remaining.Count > 0)
        {
            // The first step in file order whose needs are done keeps the order stable and readable.
            var next = remaining.FirstOrDefault(s => s.Needs.All(done.Contains));
            if (next is null)
            {
                var cycle = Cycle(remaining);
                var first = steps.First(s => s.Id == cycle[0]);
                errors.Add(new PipelineSpecError(first.Line, first.Column, $"the steps depend on each other in a cycle: {string.Join(" -> ", cycle)}"));
                return steps;
            }

            ordered.Add(next);
            done.Add(next.Id);
            remaining.Remove(next);
        }

        return ordered;
    }

    /// <summary>A cycle among steps none of which can start: walk needs from the first until an id repeats.</summary>
    private static List<string> Cycle(List<StepSpec> blocked)
    {
        var byId = blocked.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var path = new List<string>();
        var current = blocked[0];
        while (!path.Contains(current.Id))
        {
            path.Add(current.Id);
            current = byId[current.Needs.First(byId.ContainsKey)];
        }

        var start = path.IndexOf(current.Id);
        return [.. path[start..], current.Id];
    }
}

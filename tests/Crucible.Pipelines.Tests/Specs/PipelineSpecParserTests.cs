using Crucible.Pipelines.Specs;

namespace Crucible.Pipelines.Tests.Specs;

public sealed class PipelineSpecParserTests
{
    private const string Valid = """
        name: churn-retrain
        params:
          train: data/train.csv
          min_auc: 0.7
        trigger:
          schedule: {every: 6h}
          on_retraining_signal: {deployment: churn}
        steps:
          - id: promote
            type: promote
            deployment: churn
            model: ${steps.register.outputs.uri}
            alias: champion
            window: 10m
          - id: check
            type: validate
            dataset: ${params.train}
            label: churned
          - id: train
            type: train
            needs: [check]
            command: [python3, train.py, --lr, "0.1"]
            dataset: ${params.train}
          - id: eval
            type: evaluate
            model: ${steps.train.outputs.model}
            dataset: ${params.train}
            champion: models:/churn@champion
          - id: gate
            type: gate
            evaluation: eval
            condition: roc_auc >= champion.roc_auc - 0.01 and roc_auc >= 0.7
          - id: register
            type: register
            needs: gate
            model: ${steps.train.outputs.model}
            name: churn
        """;

    private static PipelineSpecError SingleError(string yaml) => Assert.Single(Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse(yaml)).Errors);

    [Fact]
    public void A_valid_file_gives_its_params_triggers_and_steps_in_dependency_order()
    {
        var spec = PipelineSpecParser.Parse(Valid);

        Assert.Equal("churn-retrain", spec.Name);
        Assert.Equal(new Dictionary<string, string> { ["train"] = "data/train.csv", ["min_auc"] = "0.7" }, spec.Params);
        Assert.Equal(new PipelineTriggers(TimeSpan.FromHours(6), "churn"), spec.Triggers);
        Assert.Equal(["check", "train", "eval", "gate", "register", "promote"], spec.Steps.Select(s => s.Id));
        var eval = spec.Steps.Single(s => s.Id == "eval");
        Assert.Equal(["train"], eval.Needs);
        Assert.Equal(["eval"], spec.Steps.Single(s => s.Id == "gate").Needs);
        Assert.Equal((24, 5), (eval.Line, eval.Column));
        Assert.Equal(["python3", "train.py", "--lr", "0.1"], spec.Steps.Single(s => s.Id == "train").Settings.TextList("command"));
    }

    [Fact]
    public void Malformed_yaml_points_at_the_line_and_column()
    {
        var error = SingleError("name: x\nsteps:\n  - id: a\n    type: [validate\n");

        Assert.Equal(5, error.Line);
        Assert.StartsWith("malformed YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_step_type_is_named_with_the_known_ones()
    {
        var error = SingleError("name: x\nsteps:\n  - id: a\n    type: tune\n");

        Assert.Equal((4, 11), (error.Line, error.Column));
        Assert.Contains("unknown step type 'tune'", error.Message, StringComparison.Ordinal);
        Assert.Contains("validate, train, evaluate, gate, register, deploy, promote, notify", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_is_reported_with_the_steps_in_it()
    {
        var yaml = """
            name: x
            steps:
              - id: a
                type: gate
                evaluation: c
                condition: roc_auc > 0.5
              - id: b
                type: notify
                needs: a
                url: http://127.0.0.1/
              - id: c
                type: evaluate
                needs: [b]
                model: m.onnx
                dataset: d.csv
            """;

        var error = SingleError(yaml);

        Assert.Equal("the steps depend on each other in a cycle: a -> c -> b -> a", error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_reference_to_itself_is_a_cycle()
    {
        var error = SingleError("name: x\nsteps:\n  - id: a\n    type: notify\n    url: ${steps.a.outputs.url}\n");

        Assert.Equal("the steps depend on each other in a cycle: a -> a", error.Message);
    }

    [Fact]
    public void Every_problem_is_listed_with_its_position()
    {
        var yaml = """
            name: bad name!
            colour: blue
            steps:
              - id: a
                type: validate
                datasett: x.csv
              - id: a
                type: train
                needs: [zzz]
                dataset: ${params.missing}
                trainer: logistic_regression
                timeout: soon
              - id: g
                type: gate
                evaluation: a
                condition: roc_auc >=
            """;

        var errors = Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse(yaml)).Errors;

        Assert.Collection(
            errors,
            e => Assert.Equal((1, 7, "invalid pipeline name 'bad name!'"), (e.Line, e.Column, e.Message[..33])),
            e => Assert.Equal((2, 1), (e.Line, e.Column)),
            e => Assert.Equal((4, 5, "step 'a': setting 'dataset' is required (a CSV / JSON Lines file, or a registered dataset NAME@VERSION)"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((6, 5, "step 'a': unknown setting 'datasett' for a validate step; expected id, type, needs, dataset, label, reference, conditions"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((7, 5, "step 'a': a built-in trainer needs 'label'"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((7, 5, "duplicate step id 'a'"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((7, 5, "step 'a' needs unknown step 'zzz'; steps are a, g"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((10, 14, "step 'a': unknown parameter 'missing' in '${params.missing}'; declared: none"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((12, 14, "step 'a': setting 'timeout' 'soon' is not a duration (a whole number with s, m, h or d, e.g. 30s, 15m, 1h)"), (e.Line, e.Column, e.Message)),
            e => Assert.Equal((15, 17, "step 'g': evaluation 'a' is not the id of an evaluate step"), (e.Line, e.Column, e.Message)),
            e => Assert.StartsWith("step 'g': setting 'condition' invalid gate:", e.Message, StringComparison.Ordinal));
        Assert.Contains("unknown field 'colour' in the pipeline", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_needs_params_and_steps_in_references_are_named()
    {
        var yaml = """
            name: x
            params: {p: 1}
            steps:
              - id: a
                type: notify
                needs: [ghost]
                url: ${params.q}/${steps.nope.outputs.x}/${steps}
            """;

        var errors = Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse(yaml)).Errors.Select(e => e.Message).ToList();

        Assert.Equal(
            [
                "step 'a' needs unknown step 'ghost'; steps are a",
                "step 'a': unknown parameter 'q' in '${params.q}'; declared: p",
                "step 'a': unknown step 'nope' in '${steps.nope.outputs.x}'",
                "step 'a': invalid reference '${steps}': use ${params.NAME}, ${steps.ID.outputs.KEY}, ${run.id} or ${pipeline.name}",
            ],
            errors);
    }

    [Theory]
    [InlineData("[]", "a pipeline file is a mapping")]
    [InlineData("name: x\n", "'steps' must be a non-empty list of steps")]
    [InlineData("name: x\ntrigger: hourly\nsteps: [{id: a, type: notify, url: u}]\n", "'trigger' must be 'manual' or a mapping")]
    [InlineData("name: x\ntrigger: {schedule: {every: 10s}}\nsteps: [{id: a, type: notify, url: u}]\n", "schedule every '10s' must be a duration of at least 1m")]
    [InlineData("name: x\nsteps: [{id: a, type: train, dataset: d.csv}]\n", "exactly one of 'trainer' (a built-in trainer) and 'command'")]
    [InlineData("name: x\nsteps: [{id: a, type: gate, evaluation: a, condition: x > 1}]\n", "evaluation 'a' is not the id of an evaluate step")]
    [InlineData("name: x\nsteps: [{id: a, type: notify, url: u}, {type: notify, url: u}]\n", "a step needs an 'id'")]
    public void Structural_problems_are_explained(string yaml, string expected)
    {
        var error = Assert.Throws<PipelineSpecException>(() => PipelineSpecParser.Parse(yaml));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

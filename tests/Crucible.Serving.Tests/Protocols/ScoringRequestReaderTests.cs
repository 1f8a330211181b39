using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

public sealed class ScoringRequestReaderTests
{
    [Theory]
    [InlineData("{'dataframe_split':{'columns':['a','b','c','d'],'data':[[1,2,3,4],[5,6,7,8]]}}")]
    [InlineData("{'dataframe_split':{'data':[[1,2,3,4],[5,6,7,8]],'index':[0,1],'columns':['a','b','c','d']}}")]
    [InlineData("{'dataframe_split':{'data':[[1,2,3,4],[5,6,7,8]]}}")]
    [InlineData("{'dataframe_records':[{'a':1,'b':2,'c':3,'d':4},{'d':8,'c':7,'b':6,'a':5}]}")]
    [InlineData("{'instances':[[1,2,3,4],[5,6,7,8]]}")]
    [InlineData("{'instances':[{'x':[1,2,3,4]},{'x':[5,6,7,8]}]}")]
    [InlineData("{'inputs':[[1,2,3,4],[5,6,7,8]]}")]
    [InlineData("{'inputs':{'x':[[1,2,3,4],[5,6,7,8]]}}")]
    [InlineData("{'dataframe_split':{'columns':['x'],'data':[[[1,2,3,4]],[[5,6,7,8]]]}}")]
    public void Every_json_format_feeds_a_single_input_model(string json)
    {
        var request = ScoringRequestReader.ReadJson(Json(json), Iris, ServingLimits.Default);

        var x = Assert.Single(request.Inputs);
        Assert.Equal("x", x.Name);
        Assert.Equal([2L, 4L], x.Tensor.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], x.Tensor.ToArray<float>());
    }

    [Fact]
    public void Csv_feeds_a_single_input_model()
    {
        var request = ScoringRequestReader.ReadCsv(Utf8("\uFEFFa,b,c,d\r\n1,2,3,4\r\n\r\n5, 6.5 ,7,-8e0\r\n"), Iris, ServingLimits.Default);

        Assert.Equal([2L, 4L], request.Inputs[0].Tensor.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6.5f, 7, -8], request.Inputs[0].Tensor.ToArray<float>());
    }

    [Theory]
    [InlineData("{'dataframe_split':{'columns':['city','size'],'data':[['paris',1.5],['rome',2]]}}")]
    [InlineData("{'dataframe_split':{'columns':['size','city'],'data':[[1.5,'paris'],[2,['rome']]]}}")]
    [InlineData("{'dataframe_records':[{'city':'paris','size':1.5},{'size':2,'city':'rome'}]}")]
    [InlineData("{'instances':[{'city':'paris','size':1.5},{'city':['rome'],'size':2}]}")]
    [InlineData("{'inputs':{'city':['paris','rome'],'size':[1.5,2]}}")]
    [InlineData("{'inputs':{'size':[1.5,2],'city':[['paris'],['rome']]},'params':{'top_k':3}}")]
    public void Every_json_format_feeds_a_model_with_several_inputs(string json)
    {
        var request = ScoringRequestReader.ReadJson(Json(json), Houses, ServingLimits.Default);

        var city = request.Inputs.Single(i => i.Name == "city").Tensor;
        var size = request.Inputs.Single(i => i.Name == "size").Tensor;
        Assert.Equal([2L, 1L], city.Shape);
        Assert.Equal(["paris", "rome"], city.ToArray<string>());
        Assert.Equal([2L], size.Shape);
        Assert.Equal([1.5, 2], size.ToArray<double>());
    }

    [Fact]
    public void Params_become_request_parameters()
    {
        var request = ScoringRequestReader.ReadJson(Json("{'params':{'top_k':3,'mode':'fast'},'instances':[[1,2,3,4]]}"), Iris, ServingLimits.Default);

        Assert.Equal(3L, request.Parameters!["top_k"]);
        Assert.Equal("fast", request.Parameters["mode"]);
    }

    [Fact]
    public void Csv_quoted_fields_keep_commas_quotes_and_line_breaks()
    {
        var csv = "size,city\n1.5,\"Paris, France\"\n2,\"Rome \"\"Eternal\"\"\"\n3,\"two\nlines\"\n4,\n";

        var request = ScoringRequestReader.ReadCsv(Utf8(csv), Houses, ServingLimits.Default);

        Assert.Equal(["Paris, France", "Rome \"Eternal\"", "two\nlines", ""], request.Inputs[0].Tensor.ToArray<string>());
        Assert.Equal([1.5, 2, 3, 4], request.Inputs[1].Tensor.ToArray<double>());
        Assert.Equal([4L, 1L], request.Inputs[0].Tensor.Shape);
    }

    [Fact]
    public void An_instances_row_for_a_vector_input_is_a_scalar()
    {
        var signature = Single(OnnxElementType.Int64, "N");

        var request = ScoringRequestReader.ReadJson(Json("{'instances':[1,2,3]}"), signature, ServingLimits.Default);
        var csv = ScoringRequestReader.ReadCsv(Utf8("n\n1\n2\n3"), signature, ServingLimits.Default);

        Assert.Equal([1L, 2, 3], request.Inputs[0].Tensor.ToArray<long>());
        Assert.Equal([1L, 2, 3], csv.Inputs[0].Tensor.ToArray<long>());
        Assert.Equal([3L], csv.Inputs[0].Tensor.Shape);
    }

    [Fact]
    public void Symbolic_inner_dimensions_are_taken_from_the_first_row()
    {
        var signature = Single(OnnxElementType.Fp32, "N", "T", 2);

        var request = ScoringRequestReader.ReadJson(Json("{'instances':[[[1,2],[3,4],[5,6]],[[7,8],[9,10],[11,12]]]}"), signature, ServingLimits.Default);

        Assert.Equal([2L, 3L, 2L], request.Inputs[0].Tensor.Shape);
        Assert.Contains("nested data does not match shape [3,2]",
            Invalid(() => ScoringRequestReader.ReadJson(Json("{'instances':[[[1,2],[3,4],[5,6]],[[7,8],[9,10]]]}"), signature, ServingLimits.Default)));
    }

    [Theory]
    [InlineData("[[1,2,3,4]]", "got a JSON list")]
    [InlineData("[[1,2,3,4]]", "Since MLflow 2.0 a bare list")]
    [InlineData("{'columns':['a'],'data':[[1]]}", "exactly one of the keys \"dataframe_split\"")]
    [InlineData("{'columns':['a'],'data':[[1]]}", "got none of them")]
    [InlineData("{'instances':[[1,2,3,4]],'inputs':[[1,2,3,4]]}", "got both \"instances\" and \"inputs\"")]
    [InlineData("{'dataframe_split':{'columns':['a','b','c'],'data':[[1,2,3]]}}", "input 'x' takes 4 features per row (shape [-1,4]), but the data has 3 columns: a, b, c")]
    [InlineData("{'dataframe_split':{'columns':['a','b','c','d'],'data':[[1,2,3,4],[5,6,7]]}}", "row 1 has 3 values; expected 4, one per column: a, b, c, d")]
    [InlineData("{'dataframe_split':{'columns':['a','b','c','d'],'data':[[1,2,3,4],[5,6,7,8,9]]}}", "row 1 has more than 4 values")]
    [InlineData("{'dataframe_split':{'columns':['a','b','c','d'],'data':[[1,2,3,'x']]}}", "row 0, column 'd': input 'x': expected a number for FP32, got a string \"x\"")]
    [InlineData("{'dataframe_split':{'columns':['a','b','c','d']}}", "\"dataframe_split\" has no \"data\"")]
    [InlineData("{'dataframe_records':[{'a':1,'b':2,'c':3,'d':4},{'a':1,'b':2,'c':3}]}", "row 1 has no value for column 'd'")]
    [InlineData("{'dataframe_records':[{'a':1,'b':2,'c':3,'d':4},{'a':1,'b':2,'c':3,'e':4}]}", "row 1: unknown column 'e'; expected: a, b, c, d")]
    [InlineData("{'dataframe_records':[[1,2,3,4]]}", "\"dataframe_records\" must be a list of objects {column: value}, got a list of an arrays")]
    [InlineData("{'instances':[[1,2,3,4],[5,6,7]]}", "row 1, column 'x': input 'x': shape [4] holds 4 elements but data has 3")]
    [InlineData("{'instances':[{'y':[1,2,3,4]}]}", "unknown column 'y'; the model's inputs are: x")]
    [InlineData("{'inputs':{'y':[[1,2,3,4]]}}", "unknown input 'y'; the model's inputs are: x")]
    [InlineData("{'inputs':[[1,2,3]]}", "input 'x': expected shape [-1,4], got [1,3]")]
    [InlineData("{'inputs':[[1,2,3,4]],'params':{'a':[1]}}", "params: 'a' must be a string, number or bool, got an array")]
    [InlineData("{'inputs':[[1,2,3,4]", "request body is not valid JSON: ")]
    public void Bad_single_input_bodies_say_what_was_expected(string json, string message)
    {
        Assert.Contains(message, Invalid(() => ScoringRequestReader.ReadJson(Json(json), Iris, ServingLimits.Default)));
    }

    [Theory]
    [InlineData("{'dataframe_split':{'columns':['city','foo'],'data':[['a',1]]}}", "unknown column 'foo'; the model's inputs are: city, size")]
    [InlineData("{'dataframe_split':{'columns':['city'],'data':[['a']]}}", "missing column for input 'size' (FP64 [-1]); the data has columns: city")]
    [InlineData("{'dataframe_split':{'columns':['city','city'],'data':[['a','b']]}}", "column 'city' appears more than once")]
    [InlineData("{'dataframe_split':{'data':[['a',1]]}}", "\"dataframe_split\" needs \"columns\" naming the model's inputs: city, size")]
    [InlineData("{'dataframe_split':{'columns':['city','size'],'data':[[1,1]]}}", "input 'city': expected a string for BYTES, got 1")]
    [InlineData("{'dataframe_split':{'columns':['city','size'],'data':[['a','1']]}}", "input 'size': expected a number for FP64, got a string \"1\"")]
    [InlineData("{'instances':[['a',1]]}", "\"instances\" as a list of values needs a model with one input; this model has inputs city, size")]
    [InlineData("{'inputs':[1,2]}", "\"inputs\" as a single tensor needs a model with one input")]
    [InlineData("{'inputs':{'city':['a','b']}}", "missing input 'size' (FP64 [-1])")]
    [InlineData("{'inputs':{'city':['a','b'],'size':[1]}}", "inputs disagree on the batch size")]
    public void Bad_multi_input_bodies_say_what_was_expected(string json, string message)
    {
        Assert.Contains(message, Invalid(() => ScoringRequestReader.ReadJson(Json(json), Houses, ServingLimits.Default)));
    }

    [Theory]
    [InlineData("INT64", "{'instances':[1.5]}", "input 'x': expected an integer for INT64, got 1.5")]
    [InlineData("INT64", "{'instances':[2]}", null)]
    [InlineData("FP64", "{'instances':[2]}", null)]
    [InlineData("BOOL", "{'instances':[true,false]}", null)]
    [InlineData("BOOL", "{'instances':[1]}", "input 'x': expected true or false for BOOL, got 1")]
    [InlineData("UINT8", "{'instances':[256]}", "input 'x': 256 is out of range for UINT8")]
    [InlineData("INT8", "{'dataframe_split':{'columns':['v'],'data':[[-129]]}}", "input 'x': -129 is out of range for INT8")]
    public void Values_are_converted_to_the_input_type(string datatype, string json, string? message)
    {
        Assert.True(OnnxElementTypes.TryParseOipDatatype(datatype, out var type));
        var signature = Single(type, "N");
        if (message is null)
        {
            Assert.Equal(type, ScoringRequestReader.ReadJson(Json(json), signature, ServingLimits.Default).Inputs[0].Tensor.ElementType);
        }
        else
        {
            Assert.Contains(message, Invalid(() => ScoringRequestReader.ReadJson(Json(json), signature, ServingLimits.Default)));
        }
    }

    [Theory]
    [InlineData("a,b,c,d\n1,2,,4\n", "CSV line 2: empty value for FP32 input 'x'")]
    [InlineData("a,b,c,d\n1,2,3\n", "CSV line 2: 3 fields, but the header has 4: a, b, c, d")]
    [InlineData("a,b,c,d\n1,2,3,x\n", "CSV line 2: input 'x': expected a number for FP32, got 'x'")]
    [InlineData("a,b,c,d\n1,2,3,\"4\n", "a quoted field is not closed")]
    [InlineData("a,b,c,d\n1,2,3,\"4\"x\n", "unexpected text after a closing quote")]
    [InlineData("a,b,c\n1,2,3\n", "input 'x' takes 4 features per row (shape [-1,4]), but the data has 3 columns: a, b, c")]
    [InlineData("", "the CSV body is empty")]
    [InlineData("a,b,c,d\n1,2,3,1e39\n", "1e39 is out of range for FP32")]
    public void Bad_csv_says_what_was_expected(string csv, string message)
    {
        Assert.Contains(message, Invalid(() => ScoringRequestReader.ReadCsv(Utf8(csv), Iris, ServingLimits.Default)));
    }

    [Fact]
    public void Csv_for_several_inputs_checks_types_per_column()
    {
        Assert.Contains("CSV line 3: empty value for FP64 input 'size'",
            Invalid(() => ScoringRequestReader.ReadCsv(Utf8("city,size\na,1\nb,\n"), Houses, ServingLimits.Default)));
        Assert.Contains("unknown column 'town'; the model's inputs are: city, size",
            Invalid(() => ScoringRequestReader.ReadCsv(Utf8("town,size\na,1\n"), Houses, ServingLimits.Default)));
    }

    [Fact]
    public void Scoring_limits_are_checked_before_allocating()
    {
        var rows = string.Join(",", Enumerable.Repeat("[1,2,3,4]", 20));

        Assert.Contains("the request has 11 rows, more than the limit of 10",
            Invalid(() => ScoringRequestReader.ReadJson(Json($"{{'instances':[{rows}]}}"), Iris, ServingLimits.Default with { MaxBatchRows = 10 })));
        Assert.Contains("past the limit of 40 elements",
            Invalid(() => ScoringRequestReader.ReadJson(Json($"{{'instances':[{rows}]}}"), Iris, ServingLimits.Default with { MaxElements = 40 })));
        Assert.Contains("past the limit of 40 elements",
            Invalid(() => ScoringRequestReader.ReadJson(Json($"{{'inputs':[{rows}]}}"), Iris, ServingLimits.Default with { MaxElements = 40 })));
        Assert.Contains("the request has 11 rows, more than the limit of 10",
            Invalid(() => ScoringRequestReader.ReadCsv(Utf8("a,b,c,d\n" + string.Concat(Enumerable.Repeat("1,2,3,4\n", 11))), Iris, ServingLimits.Default with { MaxBatchRows = 10 })));
    }
}

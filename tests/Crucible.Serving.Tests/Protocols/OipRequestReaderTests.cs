using Crucible.Onnx.Model;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

public sealed class OipRequestReaderTests
{
    public static TheoryData<string, string> Datatypes => new()
    {
        { "BOOL", "true,false,true,true" },
        { "UINT8", "0,255,1,2" },
        { "UINT16", "0,65535,1,2" },
        { "UINT32", "0,4294967295,1,2" },
        { "UINT64", "0,18446744073709551615,1,2" },
        { "INT8", "-128,127,0,1" },
        { "INT16", "-32768,32767,0,1" },
        { "INT32", "-2147483648,2147483647,0,1" },
        { "INT64", "-9223372036854775808,9223372036854775807,0,1" },
        { "FP16", "0.5,-1.5,65504,0" },
        { "FP32", "1.5,-2.25,3.4e38,1e-7" },
        { "FP64", "1.5,-2.25,1.7e308,5e-324" },
        { "BYTES", "'a','h\\u00e9llo','','x\\'y'" },
    };

    [Theory]
    [MemberData(nameof(Datatypes))]
    public void Every_datatype_round_trips_flat_and_nested(string datatype, string values)
    {
        Assert.True(OnnxElementTypes.TryParseOipDatatype(datatype, out var type));
        var signature = Single(type, "N", 2);
        var parts = values.Replace("\\'", "\\u0027").Split(',');
        var flat = Json($"{{'inputs':[{{'name':'x','shape':[2,2],'datatype':'{datatype}','data':[{values}]}}]}}".Replace("\\'", "\\u0027"));
        var nested = Json($"{{'inputs':[{{'name':'x','shape':[2,2],'datatype':'{datatype}','data':[[{parts[0]},{parts[1]}],[{parts[2]},{parts[3]}]]}}]}}");

        var fromFlat = OipRequestReader.Read(flat, signature, ServingLimits.Default).Inputs[0].Tensor;
        var fromNested = OipRequestReader.Read(nested, signature, ServingLimits.Default).Inputs[0].Tensor;

        Assert.Equal(type, fromFlat.ElementType);
        Assert.Equal([2L, 2L], fromFlat.Shape);
        AssertSame(fromFlat, fromNested);

        // The response's output object has the request's input form: read it back and compare.
        var response = Write(o => OipResponseWriter.Write(o, "m", null, "1", [new InferenceOutput("x", fromFlat)]));
        var output = Parse(response).GetProperty("outputs")[0].GetRawText();
        var again = OipRequestReader.Read(Utf8($"{{\"inputs\":[{output}]}}"), signature, ServingLimits.Default).Inputs[0].Tensor;
        AssertSame(fromFlat, again);
    }

    [Fact]
    public void Values_are_converted_exactly()
    {
        var request = OipRequestReader.Read(
            Json("{'id':'r1','inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2.5,-3,'NaN']}]}"), Iris, ServingLimits.Default);

        Assert.Equal("r1", request.Id);
        Assert.Equal([1f, 2.5f, -3f, float.NaN], request.Inputs[0].Tensor.ToArray<float>());
        Assert.Equal(1, request.BatchSize);
        Assert.Null(request.Outputs);
    }

    public static TheoryData<string> PropertyOrders()
    {
        var properties = new[] { "'name':'x'", "'shape':[2,4]", "'datatype':'FP32'", "'data':[[1,2,3,4],[5,6,7,8]]", "'parameters':{'content_type':'np'}" };
        var data = new TheoryData<string>();
        foreach (var order in Permutations([0, 1, 2, 3, 4]))
        {
            data.Add("{" + string.Join(",", order.Select(i => properties[i])) + "}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PropertyOrders))]
    public void Input_properties_may_come_in_any_order(string input)
    {
        var request = OipRequestReader.Read(Json($"{{'outputs':[{{'name':'label'}}],'inputs':[{input}],'id':'a'}}"), Iris, ServingLimits.Default);

        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8], request.Inputs[0].Tensor.ToArray<float>());
        Assert.Equal(["label"], request.Outputs!);
        Assert.Equal("a", request.Id);
    }

    [Fact]
    public void Parameters_keep_strings_numbers_and_bools()
    {
        var request = OipRequestReader.Read(
            Json("{'parameters':{'s':'v','i':3,'d':0.5,'b':true},'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}"),
            Iris, ServingLimits.Default);

        Assert.Equal("v", request.Parameters!["s"]);
        Assert.Equal(3L, request.Parameters["i"]);
        Assert.Equal(0.5, request.Parameters["d"]);
        Assert.Equal(true, request.Parameters["b"]);
    }

    [Fact]
    public void A_scalar_and_an_empty_batch_are_read()
    {
        var scalar = Single(OnnxElementType.Int64);
        var one = OipRequestReader.Read(Json("{'inputs':[{'name':'x','shape':[],'datatype':'INT64','data':[7]}]}"), scalar, ServingLimits.Default);
        var empty = OipRequestReader.Read(Json("{'inputs':[{'name':'x','shape':[0,4],'datatype':'FP32','data':[]}]}"), Iris, ServingLimits.Default);

        Assert.Equal([7L], one.Inputs[0].Tensor.ToArray<long>());
        Assert.Empty(one.Inputs[0].Tensor.Shape);
        Assert.Equal([0L, 4L], empty.Inputs[0].Tensor.Shape);
    }

    [Theory]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP64','data':[1,2,3,4]}]}", "input 'x': expected datatype FP32, got FP64")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[1,2,3,4,5,6,7]}]}", "input 'x': shape [2,4] holds 8 elements but data has 7")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[1,2,3,4,5,6,7,8,9]}]}", "input 'x': shape [2,4] holds 8 elements but data has 9")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,5],'datatype':'FP32','data':[1,2,3,4,5,6,7,8,9,10]}]}", "input 'x': expected shape [-1,4], got [2,5]")]
    [InlineData("{'inputs':[{'name':'x','shape':[8],'datatype':'FP32','data':[1,2,3,4,5,6,7,8]}]}", "input 'x': expected shape [-1,4], got [8]")]
    [InlineData("{'inputs':[{'name':'foo','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "unknown input 'foo'; the model's inputs are: x")]
    [InlineData("{'inputs':[]}", "missing input 'x' (FP32 [-1,4])")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]},{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "input 'x' appears more than once")]
    [InlineData("{'id':'a'}", "the request has no \"inputs\"")]
    [InlineData("[1,2]", "the request must be a JSON object")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,'a']}]}", "input 'x': expected a number for FP32, got a string \"a\"")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,1e400]}]}", "input 'x': 1e400 is out of range for FP32")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,1e39]}]}", "input 'x': 1e39 is out of range for FP32")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[[1,2],[3,4]]}]}", "nested data does not match shape [1,4]")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[[1,2,3,4],[5,6,7]]}]}", "a list at depth 2 has 3 elements, expected 4")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[[[1,2,3,4]],[5,6,7,8]]}]}", "data is nested deeper than shape [2,4]")]
    [InlineData("{'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[1,2,3,4,[5,6,7,8]]}]}", "data mixes values and nested lists")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,-4],'datatype':'FP32','data':[1,2,3,4]}]}", "input 'x': shape dimensions cannot be negative, got -4")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4.5],'datatype':'FP32','data':[1,2,3,4]}]}", "\"shape\" must be a list of integers, got 4.5")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,99999999999999999999],'datatype':'FP32','data':[1,2,3,4]}]}", "\"shape\" must be a list of integers")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FLOAT','data':[1,2,3,4]}]}", "input 'x': unknown datatype a string \"FLOAT\"; expected one of BOOL")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'data':[1,2,3,4]}]}", "input 'x' has no \"datatype\"")]
    [InlineData("{'inputs':[{'name':'x','datatype':'FP32','data':[1,2,3,4]}]}", "input 'x' has no \"shape\"")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32'}]}", "input 'x' has no \"data\"")]
    [InlineData("{'inputs':[{'shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "input #0 has no \"name\"")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4],'data':[1,2,3,4]}]}", "input 'x': duplicate property \"data\"")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','parameters':{'binary_data_size':16}}]}", "input 'x' has binary_data_size, but the request has no Inference-Header-Content-Length header")]
    [InlineData("{'outputs':[{'name':'label','parameters':{'binary_data':true}}],'inputs':[]}", "binary outputs (\"binary_data\") are not supported")]
    [InlineData("{'parameters':{'a':{'b':1}},'inputs':[]}", "request parameters: 'a' must be a string, number or bool, got an object")]
    [InlineData("{'id':5,'inputs':[]}", "\"id\" must be a string, got 5")]
    [InlineData("{'outputs':[{'name':'nope'}],'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "unknown output 'nope'; the model's outputs are: label")]
    [InlineData("{'outputs':[{'name':'probabilities'}],'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "output 'probabilities' is seq(map(int64, float")]
    [InlineData("{'outputs':[{'name':'probabilities'}],'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]}", "not a tensor; the tensor outputs are: label")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}]} x", "request body is not valid JSON: ")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}", "request body is not valid JSON: ")]
    [InlineData("", "request body is not valid JSON: ")]
    [InlineData("{'inputs':[{'name':'x','shape':[1,4],'datatype':'FP32','data':1}]}", "input 'x': expected the data as a list of shape [1,4], got 1")]
    public void Bad_requests_are_refused_with_what_was_expected(string json, string message)
    {
        Assert.Contains(message, Invalid(() => OipRequestReader.Read(Json(json), Iris, ServingLimits.Default)));
    }

    [Theory]
    [InlineData("INT8", "128", "input 'x': 128 is out of range for INT8")]
    [InlineData("INT8", "-129", "input 'x': -129 is out of range for INT8")]
    [InlineData("UINT8", "256", "input 'x': 256 is out of range for UINT8")]
    [InlineData("UINT8", "-1", "input 'x': -1 is out of range for UINT8")]
    [InlineData("UINT64", "-1", "input 'x': -1 is out of range for UINT64")]
    [InlineData("INT64", "9223372036854775808", "is out of range for INT64")]
    [InlineData("INT32", "1.5", "input 'x': expected an integer for INT32, got 1.5")]
    [InlineData("INT64", "1e3", "expected an integer for INT64, got 1e3")]
    [InlineData("INT64", "'3'", "expected an integer for INT64, got a string \"3\"")]
    [InlineData("BOOL", "1", "input 'x': expected true or false for BOOL, got 1")]
    [InlineData("BYTES", "1", "input 'x': expected a string for BYTES, got 1")]
    [InlineData("FP16", "70000", "input 'x': 70000 is out of range for FP16")]
    [InlineData("FP64", "1e999", "input 'x': 1e999 is out of range for FP64")]
    [InlineData("FP32", "true", "input 'x': expected a number for FP32, got true")]
    [InlineData("FP32", "{}", "input 'x': expected a number for FP32, got an object")]
    public void Values_outside_the_datatype_are_refused(string datatype, string value, string message)
    {
        Assert.True(OnnxElementTypes.TryParseOipDatatype(datatype, out var type));
        var json = Json($"{{'inputs':[{{'name':'x','shape':[1],'datatype':'{datatype}','data':[{value}]}}]}}");

        Assert.Contains(message, Invalid(() => OipRequestReader.Read(json, Single(type, "N"), ServingLimits.Default)));
    }

    [Fact]
    public void Limits_are_checked_before_allocating()
    {
        var limits = ServingLimits.Default with { MaxElements = 100 };
        var huge = Json("{'inputs':[{'name':'x','shape':[1000000000,4],'datatype':'FP32','data':[1]}]}");
        var overflow = Json("{'inputs':[{'name':'x','shape':[4294967296,4294967296,4294967296,4],'datatype':'FP32','data':[1]}]}");
        var overflowNoBatchLimit = ServingLimits.Default with { MaxBatchRows = long.MaxValue };

        Assert.Contains("the request has 1000000000 rows, more than the limit of 65536", Invalid(() => OipRequestReader.Read(huge, Iris, limits)));
        Assert.Contains("takes the request past the limit of 100 elements",
            Invalid(() => OipRequestReader.Read(huge, Iris, limits with { MaxBatchRows = long.MaxValue })));
        Assert.Contains("expected shape [-1,4], got [4294967296,4294967296,4294967296,4]", Invalid(() => OipRequestReader.Read(overflow, Iris, overflowNoBatchLimit)));
        Assert.Contains("past the limit of 4000000 elements",
            Invalid(() => OipRequestReader.Read(
                Json("{'inputs':[{'name':'x','shape':[4294967296,4294967296,4294967296],'datatype':'FP32','data':[1]}]}"),
                Single(OnnxElementType.Fp32, "N", "a", "b"), overflowNoBatchLimit)));
    }

    [Fact]
    public void Strings_over_the_limit_are_refused()
    {
        var limits = ServingLimits.Default;
        var big = new string('a', limits.MaxStringBytes + 1);
        var escaped = string.Concat(Enumerable.Repeat("\\u00e9", (limits.MaxStringBytes / 2) + 1));
        var signature = Single(OnnxElementType.Bytes, "N");

        Assert.Contains("BYTES element longer than 65536 bytes",
            Invalid(() => OipRequestReader.Read(Utf8($"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"{big}\"]}}]}}"), signature, limits)));
        Assert.Contains("BYTES element longer than 65536 bytes",
            Invalid(() => OipRequestReader.Read(Utf8($"{{\"inputs\":[{{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"{escaped}\"]}}]}}"), signature, limits)));
    }

    [Fact]
    public void Request_limits_on_inputs_rank_and_body_are_enforced()
    {
        var input = "{'name':'x','shape':[1,4],'datatype':'FP32','data':[1,2,3,4]}";
        Assert.Contains("more than 1 inputs",
            Invalid(() => OipRequestReader.Read(Json($"{{'inputs':[{input},{input}]}}"), Iris, ServingLimits.Default with { MaxInputs = 1 })));
        Assert.Contains("shape has more than 2 dimensions",
            Invalid(() => OipRequestReader.Read(Json("{'inputs':[{'name':'x','shape':[1,1,1],'datatype':'FP32','data':[1]}]}"), Iris, ServingLimits.Default with { MaxRank = 2 })));
        Assert.Contains("more than the limit of 10",
            Invalid(() => OipRequestReader.Read(Json($"{{'inputs':[{input}]}}"), Iris, ServingLimits.Default with { MaxBodyBytes = 10 })));
    }

    [Fact]
    public void Deep_nesting_and_invalid_utf8_are_plain_400s()
    {
        var deep = "{\"inputs\":[{\"data\":" + new string('[', 5000) + new string(']', 5000) + ",\"name\":\"x\",\"shape\":[1,4],\"datatype\":\"FP32\"}]}";
        var bytes = Utf8("{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"BYTES\",\"data\":[\"ab\"]}]}");
        bytes[Array.IndexOf(bytes, (byte)'a')] = 0xFF;

        Assert.Contains("request body is not valid JSON", Invalid(() => OipRequestReader.Read(Utf8(deep), Iris, ServingLimits.Default)));
        Invalid(() => OipRequestReader.Read(bytes, Single(OnnxElementType.Bytes, "N"), ServingLimits.Default));
    }

    [Fact]
    public void Several_inputs_must_agree_on_the_batch_size()
    {
        var json = Json("{'inputs':[{'name':'city','shape':[2,1],'datatype':'BYTES','data':['a','b']},{'name':'size','shape':[3],'datatype':'FP64','data':[1,2,3]}]}");

        Assert.Contains("inputs disagree on the batch size (first dimension): 'city' has 2 rows but 'size' has 3",
            Invalid(() => OipRequestReader.Read(json, Houses, ServingLimits.Default)));
        Assert.Contains("missing input 'size' (FP64 [-1])",
            Invalid(() => OipRequestReader.Read(Json("{'inputs':[{'name':'city','shape':[1,1],'datatype':'BYTES','data':['a']}]}"), Houses, ServingLimits.Default)));
    }

    private static IEnumerable<int[]> Permutations(int[] items)
    {
        if (items.Length <= 1)
        {
            yield return items;
            yield break;
        }

        for (var i = 0; i < items.Length; i++)
        {
            var rest = items.Where((_, j) => j != i).ToArray();
            foreach (var tail in Permutations(rest))
            {
                yield return [items[i], .. tail];
            }
        }
    }
}

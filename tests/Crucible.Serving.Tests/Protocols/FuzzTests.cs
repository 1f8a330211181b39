using System.Text;
using Crucible.Core.Errors;
using Crucible.Serving.Inference;
using Crucible.Serving.Protocols;
using static Crucible.Serving.Tests.Protocols.Models;

namespace Crucible.Serving.Tests.Protocols;

/// <summary>Mutated bodies must end in a request or a 400, never in any other exception.</summary>
public sealed class FuzzTests
{
    private static readonly string[] OipSeeds =
    [
        "{'id':'1','parameters':{'a':1,'b':'x','c':true},'inputs':[{'name':'x','shape':[2,4],'datatype':'FP32','data':[[1,2,3,4],[5,6,7,8]]}],'outputs':[{'name':'label'}]}",
        "{'inputs':[{'data':[1,2,3,4],'datatype':'FP32','shape':[1,4],'name':'x','parameters':{'content_type':'np'}}]}",
        "{'inputs':[{'name':'city','shape':[2,1],'datatype':'BYTES','data':['paris','rome']},{'name':'size','shape':[2],'datatype':'FP64','data':[1.5,2e3]}]}",
    ];

    private static readonly string[] ScoringSeeds =
    [
        "{'dataframe_split':{'columns':['a','b','c','d'],'data':[[1,2,3,4],[5,6,7,8]]},'params':{'k':1}}",
        "{'dataframe_records':[{'a':1,'b':2,'c':3,'d':4},{'d':4,'c':3,'b':2,'a':1}]}",
        "{'instances':[[1,2,3,4],[5,6,7,8]]}",
        "{'inputs':{'x':[[1,2,3,4]]}}",
        "{'dataframe_split':{'columns':['city','size'],'data':[['paris',1.5],['rome',2]]}}",
        "{'instances':[{'city':'paris','size':1},{'city':['rome'],'size':2}]}",
        "{'inputs':{'city':[['a'],['b']],'size':[1,2]}}",
    ];

    private static readonly byte[] Interesting = Encoding.UTF8.GetBytes("{}[]\",:0123456789-+.eEtrufalsn \\'\u00ff");

    [Fact]
    public void Mutated_oip_bodies_only_ever_raise_invalid_parameter()
    {
        Fuzz(OipSeeds, body =>
        {
            OipRequestReader.Read(body, Iris, ServingLimits.Default);
            OipRequestReader.Read(body, Houses, ServingLimits.Default with { MaxElements = 64, MaxStringBytes = 8 });
        });
    }

    [Fact]
    public void Mutated_scoring_bodies_only_ever_raise_invalid_parameter()
    {
        Fuzz(ScoringSeeds, body =>
        {
            ScoringRequestReader.ReadJson(body, Iris, ServingLimits.Default);
            ScoringRequestReader.ReadJson(body, Houses, ServingLimits.Default with { MaxElements = 64, MaxStringBytes = 8 });
        });
    }

    [Fact]
    public void Mutated_csv_bodies_only_ever_raise_invalid_parameter()
    {
        Fuzz(["a,b,c,d\n1,2,3,4\n5,6,7,8\n", "city,size\n\"par,is\",1.5\n\"ro\"\"me\",2\r\n"], body =>
        {
            ScoringRequestReader.ReadCsv(body, Iris, ServingLimits.Default);
            ScoringRequestReader.ReadCsv(body, Houses, ServingLimits.Default with { MaxElements = 64, MaxStringBytes = 8 });
        }, quote: false);
    }

    private static void Fuzz(string[] seeds, Action<byte[]> read, bool quote = true)
    {
        var random = new Random(42);
        var bodies = seeds.Select(s => quote ? Json(s) : Utf8(s)).ToArray();
        for (var i = 0; i < 4000; i++)
        {
            var body = Mutate(bodies[random.Next(bodies.Length)], random);
            try
            {
                read(body);
            }
            catch (CrucibleException e) when (e.Code == ErrorCode.InvalidParameterValue)
            {
            }
            catch (Exception e)
            {
                Assert.Fail($"{e.GetType().Name}: {e.Message}\nbody: {Encoding.UTF8.GetString(body)}");
            }
        }
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var body = new List<byte>(seed);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && body.Count > 0; e++)
        {
            var at = random.Next(body.Count);
            switch (random.Next(7))
            {
                case 0:
                    body[at] = Interesting[random.Next(Interesting.Length)];
                    break;
                case 1:
                    body.Insert(at, Interesting[random.Next(Interesting.Length)]);
                    break;
                case 2:
                    body.RemoveRange(at, Math.Min(random.Next(1, 8), body.Count - at));
                    break;
                case 3:
                    body.RemoveRange(at, body.Count - at);
                    break;
                case 4:
                    var length = Math.Min(random.Next(1, 16), body.Count - at);
                    body.InsertRange(random.Next(body.Count), body.GetRange(at, length));
                    break;
                case 5:
                    body.InsertRange(at, Encoding.UTF8.GetBytes(Pick(random, "99999999999999999999999", "-1", "1e308", "1e-400", "[[[[", "null", "\"NaN\"", "\"\\ud800\"", "-0", "4294967296")));
                    break;
                default:
                    body[at] = (byte)random.Next(256);
                    break;
            }
        }

        return [.. body];
    }

    private static string Pick(Random random, params string[] options) => options[random.Next(options.Length)];
}

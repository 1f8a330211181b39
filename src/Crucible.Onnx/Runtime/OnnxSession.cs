using Crucible.Onnx.Model;
using Ort = Microsoft.ML.OnnxRuntime;

namespace Crucible.Onnx.Runtime;

/// <summary>
/// An ONNX Runtime (CPU) inference session, over the official Microsoft.ML.OnnxRuntime managed API.
/// <para>
/// Thread safety: <c>Run</c> may be called from any number of threads at once on one session (ONNX Runtime sessions
/// are safe for concurrent Run, and this wrapper keeps no per-call state in fields). Share one session per model
/// version and scale with concurrent requests. <see cref="Dispose"/> is idempotent and waits for nothing: a Run in
/// flight keeps the native session alive until it returns, and later calls throw <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Errors: ONNX Runtime's own failures (bad model, unknown input name, wrong shape or type) surface as
/// <see cref="OnnxRuntimeException"/> with ORT's code and message; a native library that will not load surfaces as a
/// <see cref="Crucible.Core.Errors.CrucibleException"/> naming the platform and where the library is expected.
/// </para>
/// </summary>
public sealed partial class OnnxSession : IDisposable
{
    private readonly Ort.InferenceSession _session;
    private readonly Ort.RunOptions _runOptions;
    private readonly string[] _outputNames;
    private readonly string[][] _inputNameArrays;
    private readonly string[][] _outputNameArrays;

    /// <summary>1 for the owner plus 1 per Run in flight; the native session is released when it reaches 0.</summary>
    private int _references = 1;
    private int _disposed;

    /// <summary>
    /// Creates a session from the bytes of a self-contained ONNX model. Models whose weights live in external files
    /// need <see cref="FromFile"/>, which lets ONNX Runtime find those files next to the model.
    /// </summary>
    public OnnxSession(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
        : this(options, FromBytes(model.ToArray()))
    {
    }

    private OnnxSession(OnnxSessionOptions? options, Func<Ort.SessionOptions, Ort.InferenceSession> create)
    {
        _ = OrtEnvironment.Instance;
        using (var nativeOptions = CreateOptions(options ?? OnnxSessionOptions.Default))
        {
            _session = Guard(() => create(nativeOptions));
        }

        try
        {
            Inputs = Describe(_session.InputNames, _session.InputMetadata);
            Outputs = Describe(_session.OutputNames, _session.OutputMetadata);
            _outputNames = [.. _session.OutputNames];
            _inputNameArrays = NameArrays(_session.InputNames);
            _outputNameArrays = NameArrays(_session.OutputNames);
            _runOptions = new Ort.RunOptions();
        }
        catch
        {
            _session.Dispose();
            throw;
        }
    }

    /// <summary>The version of the loaded ONNX Runtime library (loads it on first use).</summary>
    public static string RuntimeVersion => OrtEnvironment.Instance.Version;

    /// <summary>Graph inputs as ONNX Runtime sees them (initializers excluded), with symbolic dimensions kept.</summary>
    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    /// <summary>Creates a session from a model file; external-data files are resolved relative to it.</summary>
    public static OnnxSession FromFile(string path, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        return new OnnxSession(options, o => new Ort.InferenceSession(full, o));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Release();
        }
    }

    /// <summary>Runs <paramref name="call"/>, turning the official API's exception into <see cref="OnnxRuntimeException"/>.</summary>
    internal static T Guard<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Ort.OnnxRuntimeException ex)
        {
            throw OrtErrors.Translate(ex);
        }
    }

    private static Func<Ort.SessionOptions, Ort.InferenceSession> FromBytes(byte[] model) => o => new Ort.InferenceSession(model, o);

    private static Ort.SessionOptions CreateOptions(OnnxSessionOptions options)
    {
        var native = new Ort.SessionOptions();
        try
        {
            native.ExecutionMode = Ort.ExecutionMode.ORT_SEQUENTIAL;
            native.IntraOpNumThreads = options.IntraOpThreads;
            native.InterOpNumThreads = options.InterOpThreads;
            native.GraphOptimizationLevel = options.OptimizationLevel switch
            {
                OnnxGraphOptimizationLevel.Disabled => Ort.GraphOptimizationLevel.ORT_DISABLE_ALL,
                OnnxGraphOptimizationLevel.Basic => Ort.GraphOptimizationLevel.ORT_ENABLE_BASIC,
                OnnxGraphOptimizationLevel.Extended => Ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
                _ => Ort.GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            native.LogSeverityLevel = Ort.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            foreach (var (key, value) in options.ConfigEntries)
            {
                Guard(() =>
                {
                    native.AddSessionConfigEntry(key, value);
                    return 0;
                });
            }

            return native;
        }
        catch
        {
            native.Dispose();
            throw;
        }
    }

    /// <summary>All names in order, then each name alone: the name lists a Run most often asks for.</summary>
    private static string[][] NameArrays(IReadOnlyList<string> names) =>
        [[.. names], .. names.Count > 1 ? names.Select(n => new[] { n }) : []];

    private static OnnxValueInfo[] Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, Ort.NodeMetadata> metadata) =>
        names.Select(name => new OnnxValueInfo(name, OrtTypeDescriber.Describe(metadata[name]))).ToArray();

    /// <summary>Counts a Run in; false once the session is disposed and released.</summary>
    private bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _session.Dispose();
            _runOptions.Dispose();
        }
    }
}

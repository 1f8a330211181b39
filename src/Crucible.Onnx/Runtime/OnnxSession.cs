using System.Runtime.InteropServices;

namespace Crucible.Onnx;

/// <summary>
/// An ONNX Runtime (CPU) inference session over a model held in memory.
/// <para>
/// Thread safety: <c>Run</c> may be called from any number of threads at once on one session (ONNX Runtime sessions
/// are safe for concurrent Run, and this wrapper keeps no per-call state in fields). Share one session per model
/// version and scale with concurrent requests. <see cref="Dispose"/> is idempotent and waits for nothing: a Run in
/// flight keeps the native session alive until it returns, and later calls throw <see cref="ObjectDisposedException"/>.
/// </para>
/// <para>
/// Errors: ONNX Runtime's own failures (bad model, unknown input name, wrong shape or type) surface as
/// <see cref="OnnxRuntimeException"/> with ORT's message; a missing native library surfaces as a
/// <see cref="Crucible.Core.Errors.CrucibleException"/> naming the paths tried.
/// </para>
/// </summary>
public sealed partial class OnnxSession : IDisposable
{
    private readonly OrtEnvironment _ort;
    private readonly OrtSessionHandle _session;
    private readonly Dictionary<string, int> _inputIndex;
    private readonly Dictionary<string, int> _outputIndex;
    private int _disposed;

    /// <summary>
    /// Creates a session from the bytes of a self-contained ONNX model. Models whose weights live in external files
    /// need <see cref="FromFile"/>, which lets ONNX Runtime find those files next to the model.
    /// </summary>
    public OnnxSession(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
        : this(FromBytes(OrtEnvironment.Instance, model, options ?? OnnxSessionOptions.Default))
    {
    }

    private OnnxSession(OrtSessionHandle session)
    {
        _ort = OrtEnvironment.Instance;
        _session = session;
        try
        {
            Inputs = ReadSignature(output: false);
            Outputs = ReadSignature(output: true);
            _session.InputNames = Inputs.Select(i => Marshal.StringToCoTaskMemUTF8(i.Name)).ToArray();
            _session.OutputNames = Outputs.Select(o => Marshal.StringToCoTaskMemUTF8(o.Name)).ToArray();
            _inputIndex = Index(Inputs);
            _outputIndex = Index(Outputs);
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
        var ort = OrtEnvironment.Instance;
        using var nativeOptions = CreateOptions(options ?? OnnxSessionOptions.Default);
        return new OnnxSession(new OrtSessionHandle(
            OrtNative.CreateSession(ort.Env.DangerousGetHandle(), Path.GetFullPath(path), nativeOptions.DangerousGetHandle())));
    }

    private static OrtSessionHandle FromBytes(OrtEnvironment ort, ReadOnlySpan<byte> model, OnnxSessionOptions options)
    {
        using var nativeOptions = CreateOptions(options);
        return new OrtSessionHandle(OrtNative.CreateSessionFromArray(ort.Env.DangerousGetHandle(), model, nativeOptions.DangerousGetHandle()));
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _session.Dispose();
        }
    }

    private static OrtSessionOptionsHandle CreateOptions(OnnxSessionOptions options)
    {
        var handle = new OrtSessionOptionsHandle(OrtNative.CreateSessionOptions());
        try
        {
            var h = handle.DangerousGetHandle();
            OrtNative.SetExecutionModeSequential(h);
            OrtNative.SetIntraOpNumThreads(h, options.IntraOpThreads);
            OrtNative.SetInterOpNumThreads(h, options.InterOpThreads);
            OrtNative.SetGraphOptimizationLevel(h, (int)options.OptimizationLevel);
            foreach (var (key, value) in options.ConfigEntries)
            {
                OrtNative.AddSessionConfigEntry(h, key, value);
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private OnnxValueInfo[] ReadSignature(bool output)
    {
        var session = _session.DangerousGetHandle();
        var values = new OnnxValueInfo[OrtNative.SessionGetCount(session, output)];
        for (var i = 0; i < values.Length; i++)
        {
            var name = OrtNative.SessionGetName(session, i, output, _ort.DefaultAllocator);
            var type = OrtTypeInfoReader.DescribeOwned(OrtNative.SessionGetTypeInfo(session, i, output));
            values[i] = new OnnxValueInfo(name, type);
        }

        return values;
    }

    private static Dictionary<string, int> Index(IReadOnlyList<OnnxValueInfo> values)
    {
        var index = new Dictionary<string, int>(values.Count, StringComparer.Ordinal);
        for (var i = 0; i < values.Count; i++)
        {
            index[values[i].Name] = i;
        }

        return index;
    }
}

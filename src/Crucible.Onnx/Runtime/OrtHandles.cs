using System.Runtime.InteropServices;

namespace Crucible.Onnx;

/// <summary>An owned ONNX Runtime object, released once through its Release* slot.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle(nint handle)
        : base(0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected abstract int ReleaseSlot { get; }

    protected override bool ReleaseHandle()
    {
        OrtNative.Release(ReleaseSlot, handle);
        return true;
    }
}

/// <summary>The process-wide OrtEnv.</summary>
internal sealed class OrtEnvHandle(nint handle) : OrtHandle(handle)
{
    protected override int ReleaseSlot => OrtNative.Slot.ReleaseEnv;
}

internal sealed class OrtSessionOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override int ReleaseSlot => OrtNative.Slot.ReleaseSessionOptions;
}

internal sealed class OrtMemoryInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override int ReleaseSlot => OrtNative.Slot.ReleaseMemoryInfo;
}

/// <summary>An OrtValue that outlives one call (values made and released within a call use raw pointers).</summary>
internal sealed class OrtValueHandle(nint handle) : OrtHandle(handle)
{
    protected override int ReleaseSlot => OrtNative.Slot.ReleaseValue;
}

/// <summary>
/// An OrtSession plus the NUL-terminated UTF-8 copies of its input and output names that Run takes. The names are
/// freed with the session, so a Run that holds a reference (DangerousAddRef) can use both safely during Dispose.
/// </summary>
internal sealed class OrtSessionHandle(nint handle) : OrtHandle(handle)
{
    public nint[] InputNames { get; set; } = [];

    public nint[] OutputNames { get; set; } = [];

    protected override int ReleaseSlot => OrtNative.Slot.ReleaseSession;

    protected override bool ReleaseHandle()
    {
        base.ReleaseHandle();
        foreach (var p in InputNames)
        {
            Marshal.FreeCoTaskMem(p);
        }

        foreach (var p in OutputNames)
        {
            Marshal.FreeCoTaskMem(p);
        }

        return true;
    }
}

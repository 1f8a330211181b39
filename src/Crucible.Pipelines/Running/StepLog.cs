using System.Text;
using Crucible.Core.Pipelines;

namespace Crucible.Pipelines.Running;

/// <summary>A step's log: lines appended from any thread, keeping the last <see cref="IPipelineStore.MaxLogChars"/> characters.</summary>
public sealed class StepLog
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void Line(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        lock (_lock)
        {
            _text.Append(line).Append('\n');
            if (_text.Length > IPipelineStore.MaxLogChars * 2)
            {
                _text.Remove(0, _text.Length - IPipelineStore.MaxLogChars);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.Length > IPipelineStore.MaxLogChars ? _text.ToString(_text.Length - IPipelineStore.MaxLogChars, IPipelineStore.MaxLogChars) : _text.ToString();
        }
    }
}

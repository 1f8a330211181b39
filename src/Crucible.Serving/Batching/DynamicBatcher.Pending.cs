using Crucible.Serving.Inference;

namespace Crucible.Serving.Batching;

/// <summary>A queued request.</summary>
public sealed partial class DynamicBatcher
{
    private sealed class Pending : TaskCompletionSource<IReadOnlyList<InferenceOutput>>
    {
        public Pending(IReadOnlyList<InferenceInput> inputs, IReadOnlyList<string> outputNames, int rows)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Inputs = inputs;
            OutputNames = outputNames;
            Rows = rows;
        }

        public IReadOnlyList<InferenceInput> Inputs { get; }

        public IReadOnlyList<string> OutputNames { get; }

        public int Rows { get; }

        public CancellationTokenRegistration Cancellation { get; set; }

        public bool IsDone => Task.IsCompleted;

        public void Succeed(IReadOnlyList<InferenceOutput> outputs)
        {
            TrySetResult(outputs);
            Cancellation.Dispose();
        }

        public void Fail(Exception error)
        {
            TrySetException(error);
            Cancellation.Dispose();
        }

        /// <summary>
        /// True when <paramref name="other"/> can share an ONNX Runtime run with this request: the same outputs, and
        /// inputs with the same names, element types and dimensions after the first, in the same order.
        /// </summary>
        public bool CanJoin(Pending other)
        {
            if (!SameNames(OutputNames, other.OutputNames) || Inputs.Count != other.Inputs.Count)
            {
                return false;
            }

            for (var i = 0; i < Inputs.Count; i++)
            {
                var (a, b) = (Inputs[i], other.Inputs[i]);
                if (!string.Equals(a.Name, b.Name, StringComparison.Ordinal) || a.Tensor.ElementType != b.Tensor.ElementType
                    || !TensorRows.SameRowShape(a.Tensor.Shape, b.Tensor.Shape))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SameNames(IReadOnlyList<string> a, IReadOnlyList<string> b)
        {
            if (ReferenceEquals(a, b))
            {
                return true;
            }

            if (a.Count != b.Count)
            {
                return false;
            }

            for (var i = 0; i < a.Count; i++)
            {
                if (!string.Equals(a[i], b[i], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}

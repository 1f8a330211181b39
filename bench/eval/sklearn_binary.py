#!/usr/bin/python3
"""scikit-learn side of the `eval-binary` benchmark (Crucible.Bench eval-binary runs it).

Reads the labels (raw int8) and probabilities of class 1 (raw float64) that the runner wrote, computes the metric set
of Crucible's binary preset with scikit-learn, one warmup pass then --repeat timed passes, and prints one JSON object:
the pass times in ms and the values of the last pass (curves thinned as Crucible's report thins them), so the runner
can check that both agree.

usage: sklearn_binary.py LABELS.i8 SCORES.f64 [--repeat 3]
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.calibration import calibration_curve
from sklearn.metrics import (
    accuracy_score,
    average_precision_score,
    balanced_accuracy_score,
    brier_score_loss,
    cohen_kappa_score,
    confusion_matrix,
    log_loss,
    matthews_corrcoef,
    precision_recall_curve,
    precision_recall_fscore_support,
    roc_auc_score,
    roc_curve,
)

BINS = 10  # Crucible's report: calibration curve and ECE over 10 uniform bins
MAX_POINTS = 1000  # Crucible's CurveBuilder.MaxPoints


def preset(y, p):
    """Every value Crucible's Evaluator computes for a binary table without bootstrap, slices or fairness."""
    y_pred = (p > 0.5).astype(np.int64)
    precision, recall, f1, _ = precision_recall_fscore_support(y, y_pred, average="binary", zero_division=0)
    metrics = {
        "accuracy": accuracy_score(y, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y, y_pred),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "roc_auc": roc_auc_score(y, p),
        "average_precision": average_precision_score(y, p),
        "log_loss": log_loss(y, p),
        "brier_score": brier_score_loss(y, p),
        "matthews_corrcoef": matthews_corrcoef(y, y_pred),
        "cohen_kappa": cohen_kappa_score(y, y_pred),
    }
    cm = confusion_matrix(y, y_pred, labels=[0, 1])
    fpr, tpr, _ = roc_curve(y, p)
    pr_precision, pr_recall, _ = precision_recall_curve(y, p)
    fraction, mean = calibration_curve(y, p, n_bins=BINS)
    # Expected calibration error: sum over non-empty bins of |fraction - mean| * n_b / n, bins as calibration_curve's.
    edges = np.linspace(0.0, 1.0, BINS + 1)
    counts = np.bincount(np.searchsorted(edges[1:-1], p), minlength=BINS)
    counts = counts[counts != 0]
    ece = float(np.sum(np.abs(fraction - mean) * (counts / len(p))))
    return metrics, cm, fpr, tpr, pr_precision, pr_recall, fraction, mean, ece


def thin(values):
    """Crucible's CurveBuilder.Thin: every k-th point and the last one, at most about MAX_POINTS points."""
    values = list(values)
    if len(values) <= MAX_POINTS:
        return values
    step = -(-len(values) // MAX_POINTS)
    kept = values[::step]
    if (len(values) - 1) % step != 0:
        kept.append(values[-1])
    return kept


def main():
    args = sys.argv[1:]
    repeat = 3
    if "--repeat" in args:
        i = args.index("--repeat")
        repeat = int(args[i + 1])
        del args[i : i + 2]
    labels_path, scores_path = args
    y = np.fromfile(labels_path, dtype=np.int8).astype(np.int64)
    p = np.fromfile(scores_path, dtype=np.float64)
    preset(y, p)  # warmup
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        values = preset(y, p)
        times.append((time.perf_counter() - start) * 1000.0)
    metrics, cm, fpr, tpr, pr_precision, pr_recall, fraction, mean, ece = values
    json.dump(
        {
            "sklearn": sklearn.__version__,
            "numpy": np.__version__,
            "python": sys.version.split()[0],
            "times_ms": times,
            "metrics": {k: float(v) for k, v in metrics.items()},
            "confusion_matrix": cm.astype(float).tolist(),
            "roc_fpr": thin(fpr.tolist()),
            "roc_tpr": thin(tpr.tolist()),
            "pr_precision": thin(pr_precision.tolist()),
            "pr_recall": thin(pr_recall.tolist()),
            "calibration_fraction_positive": fraction.tolist(),
            "calibration_mean_predicted": mean.tolist(),
            "expected_calibration_error": ece,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()

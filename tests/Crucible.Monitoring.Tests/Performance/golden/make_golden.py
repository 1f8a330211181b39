"""Golden values for Crucible's isotonic regression and CBPE estimates.

Run with Debian's python3 (sklearn 1.2.1, numpy): /usr/bin/python3 make_golden.py > golden.json
Isotonic: sklearn.isotonic.IsotonicRegression(out_of_bounds="clip") fitted on seeded data with ties, predicted on
points inside and outside the fitted range. CBPE: the expected-confusion-matrix estimates written out with numpy the
way NannyML's CBPE computes them (accuracy, precision, recall, f1 from y_pred and calibrated probabilities; ROC AUC from
sklearn's weighted roc_auc_score with every row a positive of weight p and a negative of weight
1 - p; NannyML's cumulative-sum form over sorted probabilities is written out too, and agrees to about 1e-6: it
handles tied probabilities slightly differently).
"""
import json

import numpy as np
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import auc, roc_auc_score


def isotonic_case(rng, n, ties):
    x = rng.uniform(0, 1, n)
    if ties:
        x = np.round(x * 20) / 20
    y = (rng.uniform(0, 1, n) < x ** 2).astype(float)
    query = np.concatenate([[-0.5, 0.0, 1.0, 1.5], rng.uniform(-0.1, 1.1, 40), x[:10]])
    model = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    return {"x": x.tolist(), "y": y.tolist(), "query": query.tolist(), "predicted": model.predict(query).tolist()}


def nannyml_roc_auc(p):
    thresholds = np.sort(p)
    one_min = 1 - thresholds
    tp = np.cumsum(thresholds[::-1])[::-1]
    fp = np.cumsum(one_min[::-1])[::-1]
    fn = np.cumsum(np.insert(thresholds, 0, 0)[:-1])
    tn = np.cumsum(np.insert(one_min, 0, 0)[:-1])
    keep = np.diff(np.append(thresholds, 2)).astype(bool)
    tp, fp, fn, tn = tp[keep], fp[keep], fn[keep], tn[keep]
    tpr = np.append(tp / (tp + fn), 0)
    fpr = np.append(fp / (fp + tn), 0)
    return float(auc(fpr, tpr))


def cbpe_case(rng, n):
    scores = np.round(rng.beta(2, 2, n), 3)  # rounded: ties on purpose
    p = np.clip(scores + rng.normal(0, 0.05, n), 0, 1)
    y_pred = (scores >= 0.5).astype(int)
    tp = np.sum(np.where(y_pred == 1, p, 0))
    fp = np.sum(np.where(y_pred == 1, 1 - p, 0))
    fn = np.sum(np.where(y_pred == 0, p, 0))
    tn = np.sum(np.where(y_pred == 0, 1 - p, 0))
    return {
        "probabilities": p.tolist(),
        "scores": scores.tolist(),
        "accuracy": float((tp + tn) / n),
        "precision": float(tp / (tp + fp)),
        "recall": float(tp / (tp + fn)),
        "f1": float(tp / (tp + 0.5 * (fp + fn))),
        # The definition: every row a positive of weight p and a negative of weight 1 - p, ranked by p.
        "roc_auc": float(roc_auc_score(np.r_[np.ones(n), np.zeros(n)], np.r_[p, p], sample_weight=np.r_[p, 1 - p])),
        "roc_auc_nannyml_form": nannyml_roc_auc(p),
    }


rng = np.random.default_rng(20261122)
print(json.dumps({
    "isotonic": [isotonic_case(rng, 200, False), isotonic_case(rng, 300, True), isotonic_case(rng, 7, True)],
    "cbpe": [cbpe_case(rng, 500), cbpe_case(rng, 60)],
}))

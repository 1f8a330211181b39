"""Golden values for the built-in trainers (tests/Crucible.Pipelines.Tests/Training).

Run with Debian's python3 (scikit-learn 1.2.1):  /usr/bin/python3 make_golden.py
Writes linear.csv (a small dataset whose features are float32 values, so the C# float32 reader sees the same numbers)
and golden.json: sklearn's coefficients, and for logistic regression also the optimum of sklearn's objective
(½‖w‖² + C·Σ log-loss) refined from sklearn's answer by SciPy's BFGS to a gradient of 1e-11: lbfgs in sklearn stops
at a gradient around 1e-4 even with tol=1e-12, so its coefficients are only close to the optimum.
"""
import json

import numpy as np
from scipy.optimize import minimize
import sklearn
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import log_loss

rng = np.random.default_rng(8)
n = 300
X = np.column_stack([
    rng.normal(0, 1, n),
    rng.normal(5, 10, n),          # large scale
    rng.uniform(-0.01, 0.01, n),   # tiny scale
    rng.integers(0, 4, n),         # discrete
]).astype(np.float32)
z = 0.8 * X[:, 0] - 0.05 * X[:, 1] + 60 * X[:, 2] + 0.3 * X[:, 3] - 0.2
y_class = (rng.uniform(0, 1, n) < 1 / (1 + np.exp(-z))).astype(int)
y_reg = (1.5 * X[:, 0] + 0.2 * X[:, 1] - 100 * X[:, 2] + 0.7 * X[:, 3] + 3 + rng.normal(0, 0.5, n)).astype(np.float32)
Xd = X.astype(np.float64)
y_reg_d = y_reg.astype(np.float64)

with open("linear.csv", "w") as f:
    f.write("a,b,c,d,y_class,y_reg\n")
    for row, yc, yr in zip(X, y_class, y_reg):
        f.write(",".join(repr(float(v)) for v in row) + f",{yc},{float(yr)!r}\n")



def objective(theta, c):
    """sklearn's L2 logistic objective (intercept not penalized) and its gradient."""
    w, b = theta[:-1], theta[-1]
    z = Xd @ w + b
    p = 1 / (1 + np.exp(-z))
    gradient = np.append(c * Xd.T @ (p - y_class) + w, c * np.sum(p - y_class))
    return c * np.sum(np.logaddexp(0, z) - y_class * z) + 0.5 * w @ w, gradient


golden = {"sklearn": sklearn.__version__, "logistic": {}, "ridge": {}}
for c in [1.0, 0.01]:
    m = LogisticRegression(C=c, tol=1e-12, max_iter=100000).fit(Xd, y_class)
    start = np.append(m.coef_[0], m.intercept_[0])
    refined = minimize(objective, start, args=(c,), jac=True, method="BFGS", options={"gtol": 1e-12}).x
    golden["logistic"][repr(c)] = {
        "coef": m.coef_[0].tolist(), "intercept": float(m.intercept_[0]),
        "optimum_coef": refined[:-1].tolist(), "optimum_intercept": float(refined[-1]),
        "sklearn_max_abs_gradient": float(np.abs(objective(start, c)[1]).max()),
        "optimum_max_abs_gradient": float(np.abs(objective(refined, c)[1]).max()),
    }
for alpha in [0.0, 10.0]:
    m = LinearRegression() if alpha == 0.0 else Ridge(alpha=alpha, solver="cholesky")
    m.fit(Xd, y_reg_d)
    golden["ridge"][repr(alpha)] = {"coef": m.coef_.tolist(), "intercept": float(m.intercept_)}

hgb = HistGradientBoostingClassifier(early_stopping=False, random_state=0).fit(Xd, y_class)
golden["hgb_train_log_loss"] = log_loss(y_class, hgb.predict_proba(Xd)[:, 1])

with open("golden.json", "w") as f:
    json.dump(golden, f, indent=2)
    f.write("\n")

#!/usr/bin/python3
"""Builds the ONNX test fixtures for Crucible.Onnx with an independent producer (Debian's python3-onnx).

Run from this folder with the system Python (the pyenv python3 on PATH does not see apt packages):
    apt-get install -y --no-install-recommends python3-onnx python3-numpy
    /usr/bin/python3 make_fixtures.py

Writes one .onnx per model plus expected.json holding, per model, the declared signature (as the C# reader should
describe it), the operator histogram and opsets, and for fixed inputs the outputs computed here in numpy straight
from each model's definition (not by running any ONNX runtime).
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
PRODUCER = "crucible-fixtures"
OPSET = [helper.make_opsetid("", 17)]
ML_OPSET = [helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)]

ONNX_NAMES = {TensorProto.FLOAT: "float", TensorProto.DOUBLE: "double", TensorProto.FLOAT16: "float16",
              TensorProto.BFLOAT16: "bfloat16", TensorProto.STRING: "string", TensorProto.BOOL: "bool",
              TensorProto.UINT8: "uint8", TensorProto.UINT16: "uint16", TensorProto.UINT32: "uint32",
              TensorProto.UINT64: "uint64", TensorProto.INT8: "int8", TensorProto.INT16: "int16",
              TensorProto.INT32: "int32", TensorProto.INT64: "int64"}


def type_str(t):
    """Describes a TypeProto the way Crucible's OnnxValueType.ToString does."""
    which = t.WhichOneof("value")
    if which == "tensor_type":
        s = ONNX_NAMES[t.tensor_type.elem_type]
        if t.tensor_type.HasField("shape"):
            dims = []
            for d in t.tensor_type.shape.dim:
                w = d.WhichOneof("value")
                dims.append(str(d.dim_value) if w == "dim_value" else d.dim_param if w == "dim_param" else "?")
            s += "[" + ",".join(dims) + "]"
        return s
    if which == "sequence_type":
        return "seq(" + type_str(t.sequence_type.elem_type) + ")"
    if which == "map_type":
        return "map(" + ONNX_NAMES[t.map_type.key_type] + ", " + type_str(t.map_type.value_type) + ")"
    raise ValueError(which)


def seq_map_type(key_type, value_elem):
    # onnx 1.12 has no make_map_type_proto, so the nested TypeProto is filled in by hand.
    t = onnx.TypeProto()
    m = t.sequence_type.elem_type.map_type
    m.key_type = key_type
    m.value_type.tensor_type.elem_type = value_elem
    return t


def save(name, graph, opsets, expected, inputs=None, outputs=None, metadata=None, external=None):
    model = helper.make_model(graph, producer_name=PRODUCER, producer_version=onnx.__version__, opset_imports=opsets)
    model.ir_version = 8
    model.model_version = 3
    model.doc_string = f"Crucible test fixture: {name}"
    for k, v in (metadata or {}).items():
        model.metadata_props.add(key=k, value=v)
    onnx.checker.check_model(model)
    # Sizes are taken before saving: saving with external data moves the tensor bytes out of the protos.
    initializer_bytes = int(sum(numpy_helper.to_array(i).nbytes for i in graph.initializer))
    if external:
        # Every initializer goes to one side file; the reader must list them and ORT must find the file.
        onnx.save_model(model, os.path.join(HERE, name + ".onnx"), save_as_external_data=True,
                        all_tensors_to_one_file=True, location=external, size_threshold=0)
    else:
        onnx.save(model, os.path.join(HERE, name + ".onnx"))
    inits = {i.name for i in graph.initializer}
    ops = {}
    for n in graph.node:
        key = n.op_type if n.domain in ("", "ai.onnx") else f"{n.domain}:{n.op_type}"
        ops[key] = ops.get(key, 0) + 1
    entry = {
        "producer": PRODUCER, "producer_version": onnx.__version__, "ir_version": 8, "model_version": 3,
        "opsets": {o.domain: o.version for o in opsets},
        "inputs": [{"name": v.name, "type": type_str(v.type)} for v in graph.input if v.name not in inits],
        "outputs": [{"name": v.name, "type": type_str(v.type)} for v in graph.output],
        "operators": ops, "initializers": len(graph.initializer),
        "initializer_bytes": initializer_bytes,
        "metadata": metadata or {},
        "external_files": [external] if external else [],
    }
    if inputs is not None:
        entry["run"] = {"inputs": inputs, "outputs": outputs}
    expected[name] = entry


def tensor_json(datatype, arr):
    arr = np.asarray(arr)
    data = arr.reshape(-1).tolist()
    return {"datatype": datatype, "shape": list(arr.shape), "data": data}


def mlp(expected, name="mlp", external=None):
    rng = np.random.RandomState(42)
    w1 = rng.normal(0, 0.3, (32, 64)).astype(np.float32)
    b1 = rng.normal(0, 0.1, 64).astype(np.float32)
    w2 = rng.normal(0, 0.3, (64, 3)).astype(np.float32)
    b2 = rng.normal(0, 0.1, 3).astype(np.float32)
    nodes = [
        helper.make_node("MatMul", ["input", "w1"], ["h1"]),
        helper.make_node("Add", ["h1", "b1"], ["h2"]),
        helper.make_node("Relu", ["h2"], ["h3"]),
        helper.make_node("MatMul", ["h3", "w2"], ["h4"]),
        helper.make_node("Add", ["h4", "b2"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
    ]
    graph = helper.make_graph(
        nodes, "mlp_32_64_3",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 32])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 3])],
        [numpy_helper.from_array(a, n) for a, n in ((w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"))])
    x = np.random.RandomState(7).normal(0, 1, (5, 32)).astype(np.float32)
    h = np.maximum(x.astype(np.float64) @ w1 + b1, 0) @ w2 + b2
    e = np.exp(h - h.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    save(name, graph, [helper.make_opsetid("", 13)], expected,
         {"input": tensor_json("FP32", x)}, {"probabilities": tensor_json("FP32", p.astype(np.float32))},
         metadata={"framework": "numpy", "task": "classification"}, external=external)


def linear_classifier(expected):
    coef = np.array([0.8, -1.2, 0.5, 2.0], dtype=np.float32)
    intercept = np.float32(-0.3)
    nodes = [
        helper.make_node("LinearClassifier", ["features"], ["label", "scores"], domain="ai.onnx.ml",
                         coefficients=coef.tolist(), intercepts=[float(intercept)], classlabels_ints=[0, 1],
                         multi_class=0, post_transform="LOGISTIC"),
        helper.make_node("ZipMap", ["scores"], ["probabilities"], domain="ai.onnx.ml", classlabels_int64s=[0, 1]),
    ]
    graph = helper.make_graph(
        nodes, "binary_linear",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
         helper.make_value_info("probabilities", seq_map_type(TensorProto.INT64, TensorProto.FLOAT))])
    x = np.random.RandomState(11).normal(0, 1, (6, 4)).astype(np.float32)
    s = x.astype(np.float64) @ coef + intercept
    p1 = 1 / (1 + np.exp(-s))
    label = (s > 0).astype(np.int64)
    rows = [{"0": float(np.float32(1 - a)), "1": float(np.float32(a))} for a in p1]
    save("linear_classifier", graph, ML_OPSET, expected,
         {"features": tensor_json("FP32", x)},
         {"label": tensor_json("INT64", label), "probabilities": {"kind": "seq_map", "data": rows}})


# Tree ensembles as nested tuples: ("split", feature, threshold, left_if_leq, right) or ("leaf", weights by target).
CLASS_TREES = [
    ("split", 0, 0.0, ("split", 1, 0.5, ("leaf", [0.6, 0.3, 0.1]), ("leaf", [0.2, 0.5, 0.3])), ("leaf", [0.1, 0.2, 0.7])),
    ("split", 2, -0.25, ("leaf", [0.5, 0.4, 0.1]), ("split", 3, 1.0, ("leaf", [0.3, 0.3, 0.4]), ("leaf", [0.05, 0.15, 0.8]))),
    ("split", 1, -0.5, ("leaf", [0.7, 0.2, 0.1]), ("leaf", [0.25, 0.45, 0.3])),
]
REG_TREES = [
    ("split", 0, 0.3, ("split", 2, -1.0, ("leaf", [1.5]), ("leaf", [-0.5])), ("leaf", [2.25])),
    ("split", 1, 0.0, ("leaf", [0.75]), ("leaf", [-1.25])),
]


def flatten(trees, prefix):
    attrs = {k: [] for k in ("treeids", "nodeids", "featureids", "values", "modes", "truenodeids", "falsenodeids")}
    wt = {"treeids": [], "nodeids": [], "ids": [], "weights": []}
    for tid, tree in enumerate(trees):
        counter = [0]

        def visit(node):
            nid = counter[0]
            counter[0] += 1
            attrs["treeids"].append(tid)
            attrs["nodeids"].append(nid)
            if node[0] == "leaf":
                attrs["featureids"].append(0); attrs["values"].append(0.0); attrs["modes"].append("LEAF")
                attrs["truenodeids"].append(0); attrs["falsenodeids"].append(0)
                for target, w in enumerate(node[1]):
                    wt["treeids"].append(tid); wt["nodeids"].append(nid); wt["ids"].append(target); wt["weights"].append(w)
            else:
                attrs["featureids"].append(node[1]); attrs["values"].append(node[2]); attrs["modes"].append("BRANCH_LEQ")
                idx = len(attrs["truenodeids"])
                attrs["truenodeids"].append(0); attrs["falsenodeids"].append(0)
                attrs["truenodeids"][idx] = visit(node[3])
                attrs["falsenodeids"][idx] = visit(node[4])
            return nid

        visit(tree)
    out = {"nodes_" + k: v for k, v in attrs.items()}
    out.update({f"{prefix}_treeids": wt["treeids"], f"{prefix}_nodeids": wt["nodeids"],
                f"{prefix}_ids": wt["ids"], f"{prefix}_weights": wt["weights"]})
    return out


def walk(tree, row):
    while tree[0] == "split":
        tree = tree[3] if row[tree[1]] <= np.float32(tree[2]) else tree[4]
    return np.array(tree[1], dtype=np.float32)


def tree_classifier(expected):
    labels = ["setosa", "versicolor", "virginica"]
    nodes = [
        helper.make_node("TreeEnsembleClassifier", ["X"], ["label", "probability_tensor"], domain="ai.onnx.ml",
                         classlabels_strings=labels, post_transform="NONE", **flatten(CLASS_TREES, "class")),
        helper.make_node("ZipMap", ["probability_tensor"], ["output_probability"], domain="ai.onnx.ml",
                         classlabels_strings=labels),
    ]
    graph = helper.make_graph(
        nodes, "tree_classifier",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 4])],
        [helper.make_tensor_value_info("label", TensorProto.STRING, [None]),
         helper.make_tensor_value_info("probability_tensor", TensorProto.FLOAT, [None, 3]),
         helper.make_value_info("output_probability", seq_map_type(TensorProto.STRING, TensorProto.FLOAT))])
    x = np.random.RandomState(5).normal(0, 1, (8, 4)).astype(np.float32)
    scores = np.stack([sum(walk(t, r) for t in CLASS_TREES) for r in x]).astype(np.float32)
    label = [labels[i] for i in scores.argmax(axis=1)]
    rows = [{labels[j]: float(s[j]) for j in range(3)} for s in scores]
    save("tree_classifier", graph, ML_OPSET, expected,
         {"X": tensor_json("FP32", x)},
         {"label": {"datatype": "BYTES", "shape": [len(label)], "data": label},
          "probability_tensor": tensor_json("FP32", scores),
          "output_probability": {"kind": "seq_map", "data": rows}})


def tree_regressor(expected):
    node = helper.make_node("TreeEnsembleRegressor", ["X"], ["variable"], domain="ai.onnx.ml", n_targets=1,
                            aggregate_function="SUM", base_values=[0.5], post_transform="NONE",
                            **flatten(REG_TREES, "target"))
    graph = helper.make_graph(
        [node], "tree_regressor",
        [helper.make_tensor_value_info("X", TensorProto.FLOAT, ["batch", 3])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["batch", 1])])
    x = np.random.RandomState(9).normal(0, 1, (7, 3)).astype(np.float32)
    y = np.array([[0.5 + sum(walk(t, r)[0] for t in REG_TREES)] for r in x], dtype=np.float32)
    save("tree_regressor", graph, ML_OPSET, expected, {"X": tensor_json("FP32", x)}, {"variable": tensor_json("FP32", y)})


def linear_regressor(expected):
    coef = np.random.RandomState(3).normal(0, 1, 8).astype(np.float32)
    node = helper.make_node("LinearRegressor", ["x"], ["y"], domain="ai.onnx.ml",
                            coefficients=coef.tolist(), intercepts=[1.25], targets=1)
    graph = helper.make_graph(
        [node], "linear_regressor",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 1])])
    x = np.random.RandomState(4).normal(0, 1, (4, 8)).astype(np.float32)
    y = (x.astype(np.float64) @ coef + 1.25).reshape(-1, 1).astype(np.float32)
    save("linear_regressor", graph, ML_OPSET, expected, {"x": tensor_json("FP32", x)}, {"y": tensor_json("FP32", y)})


def label_encoder(expected):
    keys = ["red", "green", "blue", "café", "日本"]
    node = helper.make_node("LabelEncoder", ["text"], ["code"], domain="ai.onnx.ml",
                            keys_strings=keys, values_int64s=[10, 20, 30, 40, 50], default_int64=-1)
    graph = helper.make_graph(
        [node], "label_encoder",
        [helper.make_tensor_value_info("text", TensorProto.STRING, ["n"])],
        [helper.make_tensor_value_info("code", TensorProto.INT64, ["n"])])
    text = ["blue", "purple", "日本", "red", "café", ""]
    lookup = dict(zip(keys, [10, 20, 30, 40, 50]))
    code = [lookup.get(t, -1) for t in text]
    save("label_encoder", graph, [helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 2)], expected,
         {"text": {"datatype": "BYTES", "shape": [len(text)], "data": text}},
         {"code": {"datatype": "INT64", "shape": [len(code)], "data": code}})


IDENTITY_TYPES = {"BOOL": TensorProto.BOOL, "UINT8": TensorProto.UINT8, "UINT16": TensorProto.UINT16,
                  "UINT32": TensorProto.UINT32, "UINT64": TensorProto.UINT64, "INT8": TensorProto.INT8,
                  "INT16": TensorProto.INT16, "INT32": TensorProto.INT32, "INT64": TensorProto.INT64,
                  "FP16": TensorProto.FLOAT16, "FP32": TensorProto.FLOAT, "FP64": TensorProto.DOUBLE,
                  "BYTES": TensorProto.STRING, "BF16": TensorProto.BFLOAT16}


def identities(expected):
    for oip, elem in IDENTITY_TYPES.items():
        graph = helper.make_graph(
            [helper.make_node("Identity", ["x"], ["y"])], "identity_" + oip.lower(),
            [helper.make_tensor_value_info("x", elem, ["n", 2])],
            [helper.make_tensor_value_info("y", elem, ["n", 2])])
        save("identity_" + oip.lower(), graph, OPSET, expected)


def main():
    expected = {}
    mlp(expected)
    mlp(expected, "mlp_external", external="mlp_external.weights")
    linear_classifier(expected)
    tree_classifier(expected)
    tree_regressor(expected)
    linear_regressor(expected)
    label_encoder(expected)
    identities(expected)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(expected)} models")


if __name__ == "__main__":
    main()

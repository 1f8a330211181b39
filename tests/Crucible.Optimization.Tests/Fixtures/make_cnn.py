"""Writes cnn.onnx and cnn_expected.json: a small PyTorch CNN exported to ONNX, the optimization tests' second model.

How it was made: Debian bookworm's python3-torch 1.13.1 (apt-get install python3-torch), run as
`/usr/bin/python3 make_cnn.py` from this folder. The network has seeded random weights (torch.manual_seed(20));
it is not trained, since the tests compare a variant's outputs with its parent's, not with labels.
Export: torch.onnx.export, opset 13, batch dimension dynamic ("N"), constant folding on.
"""
import json

import torch
from torch import nn


class SmallCnn(nn.Module):
    """28x28 grey images -> 10 class probabilities (LeNet-like: two conv blocks, two dense layers)."""

    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(
            nn.Flatten(), nn.Linear(32 * 5 * 5, 64), nn.ReLU(), nn.Linear(64, 10), nn.Softmax(dim=1),
        )

    def forward(self, image):
        return self.classifier(self.features(image))


def main():
    torch.manual_seed(20)
    model = SmallCnn().eval()
    example = torch.randn(4, 1, 28, 28)
    torch.onnx.export(
        model, example, "cnn.onnx", opset_version=13, input_names=["image"], output_names=["probabilities"],
        dynamic_axes={"image": {0: "N"}, "probabilities": {0: "N"}}, do_constant_folding=True)
    with torch.no_grad():
        expected = model(example)
    with open("cnn_expected.json", "w", encoding="utf-8") as f:
        json.dump({"torch": torch.__version__, "input": example.reshape(-1).tolist(),
                   "input_shape": list(example.shape), "probabilities": expected.reshape(-1).tolist()}, f)


if __name__ == "__main__":
    main()

"""The hand-written PyTorch training loop every workload compares against."""

import contextlib

import torch

_AUTOCAST_DTYPES = {"mixed_float16": torch.float16, "mixed_bfloat16": torch.bfloat16}


class TorchLoop:
    """What a PyTorch user writes by hand: the model, Adam (lr 1e-3, epsilon 1e-7 as in Keras), the data moved to
    the device once, and a loop in the canonical order. Under a mixed precision policy the forward pass and the loss
    run under `torch.autocast` and, for float16, through a `GradScaler` (Keras's LossScaleOptimizer).

    Subclasses pass their model to the constructor and define `loss(outputs, target)`.
    """

    def __init__(self, model, x, y, device, policy=None):
        self.device = device
        self.model = model.to(device)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=1e-3, eps=1e-7, foreach=True)
        self.x = torch.as_tensor(x).to(device)
        self.y = torch.as_tensor(y).to(device)
        self.autocast_dtype = _AUTOCAST_DTYPES.get(policy)
        self.scaler = torch.amp.GradScaler(device.type) if policy == "mixed_float16" else None

    def loss(self, outputs, target):
        raise NotImplementedError

    def _autocast(self):
        if self.autocast_dtype is None:
            return contextlib.nullcontext()
        return torch.autocast(self.device.type, dtype=self.autocast_dtype)

    def epoch(self, batch_size):
        self.model.train()
        order = torch.randperm(len(self.x), device=self.device)
        for start in range(0, len(self.x), batch_size):
            rows = order[start:start + batch_size]
            with self._autocast():
                loss = self.loss(self.model(self.x[rows]), self.y[rows])
            if self.scaler is None:
                loss.backward()
                self.optimizer.step()
            else:
                self.scaler.scale(loss).backward()
                self.scaler.step(self.optimizer)
                self.scaler.update()
            self.optimizer.zero_grad(set_to_none=True)

    def predict(self, batch_size):
        self.model.eval()
        with torch.no_grad(), self._autocast():
            outputs = [self.model(self.x[s:s + batch_size]) for s in range(0, len(self.x), batch_size)]
            return torch.cat(outputs).float().cpu().numpy()


def clipped_log_loss(probabilities, target):
    """Sparse categorical crossentropy on softmax outputs, as Keras computes it: log of the clipped probabilities."""
    return torch.nn.functional.nll_loss(torch.log(probabilities.clamp(1e-7, 1 - 1e-7)), target)


def softmax_head(head, features):
    """`softmax(head(features))`, in float32 under autocast as the Keras models' float32 head under a mixed policy."""
    device_type = features.device.type
    if not torch.is_autocast_enabled(device_type):
        return torch.softmax(head(features), dim=-1)
    with torch.autocast(device_type, enabled=False):
        return torch.softmax(head(features.float()), dim=-1)

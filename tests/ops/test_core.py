import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import ops


def test_convert_to_tensor_dtypes():
    assert ops.convert_to_tensor(np.ones(2)).dtype == torch.float64
    assert ops.convert_to_tensor(1.5).dtype == torch.float32
    assert ops.convert_to_tensor(3).dtype == torch.int32
    assert ops.convert_to_tensor(2**40).dtype == torch.int64
    assert ops.convert_to_tensor([1, 2.0]).dtype == torch.float32


def test_convert_to_tensor_rejects_sparse():
    with pytest.raises(ValueError, match="Received: sparse=True"):
        ops.convert_to_tensor([1], sparse=True)


def test_control_flow():
    assert ops.while_loop(lambda i: i < 5, lambda i: i + 2, 0).item() == 6
    assert ops.fori_loop(0, 4, lambda i, v: v + i, 0) == 6
    carry, ys = ops.scan(lambda c, x: (c + x, c * x), 0.0, torch.arange(4.0))
    assert carry.item() == 6.0 and ys.tolist() == [0.0, 0.0, 2.0, 9.0]
    assert ops.cond(True, lambda: 1, lambda: 2) == 1
    assert ops.switch(5, [lambda x: x, lambda x: -x], 3) == -3
    assert ops.map(lambda x: x * 2, torch.arange(3)).tolist() == [0, 2, 4]


def test_scan_rejects_bad_unroll():
    with pytest.raises(ValueError, match="Received: unroll=0"):
        ops.scan(lambda c, x: (c, x), 0, torch.ones(2), unroll=0)


def test_scatter_update_reductions():
    x = torch.zeros(3)
    idx = np.array([[0], [0], [2]])
    assert ops.scatter_update(x, idx, np.array([1.0, 2.0, 3.0]), reduction="add").tolist() == [3.0, 0.0, 3.0]
    assert ops.scatter_update(x, idx, np.array([1.0, 2.0, 3.0]), reduction="max").tolist() == [2.0, 0.0, 3.0]


def test_custom_gradient():
    @ops.custom_gradient
    def clipped(x):
        return x * 2, lambda upstream: upstream * 0.5

    x = torch.ones(2, requires_grad=True)
    clipped(x).sum().backward()
    assert x.grad.tolist() == [0.5, 0.5]


def test_symbolic_op_records_node():
    inputs = kerastorch.Input((3,))
    out = ops.expand_dims(ops.mean(inputs, axis=1), -1) + 1
    assert out.shape == (None, 1)
    model = kerastorch.Model(inputs, out)
    np.testing.assert_allclose(model.predict(np.ones((2, 3), "float32"), verbose=0), [[2.0], [2.0]])


def test_keras_tensor_operators():
    a = kerastorch.Input((2,))
    assert (a @ np.ones((2, 5), "float32")).shape == (None, 5)
    assert (-a).shape == (None, 2) and (a > 0).dtype == "bool" and a[:, 0].shape == (None,)

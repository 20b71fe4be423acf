"""`model.summary()` text, character for character as Keras 3.15.1 prints it to a non-terminal stdout.

The expected tables below were printed by real Keras (torch backend, 80-column fallback console) for the
same models, and pasted here verbatim.
"""

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.utils import naming
from kerastorch.utils import summary_utils


@pytest.fixture(autouse=True)
def _fresh_names_and_console(monkeypatch):
    # Keras sizes the table from the terminal (80 columns when there is none); pin it so results do not
    # depend on where the tests run.
    monkeypatch.setenv("COLUMNS", "80")
    naming.reset_names()


def _summary(model, **kwargs):
    printed = []
    model.summary(print_fn=printed.append, **kwargs)
    assert len(printed) == 1, "Keras hands the whole summary to print_fn in one call"
    return printed[0]


MNIST = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ dense (Dense)                   │ (None, 128)            │       100,480 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 10)             │         1,290 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 101,770 (397.54 KB)
 Trainable params: 101,770 (397.54 KB)
 Non-trainable params: 0 (0.00 B)
"""

UNBUILT_TRAINABLE = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
┃ Layer (type)                ┃ Output Shape          ┃    Param # ┃ Trai… ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
│ dense (Dense)               │ ?                     │          0 │   -   │
│                             │                       │  (unbuilt) │       │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│ dense_1 (Dense)             │ ?                     │          0 │   -   │
│                             │                       │  (unbuilt) │       │
└─────────────────────────────┴───────────────────────┴────────────┴───────┘
 Total params: 0 (0.00 B)
 Trainable params: 0 (0.00 B)
 Non-trainable params: 0 (0.00 B)
"""

TWO_HEADS = """\
Model: "two_heads"
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ features            │ (None, 16)        │          0 │ -                 │
│ (InputLayer)        │                   │            │                   │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ dense (Dense)       │ (None, 32)        │        544 │ features[0][0]    │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ score (Dense)       │ (None, 1)         │         33 │ dense[0][0]       │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ klass (Dense)       │ (None, 5)         │        165 │ dense[0][0]       │
└─────────────────────┴───────────────────┴────────────┴───────────────────┘
 Total params: 742 (2.90 KB)
 Trainable params: 742 (2.90 KB)
 Non-trainable params: 0 (0.00 B)
"""

SHARED_NARROW = """\
Model: "functional"
┏━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┳━━━━━━━━━━━━┓
┃              ┃ Output     ┃ Param ┃ Connected  ┃
┃ Layer (type) ┃ Shape      ┃     # ┃ to         ┃
┡━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━╇━━━━━━━━━━━━┩
│ input_layer  │ (None, 8)  │     0 │ -          │
│ (InputLayer) │            │       │            │
├──────────────┼────────────┼───────┼────────────┤
│ input_layer… │ (None, 8)  │     0 │ -          │
│ (InputLayer) │            │       │            │
├──────────────┼────────────┼───────┼────────────┤
│ dense        │ (None, 4)  │    36 │ input_lay… │
│ (Dense)      │            │       │ input_lay… │
└──────────────┴────────────┴───────┴────────────┘
 Total params: 36 (144.00 B)
 Trainable params: 36 (144.00 B)
 Non-trainable params: 0 (0.00 B)
"""

NESTED_EXPANDED = """\
Model: "outer"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓
┃ Layer (type)                ┃ Output Shape          ┃    Param # ┃ Trai… ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩
│ input_layer_1 (InputLayer)  │ (None, 6)             │          0 │   -   │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│ inner (Functional)          │ (None, 3)             │         53 │   Y   │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│    └ input_layer            │ (None, 6)             │          0 │   -   │
│ (InputLayer)                │                       │            │       │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│    └ dense_1 (Dense)        │ (None, 5)             │         35 │   Y   │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│    └ dense (Dense)          │ (None, 3)             │         18 │   Y   │
├─────────────────────────────┼───────────────────────┼────────────┼───────┤
│ dense_2 (Dense)             │ (None, 2)             │          8 │   Y   │
└─────────────────────────────┴───────────────────────┴────────────┴───────┘
 Total params: 61 (244.00 B)
 Trainable params: 61 (244.00 B)
 Non-trainable params: 0 (0.00 B)
"""

FROZEN_POSITIONS = """\
Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┓
┃ Layer (type)                               ┃ Output Shape      ┃ Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━┩
│ a_rather_long_layer_name_that_wraps_around │ (None, 3)         │      15 │
│ (Dense)                                    │                   │         │
├────────────────────────────────────────────┼───────────────────┼─────────┤
│ dense (Dense)                              │ (None, 2)         │       8 │
└────────────────────────────────────────────┴───────────────────┴─────────┘
 Total params: 23 (92.00 B)
 Trainable params: 8 (32.00 B)
 Non-trainable params: 15 (60.00 B)
"""

FLOAT16_CHAIN = """\
Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ input_layer (InputLayer)        │ (None, None, 5)        │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense (Dense)                   │ (None, None, 7)        │            42 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, None, 7)        │            56 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_2 (Dense)                 │ (None, None, 7)        │            56 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 154 (308.00 B)
 Trainable params: 154 (308.00 B)
 Non-trainable params: 0 (0.00 B)
"""

def test_sequential_mnist():
    model = keras.Sequential([keras.layers.Dense(128, activation="relu", input_shape=(784,)),
                              keras.layers.Dense(10, activation="softmax")])
    assert _summary(model) == MNIST


def test_stdout_without_print_fn(capsys):
    model = keras.Sequential([keras.layers.Dense(128, activation="relu", input_shape=(784,)),
                              keras.layers.Dense(10, activation="softmax")])
    model.summary()
    assert capsys.readouterr().out == MNIST


def test_unbuilt_sequential_with_trainable_column():
    model = keras.Sequential([keras.layers.Dense(10), keras.layers.Dense(2)])
    assert _summary(model, show_trainable=True) == UNBUILT_TRAINABLE


def test_functional_with_connections():
    inputs = keras.Input((16,), name="features")
    hidden = keras.layers.Dense(32, activation="relu")(inputs)
    score = keras.layers.Dense(1, name="score")(hidden)
    klass = keras.layers.Dense(5, activation="softmax", name="klass")(hidden)
    assert _summary(keras.Model(inputs, [score, klass], name="two_heads")) == TWO_HEADS


def test_shared_layer_narrow_lines_wrap_and_cut():
    x1, x2 = keras.Input((8,)), keras.Input((8,))
    shared = keras.layers.Dense(4)
    model = keras.Model([x1, x2], [shared(x1), shared(x2)])
    assert _summary(model, line_length=50) == SHARED_NARROW


def test_nested_model_expanded_with_trainable_column():
    inner_in = keras.Input((6,))
    inner = keras.Model(inner_in, keras.layers.Dense(3)(keras.layers.Dense(5)(inner_in)), name="inner")
    x = keras.Input((6,))
    model = keras.Model(x, keras.layers.Dense(2)(inner(x)), name="outer")
    assert _summary(model, expand_nested=True, show_trainable=True) == NESTED_EXPANDED


def test_frozen_layer_long_name_and_custom_positions():
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, name="a_rather_long_layer_name_that_wraps_around"),
                              keras.layers.Dense(2)])
    model.layers[0].trainable = False
    assert _summary(model, positions=[0.5, 0.7, 0.8, 1.0]) == FROZEN_POSITIONS


def test_float16_weights_are_sized_by_dtype():
    x = keras.Input((None, 5), dtype="float16")
    y = x
    for _ in range(3):
        y = keras.layers.Dense(7, dtype="float16")(y)
    assert _summary(keras.Model(x, y)) == FLOAT16_CHAIN


def test_layer_range_selects_rows():
    x = keras.Input((3,))
    model = keras.Model(x, keras.layers.Dense(2, name="last")(keras.layers.Dense(4, name="first")(x)))
    text = _summary(model, layer_range=["first", "first"])
    assert "first (Dense)" in text and "last (Dense)" not in text and "InputLayer" not in text
    # Totals still count the whole model.
    assert " Total params: 26 (104.00 B)\n" in text


def test_subclassed_model_shows_shapes_from_eager_build():
    class MLP(keras.Model):
        def __init__(self):
            super().__init__(name="mlp")
            self.d1 = keras.layers.Dense(8, activation="relu")
            self.d2 = keras.layers.Dense(2)

        def call(self, x):
            return self.d2(self.d1(x))

    model = MLP()
    model(np.zeros((3, 5), dtype="float32"))
    text = _summary(model)
    assert "│ dense (Dense)                   │ (3, 8)                 │            48 │\n" in text
    assert " Total params: 66 (264.00 B)\n" in text


def test_optimizer_params_line(monkeypatch):
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])

    class _Optimizer:  # built slots as Adam has them: two per weight, plus an int64 step counter
        built = True
        variables = [torch.zeros(w.shape) for w in model.weights for _ in range(2)] + [torch.zeros((), dtype=torch.int64)]

    monkeypatch.setattr(type(model), "optimizer", _Optimizer(), raising=False)
    monkeypatch.setattr(type(model), "compiled", True, raising=False)
    lines = _summary(model).splitlines()
    assert lines[-4:] == [
        " Total params: 25 (104.00 B)",
        " Trainable params: 8 (32.00 B)",
        " Non-trainable params: 0 (0.00 B)",
        " Optimizer params: 17 (72.00 B)",
    ]


def test_parameter_counts_and_sizes():
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(128), keras.layers.Dense(10)])
    assert summary_utils.count_params(model.weights) == 101_770
    assert summary_utils.weight_memory_size(model.weights) == 101_770 * 4
    assert summary_utils.weight_memory_size(model.weights + model.weights) == 101_770 * 4  # each weight once
    assert summary_utils.readable_memory_size(407_080) == "397.54 KB"
    assert summary_utils.readable_memory_size(0) == "0.00 B"
    assert summary_utils.readable_memory_size(3 * 1024**3) == "3.00 GB"


def test_bad_arguments():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    with pytest.raises(ValueError, match="length 2"):
        model.summary(layer_range=["dense"])
    with pytest.raises(ValueError, match="do not match"):
        model.summary(layer_range=["nothing", "here"])
    with pytest.raises(ValueError, match="Insufficient console width"):
        model.summary(line_length=10)

"""The transformer benchmark: a small encoder classifier on sequences of 64 token ids.

Embedding(5000, 64) -> two encoder blocks -> GlobalAveragePooling1D -> Dense(2, softmax), Adam, sparse categorical
crossentropy, one epoch of fit at batch 32 over 4 000 sequences, and predict at batch 1024. Each encoder block is
post-norm, as in "Attention is all you need" and Keras's text-classification example:

    x = LayerNormalization(epsilon=1e-3)(x + MultiHeadAttention(num_heads=4, key_dim=16)(x, x))
    x = LayerNormalization(epsilon=1e-3)(x + Dense(64)(Dense(128, relu)(x)))

Three implementations of the same math on the same data: kerastorch and real Keras on its torch backend (one
builder), and a hand-written torch module with separate query / key / value projections with biases (Keras's
`EinsumDense` layout: one matmul each), `scaled_dot_product_attention`, an output projection, and the same softmax
output and clipped log loss as the other loops. All three have 387 074 parameters. On CUDA (or with
`--mixed-on-cpu`) the fit is timed again under each mixed precision policy, the softmax head kept in float32.
"""

import sys

import numpy as np
import torch

from benchmarks import harness
from benchmarks import torch_loop

SAMPLES = 4000
TIMESTEPS = 64
VOCABULARY = 5000
WIDTH = 64
HEADS = 4
KEY_DIM = WIDTH // HEADS
FEED_FORWARD = 128
BLOCKS = 2
CLASSES = 2
BATCH_SIZE = 32
PREDICT_BATCH_SIZE = 1024
EPSILON = 1e-3  # Keras's LayerNormalization default (torch's is 1e-5)


def make_data():
    rng = np.random.default_rng(0)
    x = rng.integers(1, VOCABULARY, size=(SAMPLES, TIMESTEPS)).astype("int64")
    y = rng.integers(0, CLASSES, size=(SAMPLES,)).astype("int64")
    return x, y


def _keras_style_model(keras, policy=None, jit_compile="auto"):
    """The functional model; built under `policy` (a mixed precision policy name) when given, with the
    softmax head in float32 as Keras's mixed precision guide asks."""
    previous = keras.mixed_precision.global_policy().name
    if policy:
        keras.mixed_precision.set_global_policy(policy)
    try:
        tokens = keras.Input((TIMESTEPS,), dtype="int64")
        x = keras.layers.Embedding(VOCABULARY, WIDTH)(tokens)
        for _ in range(BLOCKS):
            attended = keras.layers.MultiHeadAttention(num_heads=HEADS, key_dim=KEY_DIM)(x, x)
            x = keras.layers.LayerNormalization(epsilon=EPSILON)(keras.layers.Add()([x, attended]))
            hidden = keras.layers.Dense(FEED_FORWARD, activation="relu")(x)
            fed_forward = keras.layers.Dense(WIDTH)(hidden)
            x = keras.layers.LayerNormalization(epsilon=EPSILON)(keras.layers.Add()([x, fed_forward]))
        x = keras.layers.GlobalAveragePooling1D()(x)
        outputs = keras.layers.Dense(CLASSES, activation="softmax", dtype="float32" if policy else None)(x)
        model = keras.Model(tokens, outputs)
    finally:
        keras.mixed_precision.set_global_policy(previous)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", jit_compile=jit_compile)
    return model


def kerastorch_model(policy=None, jit_compile="auto"):
    import kerastorch

    return _keras_style_model(kerastorch, policy, jit_compile)


def keras_model(policy=None):
    import keras

    return _keras_style_model(keras, policy)


class EncoderBlock(torch.nn.Module):
    """Keras's MultiHeadAttention + LayerNormalization + Dense block, written the way a torch user would."""

    def __init__(self):
        super().__init__()
        self.query = torch.nn.Linear(WIDTH, HEADS * KEY_DIM)
        self.key = torch.nn.Linear(WIDTH, HEADS * KEY_DIM)
        self.value = torch.nn.Linear(WIDTH, HEADS * KEY_DIM)
        self.attention_output = torch.nn.Linear(HEADS * KEY_DIM, WIDTH)
        self.attention_norm = torch.nn.LayerNorm(WIDTH, eps=EPSILON)
        self.hidden = torch.nn.Linear(WIDTH, FEED_FORWARD)
        self.output = torch.nn.Linear(FEED_FORWARD, WIDTH)
        self.output_norm = torch.nn.LayerNorm(WIDTH, eps=EPSILON)

    def _heads(self, x):
        return x.unflatten(-1, (HEADS, KEY_DIM)).transpose(1, 2)  # (B, T, H*D) -> (B, H, T, D)

    def forward(self, x):
        q, k, v = self._heads(self.query(x)), self._heads(self.key(x)), self._heads(self.value(x))
        attended = torch.nn.functional.scaled_dot_product_attention(q, k, v).transpose(1, 2).flatten(2)
        x = self.attention_norm(x + self.attention_output(attended))
        return self.output_norm(x + self.output(torch.relu(self.hidden(x))))


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = torch.nn.Embedding(VOCABULARY, WIDTH)
        self.blocks = torch.nn.Sequential(*[EncoderBlock() for _ in range(BLOCKS)])
        self.head = torch.nn.Linear(WIDTH, CLASSES)

    def forward(self, tokens):
        pooled = self.blocks(self.embedding(tokens)).mean(dim=1)
        return torch_loop.softmax_head(self.head, pooled)


class TorchLoop(torch_loop.TorchLoop):
    def __init__(self, x, y, device, policy=None):
        super().__init__(Classifier(), x, y, device, policy)

    loss = staticmethod(torch_loop.clipped_log_loss)


def run(rounds=3, with_keras=True):
    x, y = make_data()
    data = (x, y, SAMPLES, BATCH_SIZE, PREDICT_BATCH_SIZE, f"1 epoch, {SAMPLES} x {TIMESTEPS} ids")
    return harness.fit_and_predict_rows("Transformer", data, sys.modules[__name__], rounds, with_keras)

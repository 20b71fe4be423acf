"""Subclassed models: attribute tracking, build(input_shape), plain torch usage."""

import torch

import kerastorch as keras


class TwoLayer(keras.Model):
    def __init__(self, hidden=4, **kwargs):
        super().__init__(**kwargs)
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.head = keras.layers.Dense(1)

    def call(self, inputs, training=None):
        return self.head(self.hidden(inputs))


def test_layers_tracked_in_assignment_order():
    model = TwoLayer()
    model(torch.ones(2, 3))
    assert model.layers == [model.hidden, model.head]
    assert [tuple(w.shape) for w in model.weights] == [(3, 4), (4,), (4, 1), (1,)]


def test_build_with_input_shape_creates_weights_without_data():
    model = TwoLayer()
    model.build((None, 3))
    assert model.built and model.count_params() == 3 * 4 + 4 + 4 + 1


def test_trains_in_a_plain_torch_loop():
    torch.manual_seed(0)
    model = TwoLayer(hidden=8)
    x = torch.randn(64, 3)
    y = x.sum(dim=1, keepdim=True)
    model(x)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    model.train()
    first = None
    for _ in range(200):
        optimizer.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        optimizer.step()
        first = first if first is not None else loss.item()
    assert loss.item() < first * 0.1


def test_automatic_config_round_trip():
    model = TwoLayer(hidden=7, name="two")
    config = model.get_config()
    assert config["hidden"] == 7 and config["name"] == "two"
    assert TwoLayer.from_config(config).hidden.units == 7

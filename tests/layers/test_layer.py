"""The Layer contract: weights, freezing, training resolution, masks, losses, names, errors, torch integration."""

import numpy as np
import pytest
import torch

import kerastorch as keras


class Scale(keras.layers.Layer):
    """A custom layer with one trainable and one non-trainable weight, as users write them."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones", name="w")
        self.count = self.add_weight(shape=(), initializer="zeros", trainable=False, name="count")

    def call(self, inputs, training=None):
        if training:
            self.count.assign_add(1.0)
        return inputs * self.w * self.factor


def test_lazy_build_creates_keras_weights_in_keras_order():
    layer = Scale()
    assert not layer.built and layer.weights == []
    out = layer(np.ones((2, 3), dtype="float32"))
    assert layer.built
    assert torch.allclose(out, torch.full((2, 3), 2.0))
    assert [w.name for w in layer.weights] == ["w", "count"]
    assert [w.name for w in layer.trainable_weights] == ["w"]
    assert [w.name for w in layer.non_trainable_weights] == ["count"]
    # Registered under the attribute name, once: torch sees exactly the Keras weights.
    assert [name for name, _ in layer.named_parameters()] == ["w", "count"]
    assert isinstance(layer, torch.nn.Module)


def test_training_flag_resolution_order():
    layer = Scale()
    x = torch.ones(1, 2)
    layer(x)
    assert layer.count.item() == 0.0  # Keras default: inference
    layer(x, training=True)
    assert layer.count.item() == 1.0
    layer.train()  # torch module mode is the fallback when nothing else says
    layer(x)
    assert layer.count.item() == 2.0
    layer(x, training=False)  # explicit wins over module mode
    assert layer.count.item() == 2.0


def test_training_propagates_from_outer_call_to_inner_layers():
    inner = Scale()

    class Outer(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = inner

        def call(self, x):
            return self.inner(x)

    outer = Outer()
    outer(torch.ones(1, 2), training=True)
    assert inner.count.item() == 1.0
    outer(torch.ones(1, 2))
    assert inner.count.item() == 1.0


class Seen(keras.layers.Layer):
    """Records the `training` its `call` receives."""

    def __init__(self, default=None, **kwargs):
        super().__init__(**kwargs)
        self.seen = []
        self.default = default

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


class SeenDefaultTrue(Seen):
    def call(self, inputs, training=True):
        self.seen.append(training)
        return inputs


def test_training_nobody_chose_reaches_call_as_none_as_in_keras():
    # Keras passes None to a `call` whose `training` defaults to None when no argument, enclosing call or mode
    # chose one; a non-None default applies; an explicit value anywhere is passed on as it is.
    seen, seen_true = Seen(), SeenDefaultTrue()
    model = keras.Sequential([keras.Input((2,)), seen, seen_true])
    x = torch.ones(1, 2)
    seen.seen.clear(), seen_true.seen.clear()  # (building the model called them on symbolic inputs)
    model(x)
    assert seen.seen == [None] and seen_true.seen == [True]
    model(x, training=False)
    assert seen.seen[-1] is False and seen_true.seen[-1] is False
    model.predict(x.numpy(), verbose=0)
    assert seen.seen[-1] is False and seen_true.seen[-1] is False

    class ForcesInference(keras.layers.Layer):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def call(self, x):
            return self.inner(x, training=False)

    inner = Seen()
    ForcesInference(inner)(x)
    assert inner.seen and set(inner.seen) == {False}, "an explicit value inside an unset call is passed on"
    model.eval()  # the torch mode, once chosen, is what calls without `training` get
    model(x)
    assert seen.seen[-1] is False and seen_true.seen[-1] is False
    model.train()
    model(x)
    assert seen.seen[-1] is True and seen_true.seen[-1] is True


def test_freezing_stops_gradients_and_moves_weights_to_non_trainable():
    layer = keras.layers.Dense(2)
    layer(torch.ones(1, 3))
    layer.trainable = False
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 2
    assert not any(p.requires_grad for p in layer.parameters())
    layer.trainable = True
    assert all(p.requires_grad for p in layer.parameters())


def test_freezing_a_model_freezes_sub_layers():
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2), keras.layers.Dense(1)])
    model.trainable = False
    assert all(not layer.trainable for layer in model.layers)
    assert model.trainable_weights == [] and len(model.non_trainable_weights) == 4


def test_get_and_set_weights_round_trip_and_errors():
    layer = keras.layers.Dense(2)
    layer(torch.ones(1, 3))
    values = [np.arange(6, dtype="float32").reshape(3, 2), np.array([1.0, -1.0], dtype="float32")]
    layer.set_weights(values)
    for got, expected in zip(layer.get_weights(), values):
        np.testing.assert_array_equal(got, expected)
    with pytest.raises(ValueError, match="length 1, but the layer was expecting 2"):
        layer.set_weights(values[:1])
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        layer.set_weights([values[0].T, values[1]])


def test_wrong_last_dimension_names_layer_and_shapes():
    layer = keras.layers.Dense(2, name="head")
    layer(torch.ones(1, 3))
    with pytest.raises(ValueError, match=r"'head'.*axis -1.*value 3.*\(1, 4\)"):
        layer(torch.ones(1, 4))


def test_wrong_rank_names_layer():
    with pytest.raises(ValueError, match=r"'head'.*min_ndim=2, found ndim=1"):
        keras.layers.Dense(2, name="head")(torch.ones(3))


def test_automatic_names_count_per_class():
    keras.backend.clear_session()
    names = [keras.layers.Dense(1).name, keras.layers.Dense(1).name, Scale().name, keras.layers.Dense(1).name]
    assert names == ["dense", "dense_1", "scale", "dense_2"]


def test_regularization_and_activity_losses():
    layer = keras.layers.Dense(
        2, kernel_initializer="ones", kernel_regularizer=keras.regularizers.L2(0.1),
        activity_regularizer=keras.regularizers.L1(0.5),
    )
    out = layer(torch.ones(4, 3))
    losses = layer.losses
    assert len(losses) == 2
    # Activity: 0.5 * sum(|out|) / batch; weight: 0.1 * sum(kernel^2) = 0.1 * 6.
    assert torch.isclose(losses[0], 0.5 * out.abs().sum() / 4)
    assert torch.isclose(losses[1], torch.tensor(0.6))
    layer(torch.ones(4, 3))
    assert len(layer.losses) == 2  # activity losses are replaced on each outermost call, not accumulated


def test_add_loss_inside_call():
    class WithLoss(keras.layers.Layer):
        def call(self, x):
            self.add_loss(x.sum())
            return x

    layer = WithLoss()
    layer(torch.ones(2, 2))
    layer(torch.ones(2, 2))
    assert [float(v) for v in layer.losses] == [4.0]


def test_mask_is_passed_to_call_and_propagated():
    seen = {}

    class Recorder(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.supports_masking = True

        def call(self, x, mask=None):
            seen["mask"] = mask
            return x * 1

    x = torch.ones(2, 3)
    x._keras_mask = torch.tensor([[True, False, True], [True, True, False]])
    out = Recorder()(x)
    assert torch.equal(seen["mask"], x._keras_mask)
    assert torch.equal(out._keras_mask, x._keras_mask)


def test_numpy_input_is_converted_to_compute_dtype():
    out = Scale()(np.ones((1, 2), dtype="float64"))
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float32


def test_layer_dtype_policy():
    layer = keras.layers.Dense(2, dtype="float64")
    out = layer(np.ones((1, 3)))
    assert layer.dtype == "float64" and out.dtype == torch.float64 and layer.kernel.dtype == torch.float64


def test_automatic_config_of_a_custom_layer():
    layer = Scale(3.0, name="s")
    config = layer.get_config()
    assert config["factor"] == 3.0 and config["name"] == "s"
    clone = Scale.from_config(config)
    assert clone.factor == 3.0 and clone.name == "s"


def test_layer_without_serializable_args_says_to_write_get_config():
    class Holder(keras.layers.Layer):
        def __init__(self, thing, **kwargs):
            super().__init__(**kwargs)
            self.thing = thing

    with pytest.raises(NotImplementedError, match="Override get_config"):
        Holder(object()).get_config()


def test_unknown_constructor_argument_is_rejected():
    with pytest.raises(ValueError, match="Unrecognized keyword arguments passed to Dense"):
        keras.layers.Dense(2, unitz=3)


def test_torch_hooks_and_state_dict_work():
    layer = keras.layers.Dense(2)
    calls = []
    layer.register_forward_hook(lambda module, args, output: calls.append(output.shape))
    layer(torch.ones(5, 3))
    assert calls == [torch.Size([5, 2])]
    assert list(layer.state_dict()) == ["kernel", "bias"]
    assert layer.state_dict()["kernel"].shape == (3, 2)


def test_module_to_changes_dtype_and_keeps_variables():
    layer = keras.layers.Dense(2)
    layer(torch.ones(1, 3))
    layer.to(torch.float64)
    assert layer.kernel.dtype == torch.float64
    assert layer.weights[0].name == "kernel"


def test_plain_torch_module_inside_a_layer_contributes_weights():
    class Wrapper(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.linear = torch.nn.Linear(3, 2)

        def call(self, x):
            return self.linear(x)

    layer = Wrapper()
    layer(torch.ones(1, 3))
    assert [tuple(w.shape) for w in layer.weights] == [(2, 3), (2,)]
    assert len(layer.trainable_weights) == 2


def test_layers_held_in_a_list_are_tracked():
    class Stack(keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.blocks = [keras.layers.Dense(4), keras.layers.Dense(2)]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    layer = Stack()
    layer(torch.ones(1, 3))
    assert [tuple(w.shape) for w in layer.weights] == [(3, 4), (4,), (4, 2), (2,)]
    assert len(list(layer.parameters())) == 4


def test_symbolic_call_records_shapes_without_computing():
    x = keras.Input((None, 5))
    y = keras.layers.Dense(3)(x)
    assert y.shape == (None, None, 3) and y.dtype == "float32"


def test_compute_output_shape_default_runs_fake_tensors():
    assert Scale().compute_output_shape((None, 4)) == (None, 4)


def test_outermost_call_with_training_keeps_the_call_contract():
    # The trainer's calls (one tensor, explicit `training`) take a short path once the model is built: it must
    # still clear the last call's losses, fire hooks, pass `training` on and check new input shapes.
    class AddsLoss(keras.layers.Layer):
        def call(self, x, training=None):
            self.add_loss(torch.sum(x) * (2.0 if training else 1.0))
            return x

    model = keras.Sequential([keras.Input((3,)), AddsLoss(), keras.layers.Dense(2)])
    x = torch.ones(4, 3)
    for _ in range(2):
        model(x, training=True)
    assert [float(v) for v in model.losses] == [24.0], "the last call's loss only"
    model(x, training=False)
    assert [float(v) for v in model.losses] == [12.0]
    seen = []
    handle = model.register_forward_hook(lambda module, args, kwargs, out: seen.append(kwargs), with_kwargs=True)
    model(x, training=True)
    handle.remove()
    assert seen == [{"training": True}]
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        model(torch.ones(4, 5), training=True)

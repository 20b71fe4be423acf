"""The public names Keras scripts reach for: top level, keras.utils, keras.config, keras.tree, keras.preprocessing.

Parity with real Keras on the same inputs is in compat/test_parity_public_api.py; this file checks behaviour
that needs no reference (flags, scopes, devices, errors).
"""

import collections
import logging
import sys

import numpy as np
import pytest
import torch

import kerastorch as keras
from kerastorch.layers.attention import _utils as attention_utils


def test_top_level_base_classes_are_the_ones_layers_use():
    assert isinstance(keras.losses.MeanSquaredError(), keras.Loss)
    assert isinstance(keras.metrics.Mean(), keras.Metric)
    assert isinstance(keras.initializers.GlorotUniform(), keras.Initializer)
    assert isinstance(keras.regularizers.L2(0.1), keras.Regularizer)
    assert isinstance(keras.Input((3,)), keras.KerasTensor)
    assert keras.utils.is_keras_tensor(keras.Input((3,))) and not keras.utils.is_keras_tensor(torch.ones(1))
    assert keras.utils.standardize_dtype(torch.float16) == "float16"


def test_version_is_the_keras_version_followed():
    assert keras.version() == "3.15.1"
    assert int(keras.version().split(".")[0]) >= 3


def test_utils_serialization_names_round_trip():
    @keras.utils.register_keras_serializable(package="PublicApi")
    class Scale(keras.layers.Layer):
        def call(self, x):
            return x * 2

    assert keras.utils.get_registered_name(Scale) == "PublicApi>Scale"
    assert keras.utils.get_registered_object("PublicApi>Scale") is Scale
    config = keras.utils.serialize_keras_object(Scale(name="s"))
    assert config["registered_name"] == "PublicApi>Scale"
    assert keras.utils.deserialize_keras_object(config).name == "s"
    with keras.utils.custom_object_scope({"Other": Scale}):
        assert keras.utils.get_registered_object("Other") is Scale
    assert keras.utils.get_registered_object("Other") is None
    assert keras.utils.get_custom_objects()["PublicApi>Scale"] is Scale
    assert "get_custom_objects" in dir(keras.utils)
    with pytest.raises(AttributeError, match="no attribute 'not_a_util'"):
        keras.utils.not_a_util  # noqa: B018


def test_utils_pack_unpack_round_trip():
    x, y, w = np.ones(2), np.zeros(2), np.full(2, 0.5)
    assert keras.utils.unpack_x_y_sample_weight(keras.utils.pack_x_y_sample_weight(x, y, w)) == (x, y, w)
    assert keras.utils.pack_x_y_sample_weight((x, y)) == ((x, y),)
    assert keras.utils.pack_x_y_sample_weight(x) is x
    with pytest.raises(ValueError, match="a tuple of 4 elements"):
        keras.utils.unpack_x_y_sample_weight((1, 2, 3, 4))


def test_get_source_inputs_of_a_functional_graph():
    a, b = keras.Input((2,)), keras.Input((2,))
    out = keras.layers.Concatenate()([keras.layers.Dense(2)(a), b, a])
    assert keras.utils.get_source_inputs(out) == [a, b]
    assert keras.utils.get_source_inputs(5) == 5


def test_interactive_logging_switches_where_messages_go(capsys, caplog):
    from kerastorch.utils import io_utils

    assert keras.config.is_interactive_logging_enabled() is keras.utils.is_interactive_logging_enabled() is True
    try:
        io_utils.print_msg("to stdout")
        keras.utils.disable_interactive_logging()
        assert not keras.config.is_interactive_logging_enabled()
        with caplog.at_level(logging.INFO, logger="kerastorch"):
            io_utils.print_msg("to the logger")
    finally:
        keras.config.enable_interactive_logging()
    assert capsys.readouterr().out == "to stdout\n"
    assert [r.getMessage() for r in caplog.records] == ["to the logger"]


def test_traceback_filtering_flag():
    assert keras.config.is_traceback_filtering_enabled()
    keras.config.disable_traceback_filtering()
    try:
        assert not keras.config.is_traceback_filtering_enabled()
    finally:
        keras.config.enable_traceback_filtering()
    assert keras.config.is_traceback_filtering_enabled()


def _flash_kernel_allowed_during_attention(monkeypatch, layer, query):
    allowed = []
    sdpa = torch.nn.functional.scaled_dot_product_attention

    def spy(*args, **kwargs):
        allowed.append(torch.backends.cuda.flash_sdp_enabled())
        return sdpa(*args, **kwargs)

    monkeypatch.setattr(attention_utils.F, "scaled_dot_product_attention", spy)
    out = layer(query, query)
    return allowed, out


@pytest.mark.parametrize("cls", [
    lambda: keras.layers.MultiHeadAttention(num_heads=2, key_dim=4),
    lambda: keras.layers.GroupedQueryAttention(head_dim=4, num_query_heads=2, num_key_value_heads=1),
])
def test_disable_flash_attention_keeps_layers_off_the_flash_kernel(monkeypatch, cls):
    query = torch.randn(2, 5, 8)
    assert keras.config.is_flash_attention_enabled() is None
    default_layer = cls()
    keras.config.disable_flash_attention()
    try:
        assert keras.config.is_flash_attention_enabled() is False
        disabled_layer = cls()
    finally:
        keras.config.enable_flash_attention()
    assert keras.config.is_flash_attention_enabled() is None
    allowed, _ = _flash_kernel_allowed_during_attention(monkeypatch, default_layer, query)
    assert allowed == [True]
    allowed, _ = _flash_kernel_allowed_during_attention(monkeypatch, disabled_layer, query)
    assert allowed == [False]
    # Another kernel, the same attention.
    disabled_layer.set_weights(default_layer.get_weights())
    np.testing.assert_allclose(disabled_layer(query, query).detach().numpy(),
                               default_layer(query, query).detach().numpy(), atol=1e-5)


def test_set_backend_accepts_only_torch():
    keras.config.set_backend("torch")
    assert keras.config.backend() == "torch"
    with pytest.raises(ValueError, match="only on the torch backend.*Received: backend='jax'"):
        keras.config.set_backend("jax")


def test_device_scope_places_new_weights_and_tensors():
    with keras.device("meta") as device:
        assert device == torch.device("meta")
        layer = keras.layers.Dense(2, kernel_initializer="zeros")
        layer.build((None, 3))
        tensor = keras.ops.ones((2,))
    assert layer.kernel.device.type == "meta" and tensor.device.type == "meta"
    assert keras.ops.ones((2,)).device.type != "meta"
    with pytest.raises(ValueError, match="Received: device_name=3"):
        with keras.device(3):
            pass


def test_device_accepts_keras_gpu_spelling():
    if not torch.cuda.is_available():
        pytest.skip("no CUDA device: the gpu -> cuda spelling is checked where one is present")
    with keras.device("gpu:0") as device:
        assert device == torch.device("cuda:0")
        assert keras.ops.ones((1,)).device == torch.device("cuda:0")


def test_name_scope_nesting_and_caller_deduplication():
    owner = object()
    with keras.name_scope("block", caller=owner):
        with keras.name_scope("block", caller=owner):  # the same caller again: no second level
            layer = keras.layers.Dense(1, name="d")
            layer.build((None, 2))
        with keras.name_scope("block"):  # no caller: a new level
            other = keras.layers.Dense(1, name="e")
            other.build((None, 2))
    assert layer.kernel.path == "block/d/kernel"
    assert other.kernel.path == "block/block/e/kernel"
    outside = keras.layers.Dense(1, name="f")
    outside.build((None, 2))
    assert outside.kernel.path == "f/kernel"
    with pytest.raises(ValueError, match="cannot contain character `/`"):
        keras.name_scope("a/b")


def test_tree_follows_documented_sorting_where_keras_torch_departs():
    Point = collections.namedtuple("Point", ["b", "a"])
    # Real Keras 3.15.1 on torch returns [1, 2] here and the paths ((1,), 1), ((0,), 2): see keras.tree's docstring.
    assert keras.tree.flatten({"z": {"b": 1, "a": 2}}) == [2, 1]
    assert keras.tree.flatten_with_path(Point(1, 2)) == [((0,), 1), ((1,), 2)]
    assert keras.tree.pack_sequence_as({"z": {"b": 0, "a": 0}}, [2, 1]) == {"z": {"b": 1, "a": 2}}
    with pytest.raises(TypeError, match="must be callable"):
        keras.tree.traverse(3, [1])


def test_layers_deserialize_rejects_non_layers():
    config = keras.utils.serialize_keras_object(keras.losses.MeanSquaredError())
    with pytest.raises(ValueError, match="not a `keras.layers.Layer`"):
        keras.layers.deserialize(config)
    dense = keras.layers.deserialize(keras.layers.serialize(keras.layers.Dense(4, use_bias=False)))
    assert dense.units == 4 and dense.use_bias is False


def test_preprocessing_namespace():
    padded = keras.preprocessing.sequence.pad_sequences([[1, 2], [3]], maxlen=3)
    np.testing.assert_array_equal(padded, [[0, 1, 2], [0, 0, 3]])
    assert keras.preprocessing.image.load_img is keras.utils.load_img
    assert keras.preprocessing.timeseries_dataset_from_array is keras.utils.timeseries_dataset_from_array
    assert keras.preprocessing.text_dataset_from_directory is keras.utils.text_dataset_from_directory
    assert keras.preprocessing.image_dataset_from_directory is keras.utils.image_dataset_from_directory


def test_image_utils_name_pillow_when_pil_is_missing(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(ImportError, match="pip install pillow"):
        keras.utils.array_to_img(np.zeros((2, 2, 3)))


def test_image_utils_honour_data_format(tmp_path):
    x = np.arange(2 * 3 * 4, dtype="float32").reshape(3, 2, 4) * 10  # channels first, 3 channels
    keras.utils.save_img(tmp_path / "img.png", x, data_format="channels_first", scale=False)
    loaded = keras.utils.img_to_array(keras.utils.load_img(tmp_path / "img.png"), data_format="channels_first")
    np.testing.assert_array_equal(loaded, x)
    with pytest.raises(ValueError, match="rank 3"):
        keras.utils.array_to_img(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="color_mode"):
        keras.utils.load_img(tmp_path / "img.png", color_mode="cmyk")


def test_run_limits_cap_fit_and_the_steps_of_every_loop():
    x, y = np.ones((64, 3), "float32"), np.ones((64, 1), "float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    keras.config.set_max_epochs(2)
    keras.config.set_max_steps_per_epoch(3)
    try:
        assert keras.config.max_epochs() == 2 and keras.config.max_steps_per_epoch() == 3
        seen = []
        counter = keras.callbacks.LambdaCallback(on_train_batch_end=lambda batch, logs: seen.append(batch))
        with pytest.warns(UserWarning, match="Limiting epochs to 2"):
            history = model.fit(x, y, batch_size=8, epochs=5, verbose=0, callbacks=[counter])
        assert history.epoch == [0, 1] and seen == [0, 1, 2, 0, 1, 2]
        with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 3"):
            assert model.predict(x, batch_size=8, verbose=0).shape == (24, 1)
    finally:
        keras.config.set_max_epochs(None)
        keras.config.set_max_steps_per_epoch(None)
    assert model.predict(x, batch_size=8, verbose=0).shape == (64, 1)

"""keras.losses.get / serialize / deserialize, the Keras 2 aliases, and LossFunctionWrapper configs."""

import json

import pytest
import torch

from kerastorch import losses
from kerastorch.saving import register_keras_serializable

ALIASES = {
    "mse": "mean_squared_error",
    "MSE": "mean_squared_error",
    "mae": "mean_absolute_error",
    "MAE": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error",
    "MAPE": "mean_absolute_percentage_error",
    "msle": "mean_squared_logarithmic_error",
    "MSLE": "mean_squared_logarithmic_error",
    "kld": "kl_divergence",
    "KLD": "kl_divergence",
    "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh",
    "bce": "binary_crossentropy",
    "BCE": "binary_crossentropy",
}


@pytest.mark.parametrize("alias,name", sorted(ALIASES.items()))
def test_aliases(alias, name):
    assert losses.get(alias) is getattr(losses, name)
    assert getattr(losses, alias) is getattr(losses, name)


@pytest.mark.parametrize(
    "name",
    ["categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy", "huber", "hinge", "ctc",
     "dice", "tversky", "circle", "categorical_generalized_cross_entropy"],
)
def test_get_function_name_returns_the_function(name):
    assert losses.get(name) is getattr(losses, name)


def test_get_class_name_returns_a_default_instance():
    loss = losses.get("CategoricalCrossentropy")
    assert isinstance(loss, losses.CategoricalCrossentropy) and loss.from_logits is False


def test_get_dict_class_instance_callable_none():
    loss = losses.get({"class_name": "CategoricalCrossentropy", "config": {"from_logits": True}})
    assert isinstance(loss, losses.CategoricalCrossentropy) and loss.from_logits is True
    assert isinstance(losses.get(losses.Huber), losses.Huber)
    instance = losses.MeanSquaredError()
    assert losses.get(instance) is instance

    def my_loss(y_true, y_pred):
        return (y_true - y_pred) ** 2

    assert losses.get(my_loss) is my_loss
    assert losses.get(None) is None


@pytest.mark.parametrize("identifier", ["mean_sqared_error", 3, {"class_name": "Nope", "config": {}}])
def test_get_unknown_identifier(identifier):
    with pytest.raises(ValueError) as info:
        losses.get(identifier)
    if isinstance(identifier, str):
        message = str(info.value)
        assert "Received: identifier='mean_sqared_error'" in message and "'mean_squared_error'" in message


def test_serialize_round_trip_through_json():
    loss = losses.BinaryFocalCrossentropy(apply_class_balancing=True, gamma=3.0, reduction="sum", name="focal")
    config = json.loads(json.dumps(losses.serialize(loss)))
    assert config["module"] == "keras.losses" and config["class_name"] == "BinaryFocalCrossentropy"
    rebuilt = losses.deserialize(config)
    assert isinstance(rebuilt, losses.BinaryFocalCrossentropy)
    assert rebuilt.get_config() == loss.get_config()
    y_true, y_pred = torch.tensor([[0.0, 1.0]]), torch.tensor([[0.3, 0.6]])
    assert torch.equal(rebuilt(y_true, y_pred), loss(y_true, y_pred))


def test_serialize_functions():
    config = losses.serialize(losses.mean_squared_error)
    assert config == {"module": "builtins", "class_name": "function", "config": "mean_squared_error", "registered_name": "function"}
    assert losses.deserialize(config) is losses.mean_squared_error
    assert losses.deserialize("mse") is losses.mean_squared_error
    assert isinstance(losses.deserialize("Huber"), losses.Huber)


def test_deserialize_unknown_name():
    with pytest.raises(ValueError, match="Received: identifier='nope'"):
        losses.deserialize("nope")


def test_loss_function_wrapper_config_round_trip():
    wrapper = losses.LossFunctionWrapper(losses.huber, name="h", reduction="sum", delta=0.5)
    config = wrapper.get_config()
    assert config == {
        "name": "h",
        "reduction": "sum",
        "fn": {"module": "builtins", "class_name": "function", "config": "huber", "registered_name": "function"},
        "delta": 0.5,
    }
    rebuilt = losses.LossFunctionWrapper.from_config(json.loads(json.dumps(config)))
    assert rebuilt.fn is losses.huber and rebuilt._fn_kwargs == {"delta": 0.5}
    y_true, y_pred = torch.zeros(2, 2), torch.tensor([[0.2, 2.0], [1.0, -3.0]])
    assert torch.equal(rebuilt(y_true, y_pred), losses.Huber(delta=0.5, reduction="sum")(y_true, y_pred))
    assert repr(rebuilt).startswith("<LossFunctionWrapper(<function huber")


def test_registered_custom_loss_round_trip():
    @register_keras_serializable(package="LossTests")
    class ScaledMSE(losses.Loss):
        def __init__(self, scale=1.0, **kwargs):
            super().__init__(**kwargs)
            self.scale = scale

        def call(self, y_true, y_pred):
            return self.scale * torch.mean((y_true - y_pred) ** 2, dim=-1)

        def get_config(self):
            return {**super().get_config(), "scale": self.scale}

    loss = ScaledMSE(scale=3.0, name="scaled")
    rebuilt = losses.deserialize(json.loads(json.dumps(losses.serialize(loss))))
    assert isinstance(rebuilt, ScaledMSE) and rebuilt.scale == 3.0 and rebuilt.name == "scaled"
    assert losses.get("LossTests>ScaledMSE").scale == 1.0


def test_every_keras_export_exists():
    exported = [
        "BinaryCrossentropy", "BinaryFocalCrossentropy", "CTC", "CategoricalCrossentropy",
        "CategoricalFocalCrossentropy", "CategoricalGeneralizedCrossEntropy", "CategoricalHinge", "Circle",
        "CosineSimilarity", "Dice", "Hinge", "Huber", "KLDivergence", "LogCosh", "Loss", "MeanAbsoluteError",
        "MeanAbsolutePercentageError", "MeanSquaredError", "MeanSquaredLogarithmicError", "Poisson",
        "SparseCategoricalCrossentropy", "SquaredHinge", "Tversky", "binary_crossentropy",
        "binary_focal_crossentropy", "categorical_crossentropy", "categorical_focal_crossentropy",
        "categorical_generalized_cross_entropy", "categorical_hinge", "circle", "cosine_similarity", "ctc",
        "deserialize", "dice", "get", "hinge", "huber", "kl_divergence", "log_cosh", "mean_absolute_error",
        "mean_absolute_percentage_error", "mean_squared_error", "mean_squared_logarithmic_error", "poisson",
        "serialize", "sparse_categorical_crossentropy", "squared_hinge", "tversky",
    ]
    missing = [name for name in exported if not hasattr(losses, name)]
    assert missing == []
    # Each public name is the object, not the submodule of the same name.
    assert callable(losses.huber) and losses.huber.__name__ == "huber"

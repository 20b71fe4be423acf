"""The step's plumbing: state names and order, clipping, weight decay, EMA, accumulation, constraints,
learning-rate handling, configs, `get`, and argument validation."""

import warnings

import numpy as np
import pytest
import torch

import kerastorch
from kerastorch import optimizers
from kerastorch.backend.variable import Variable


def _vars():
    kernel = Variable(torch.ones(3, 2), name="kernel", path="dense/kernel")
    bias = Variable(torch.zeros(2), name="bias", path="dense/bias")
    return [kernel, bias]


def test_variables_named_and_ordered_as_keras():
    optimizer = optimizers.Adam(name="adam", use_ema=True)
    optimizer.build(_vars())
    assert [v.path for v in optimizer.variables] == [
        "adam/iteration", "adam/learning_rate", "adam/dense_kernel_average", "adam/dense_bias_average",
        "adam/dense_kernel_momentum", "adam/dense_kernel_velocity", "adam/dense_bias_momentum",
        "adam/dense_bias_velocity",
    ]  # fmt: skip
    assert optimizer.variables[0].dtype == torch.int32
    assert not any(v.requires_grad for v in optimizer.variables)


def test_schedule_has_no_learning_rate_variable():
    optimizer = optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 1, 0.5), momentum=0.5, name="sgd")
    optimizer.build(_vars())
    assert [v.name for v in optimizer.variables] == ["iteration", "dense_kernel_momentum", "dense_bias_momentum"]


def test_iterations_and_learning_rate_follow_steps():
    variables = _vars()
    optimizer = optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 1, 0.5))
    for _ in range(3):
        optimizer.apply([torch.ones(3, 2), torch.ones(2)], variables)
    assert int(optimizer.iterations) == 3
    np.testing.assert_allclose(float(optimizer.learning_rate), 0.1 * 0.5**3, rtol=1e-6)
    # Steps used rates 0.1, 0.05, 0.025.
    np.testing.assert_allclose(variables[0].numpy(), 1 - 0.175, rtol=1e-6)


def test_lr_keras2_alias_and_setter():
    optimizer = optimizers.Adam(lr=0.5)
    assert optimizer.get_config()["learning_rate"] == 0.5
    optimizer.learning_rate = 0.25
    assert float(optimizer.learning_rate) == 0.25 and optimizer._host_learning_rate() == 0.25


def test_learning_rate_written_from_outside_is_seen():
    variables = [Variable(torch.zeros(2), name="w", path="w")]
    optimizer = optimizers.SGD(0.1)
    optimizer.apply([torch.ones(2)], variables)
    optimizer.learning_rate.assign(1.0)  # bypasses the setter: the version counter catches it
    optimizer.apply([torch.ones(2)], variables)
    np.testing.assert_allclose(variables[0].numpy(), -1.1, rtol=1e-6)


def test_iterations_loaded_from_outside_drive_bias_correction():
    variables = [Variable(torch.zeros(2), name="w", path="w")]
    optimizer = optimizers.Adamax(0.1)
    optimizer.build(variables)
    optimizer.iterations.assign(9)
    optimizer.apply([torch.ones(2)], variables)
    # Step 10: m = 0.1, u = 1, correction 1 - 0.9**10.
    np.testing.assert_allclose(variables[0].numpy(), -0.1 * 0.1 / ((1 + 1e-7) * (1 - 0.9**10)), rtol=1e-5)
    assert int(optimizer.iterations) == 10


def test_callable_learning_rate():
    variables = [Variable(torch.zeros(2), name="w", path="w")]
    optimizer = optimizers.SGD(lambda: 0.5)
    optimizer.apply([torch.ones(2)], variables)
    np.testing.assert_allclose(variables[0].numpy(), -0.5)


def test_clipnorm_per_tensor():
    variables = _vars()
    grads = [torch.full((3, 2), 3.0), torch.tensor([0.3, 0.4])]
    optimizers.SGD(1.0, clipnorm=1.0).apply(grads, variables)
    np.testing.assert_allclose(variables[0].numpy(), 1 - 3.0 / np.sqrt(54), rtol=1e-6)
    np.testing.assert_allclose(variables[1].numpy(), [-0.3, -0.4], rtol=1e-6)  # norm 0.5: untouched


def test_global_clipnorm():
    variables = _vars()
    grads = [torch.full((3, 2), 3.0), torch.tensor([0.3, 0.4])]
    optimizers.SGD(1.0, global_clipnorm=1.0).apply(grads, variables)
    total = np.sqrt(54 + 0.25)
    np.testing.assert_allclose(variables[0].numpy(), 1 - 3.0 / total, rtol=1e-6)
    np.testing.assert_allclose(variables[1].numpy(), [-0.3 / total, -0.4 / total], rtol=1e-6)


def test_clipvalue_and_grads_untouched():
    variables = _vars()
    grads = [torch.full((3, 2), 3.0), torch.tensor([-5.0, 0.25])]
    optimizers.SGD(1.0, clipvalue=0.5).apply(grads, variables)
    np.testing.assert_allclose(variables[1].numpy(), [0.5, -0.25])
    assert grads[1].tolist() == [-5.0, 0.25]


def test_weight_decay_and_exclusion():
    variables = _vars()
    variables[1].data.fill_(1.0)
    optimizer = optimizers.SGD(0.1, weight_decay=0.5)
    optimizer.exclude_from_weight_decay(var_names=["bias"])
    optimizer.apply([torch.zeros(3, 2), torch.zeros(2)], variables)
    np.testing.assert_allclose(variables[0].numpy(), 1 - 0.05)
    np.testing.assert_allclose(variables[1].numpy(), 1.0)
    with pytest.raises(ValueError, match="before the optimizer is built"):
        optimizer.exclude_from_weight_decay(var_names=["kernel"])


def test_ema_average_and_finalize():
    variable = Variable(torch.zeros(1), name="w", path="w")
    optimizer = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5)
    values = []
    for _ in range(3):
        optimizer.apply([torch.ones(1)], [variable])
        values.append(float(variable.detach()[0]))
    # First average is the value itself, then 0.5 * average + 0.5 * value.
    expected = values[0]
    for value in values[1:]:
        expected = 0.5 * expected + 0.5 * value
    optimizer.finalize_variable_values([variable])
    np.testing.assert_allclose(variable.numpy(), [expected])


def test_ema_overwrite_frequency():
    variable = Variable(torch.zeros(1), name="w", path="w")
    optimizer = optimizers.SGD(1.0, use_ema=True, ema_momentum=0.5, ema_overwrite_frequency=2)
    optimizer.apply([torch.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-1.0])
    optimizer.apply([torch.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-1.5])  # overwritten by 0.5 * -1 + 0.5 * -2


def test_gradient_accumulation_averages():
    variable = Variable(torch.zeros(1), name="w", path="w")
    optimizer = optimizers.SGD(1.0, gradient_accumulation_steps=2)
    optimizer.apply([torch.ones(1)], [variable])
    np.testing.assert_allclose(variable.numpy(), [0.0])
    optimizer.apply([torch.full((1,), 3.0)], [variable])
    np.testing.assert_allclose(variable.numpy(), [-2.0])
    assert int(optimizer.iterations) == 1 and int(optimizer._iterations) == 2


def test_constraints_applied_after_update():
    variable = Variable(torch.zeros(2), name="w", path="w")
    variable.constraint = kerastorch.constraints.NonNeg()
    optimizers.SGD(1.0).apply([torch.tensor([1.0, -1.0])], [variable])
    np.testing.assert_allclose(variable.numpy(), [0.0, 1.0])


def test_plain_torch_parameters():
    parameter = torch.nn.Parameter(torch.ones(2))
    optimizer = optimizers.Adam(0.1)
    optimizer.apply([torch.ones(2)], [parameter])
    assert parameter.data[0] < 1 and optimizer.variables[-1].name == "variable_velocity"


def test_missing_gradient_warns_and_skips():
    variables = _vars()
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        optimizers.SGD(1.0).apply([None, torch.ones(2)], variables)
    np.testing.assert_allclose(variables[0].numpy(), 1.0)
    with pytest.raises(ValueError, match="No gradients"):
        optimizers.SGD(1.0).apply([None, None], _vars())


def test_unknown_variable_rejected():
    optimizer = optimizers.SGD(1.0)
    optimizer.apply([torch.ones(2)], [Variable(torch.zeros(2), name="a", path="a")])
    with pytest.raises(ValueError, match="unknown variable"):
        optimizer.apply([torch.ones(2)], [Variable(torch.zeros(2), name="b", path="b")])


def test_apply_gradients_and_apply_without_variables():
    variables = _vars()
    optimizer = optimizers.SGD(1.0)
    optimizer.apply_gradients(zip([torch.ones(3, 2), torch.ones(2)], variables))
    optimizer.apply([torch.ones(3, 2), torch.ones(2)])
    np.testing.assert_allclose(variables[1].numpy(), -2.0)


def test_save_and_load_own_variables():
    variables = _vars()
    optimizer = optimizers.Adam(0.1)
    optimizer.apply([torch.ones(3, 2), torch.ones(2)], variables)
    store = {}
    optimizer.save_own_variables(store)
    fresh = optimizers.Adam(0.1)
    fresh.build(_vars())
    fresh.load_own_variables(store)
    for a, b in zip(optimizer.variables, fresh.variables):
        np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert fresh._host_iterations() == 1


def test_get_and_set_weights_in_variables_order():
    """tf.keras's `get_weights()` (copies) and `set_weights()`, which checks every shape before writing any."""
    variables = _vars()
    optimizer = optimizers.Adam(0.1, name="adam")
    optimizer.apply([torch.ones(3, 2), torch.ones(2)], variables)
    weights = optimizer.get_weights()
    assert [w.shape for w in weights] == [(), (), (3, 2), (3, 2), (2,), (2,)]
    assert weights[0] == 1 and np.isclose(weights[1], 0.1)
    np.testing.assert_allclose(weights[2], np.full((3, 2), 0.1), rtol=1e-6)  # (1 - beta_1) * gradient
    optimizer.variables[2].assign(np.zeros((3, 2), "float32"))
    assert weights[2][0, 0] != 0  # a copy
    fresh = optimizers.Adam(0.1, name="adam")
    fresh.build(_vars())
    fresh.set_weights(weights)
    for a, b in zip(fresh.get_weights(), weights):
        np.testing.assert_array_equal(a, b)
    wrong = weights[:2] + [np.zeros((2, 3), "float32")] + weights[3:]
    with pytest.raises(ValueError, match=r"adam/dense_kernel_momentum has shape \(3, 2\).*Received: weight.shape="
                                         r"\(2, 3\)"):
        fresh.set_weights([w + 1 for w in wrong])
    np.testing.assert_array_equal(fresh.get_weights()[0], weights[0])  # nothing written


def test_loss_scale_optimizer_skip_and_growth():
    variable = Variable(torch.zeros(1), name="w", path="w")
    optimizer = optimizers.LossScaleOptimizer(optimizers.SGD(1.0), initial_scale=4.0, dynamic_growth_steps=2)
    assert float(optimizer.scale_loss(torch.tensor(1.0))) == 4.0
    optimizer.apply([torch.tensor([float("nan")])], [variable])
    np.testing.assert_allclose(variable.numpy(), [0.0])
    assert float(optimizer.dynamic_scale) == 2.0 and int(optimizer.iterations) == 0
    optimizer.apply([torch.tensor([2.0])], [variable])  # unscaled: 1.0
    optimizer.apply([torch.tensor([2.0])], [variable])
    np.testing.assert_allclose(variable.numpy(), [-2.0])
    assert float(optimizer.dynamic_scale) == 4.0 and int(optimizer.step_counter) == 0
    assert int(optimizer.iterations) == 2


@pytest.mark.parametrize(
    "factory",
    [
        lambda: optimizers.SGD(0.1, momentum=0.9, nesterov=True, name="o"),
        lambda: optimizers.Adam(optimizers.schedules.CosineDecay(0.1, 10, warmup_target=0.2, warmup_steps=3), name="o"),
        lambda: optimizers.AdamW(0.01, clipnorm=1.0, use_ema=True, name="o"),
        lambda: optimizers.Ftrl(0.1, beta=0.2, name="o"),
        lambda: optimizers.Muon(exclude_layers=["head"], name="o"),
        lambda: optimizers.LossScaleOptimizer(optimizers.RMSprop(centered=True, name="i"), name="o"),
    ],
)
def test_config_round_trip(factory):
    optimizer = factory()
    config = optimizer.get_config()
    assert type(optimizer).from_config(config).get_config() == config
    assert optimizers.deserialize(optimizers.serialize(optimizer)).get_config() == config


def test_get_by_name_dict_and_instance():
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("RMSprop"), optimizers.RMSprop)
    assert isinstance(optimizers.get({"class_name": "SGD", "config": {"learning_rate": 0.5}}), optimizers.SGD)
    adam = optimizers.Adam()
    assert optimizers.get(adam) is adam
    with pytest.raises(ValueError, match="adamw"):
        optimizers.get("adamz")


def test_deserializes_real_keras_torch_module_names():
    config = {"module": "keras.src.backend.torch.optimizers.torch_sgd", "class_name": "SGD",
              "config": {"learning_rate": 0.5, "momentum": 0.5}, "registered_name": "SGD"}  # fmt: skip
    optimizer = optimizers.deserialize(config)
    assert isinstance(optimizer, optimizers.SGD) and optimizer.momentum == 0.5


@pytest.mark.parametrize(
    "factory, argument",
    [
        (lambda: optimizers.SGD(-0.1), "learning_rate"),
        (lambda: optimizers.SGD("fast"), "learning_rate"),
        (lambda: optimizers.SGD(momentum=1.5), "momentum"),
        (lambda: optimizers.Adam(beta_1=1.0), "beta_1"),
        (lambda: optimizers.Adam(beta_2=-0.1), "beta_2"),
        (lambda: optimizers.Adam(epsilon=-1.0), "epsilon"),
        (lambda: optimizers.RMSprop(rho=1.0), "rho"),
        (lambda: optimizers.Adagrad(initial_accumulator_value=-1.0), "initial_accumulator_value"),
        (lambda: optimizers.Ftrl(learning_rate_power=0.5), "learning_rate_power"),
        (lambda: optimizers.Lion(beta_1=0.0), "beta_1"),
        (lambda: optimizers.AdamW(weight_decay=None), "weight_decay"),
        (lambda: optimizers.SGD(weight_decay=-1.0), "weight_decay"),
        (lambda: optimizers.SGD(clipnorm=1.0, clipvalue=1.0), "clipvalue"),
        (lambda: optimizers.SGD(clipnorm=-1.0), "clipnorm"),
        (lambda: optimizers.SGD(use_ema=True, ema_momentum=2.0), "ema_momentum"),
        (lambda: optimizers.SGD(use_ema=True, ema_overwrite_frequency=0.5), "ema_overwrite_frequency"),
        (lambda: optimizers.SGD(gradient_accumulation_steps=1), "gradient_accumulation_steps"),
        (lambda: optimizers.SGD(bogus=1), "bogus"),
        (lambda: optimizers.LossScaleOptimizer(optimizers.SGD(), initial_scale=0.0), "initial_scale"),
        (lambda: optimizers.LossScaleOptimizer(optimizers.SGD(), clipnorm=1.0), "clipnorm"),
        (lambda: optimizers.schedules.ExponentialDecay(0.1, 0, 0.5), "decay_steps"),
        (lambda: optimizers.schedules.PiecewiseConstantDecay([1, 2], [0.1]), "boundaries"),
    ],
)
def test_bad_arguments_name_themselves(factory, argument):
    with pytest.raises(ValueError, match=argument) as info:
        factory()
    assert "Received" in str(info.value)


def test_schedule_learning_rate_not_settable():
    optimizer = optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 1, 0.5))
    with pytest.raises(TypeError, match="not settable"):
        optimizer.learning_rate = 0.1


def test_decay_argument_ignored_with_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        optimizers.SGD(decay=0.1)
    assert any("decay" in str(w.message) for w in caught)

"""`BatchNormalization`: normalizes with batch statistics in training and moving statistics in inference."""

import torch
import torch.nn.functional as F

from kerastorch import backend
from kerastorch import constraints
from kerastorch import initializers
from kerastorch import regularizers
from kerastorch.backend import symbolic
from kerastorch.layers.input_spec import InputSpec
from kerastorch.layers.layer import Layer
from kerastorch.layers.normalization._utils import check_axes_in_bounds
from kerastorch.layers.normalization._utils import upcast

_RENORM_CLIPPING_KEYS = ("rmax", "rmin", "dmax")


class BatchNormalization(Layer):
    """Normalizes its inputs to zero mean and unit variance per feature, then scales and shifts them.

    In training (`training=True`) the layer normalizes with the mean and variance of the current batch and
    updates its moving statistics: `moving = moving * momentum + batch_statistic * (1 - momentum)`, with the
    biased (population) batch variance. In inference it normalizes with the moving statistics:
    `gamma * (x - moving_mean) / sqrt(moving_variance + epsilon) + beta`.

    A frozen layer (`trainable=False`) always runs in inference mode, even when called with `training=True`,
    and never updates its moving statistics; this is what fine-tuning expects.

    Args:
        axis: Int, the features axis (`-1` for channels-last data, `1` for channels-first).
        momentum: Momentum of the moving statistics.
        epsilon: Small float added to the variance to avoid dividing by zero.
        center: Whether to add the learned offset `beta`.
        scale: Whether to multiply by the learned scale `gamma`.
        beta_initializer, gamma_initializer: Initializers of `beta` (`"zeros"`) and `gamma` (`"ones"`).
        moving_mean_initializer, moving_variance_initializer: Initializers of the moving statistics.
        beta_regularizer, gamma_regularizer: Optional regularizers.
        beta_constraint, gamma_constraint: Optional constraints.
        synchronized: Whether to compute the batch statistics over all processes of an initialized
            `torch.distributed` group; on a single process it changes nothing.
        renorm: Whether to use Batch Renormalization (adds `moving_stddev`, `renorm_mean`, `renorm_stddev`).
        renorm_clipping: Dict with optional keys `"rmax"`, `"rmin"`, `"dmax"` clipping the renorm correction.
        renorm_momentum: Momentum of the renorm statistics.
        **kwargs: Base layer keyword arguments, such as `name` and `dtype`.

    Call arguments:
        inputs: Input tensor of any rank.
        training: Whether to normalize with the batch statistics (and update the moving ones).
        mask: Optional boolean tensor with one axis less than `inputs`; masked positions do not count towards
            the batch statistics.

    Weights:
        `gamma`, `beta` (trainable), then `moving_mean`, `moving_variance` (non-trainable), each of shape
        `(input_shape[axis],)`.
    """

    def __init__(self, axis=-1, momentum=0.99, epsilon=1e-3, center=True, scale=True, beta_initializer="zeros",
                 gamma_initializer="ones", moving_mean_initializer="zeros", moving_variance_initializer="ones",
                 beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None,
                 renorm=False, renorm_clipping=None, renorm_momentum=0.99, synchronized=False, **kwargs):
        super().__init__(**kwargs)
        if isinstance(axis, bool) or not isinstance(axis, int):
            raise TypeError(
                f"BatchNormalization layer '{self.name}': `axis` must be an int. Received: axis={axis!r}"
            )
        self.axis = int(axis)
        self.synchronized = synchronized
        self.momentum = float(momentum)
        self.epsilon = float(epsilon)
        self.center = center
        self.scale = scale
        self.beta_initializer = initializers.get(beta_initializer)
        self.gamma_initializer = initializers.get(gamma_initializer)
        self.moving_mean_initializer = initializers.get(moving_mean_initializer)
        self.moving_variance_initializer = initializers.get(moving_variance_initializer)
        self.beta_regularizer = regularizers.get(beta_regularizer)
        self.gamma_regularizer = regularizers.get(gamma_regularizer)
        self.beta_constraint = constraints.get(beta_constraint)
        self.gamma_constraint = constraints.get(gamma_constraint)
        self.supports_masking = True
        self.renorm = renorm
        if renorm:
            renorm_clipping = renorm_clipping or {}
            self._check_renorm_clipping(renorm_clipping)
        self.renorm_clipping = renorm_clipping
        self.renorm_momentum = renorm_momentum
        self.gamma = None
        self.beta = None
        self.moving_mean = None
        self.moving_variance = None
        self._reduction_axes = None

    def _check_renorm_clipping(self, clipping):
        unknown = set(clipping) - set(_RENORM_CLIPPING_KEYS)
        if unknown:
            raise ValueError(
                f"BatchNormalization layer '{self.name}': `renorm_clipping` accepts the keys "
                f"{list(_RENORM_CLIPPING_KEYS)}. Received: renorm_clipping={clipping}"
            )
        rmax, rmin, dmax = clipping.get("rmax"), clipping.get("rmin"), clipping.get("dmax")
        if rmax is not None and rmin is not None and rmax < rmin:
            raise ValueError(
                f"BatchNormalization layer '{self.name}': `rmax` must not be smaller than `rmin`. "
                f"Received: renorm_clipping={clipping}"
            )
        if dmax is not None and dmax < 0:
            raise ValueError(
                f"BatchNormalization layer '{self.name}': `dmax` must be non-negative. "
                f"Received: renorm_clipping={clipping}"
            )

    def build(self, input_shape):
        check_axes_in_bounds(self, self.axis, input_shape)
        dim = input_shape[self.axis]
        if dim is None:
            raise ValueError(
                f"BatchNormalization layer '{self.name}' needs the size of axis {self.axis} of its input to be "
                f"known. Received: input_shape={tuple(input_shape)}"
            )
        shape = (dim,)
        if self.scale:
            self.gamma = self.add_weight(shape=shape, name="gamma", initializer=self.gamma_initializer,
                                         regularizer=self.gamma_regularizer, constraint=self.gamma_constraint)
        if self.center:
            self.beta = self.add_weight(shape=shape, name="beta", initializer=self.beta_initializer,
                                        regularizer=self.beta_regularizer, constraint=self.beta_constraint)
        self.moving_mean = self.add_weight(shape=shape, name="moving_mean",
                                           initializer=self.moving_mean_initializer, trainable=False)
        self.moving_variance = self.add_weight(shape=shape, name="moving_variance",
                                               initializer=self.moving_variance_initializer, trainable=False)
        if self.renorm:
            variance_initializer = self.moving_variance_initializer

            def stddev_initializer(shape, dtype=None):
                # The square root of what the variance initializer gives (renorm tracks a stddev).
                clone = variance_initializer.__class__.from_config(variance_initializer.get_config())
                return torch.sqrt(torch.as_tensor(clone(shape, dtype=dtype)))

            mean_initializer = self.moving_mean_initializer.__class__.from_config(
                self.moving_mean_initializer.get_config()
            )
            self.moving_stddev = self.add_weight(shape=shape, name="moving_stddev", initializer=stddev_initializer,
                                                 trainable=False)
            self.renorm_mean = self.add_weight(shape=shape, name="renorm_mean", initializer=mean_initializer,
                                               trainable=False)
            self.renorm_stddev = self.add_weight(shape=shape, name="renorm_stddev", initializer=stddev_initializer,
                                                 trainable=False)
        self.input_spec = InputSpec(ndim=len(input_shape), axes={self.axis: dim})
        self._reduction_axes = [i for i in range(len(input_shape)) if i != self.axis % len(input_shape)]
        self.built = True

    def call(self, inputs, training=None, mask=None):
        if mask is not None and mask.ndim != inputs.ndim - 1:
            raise ValueError(
                f"BatchNormalization layer '{self.name}': the mask must have one axis less than the inputs. "
                f"Received: mask.shape={tuple(mask.shape)}, inputs.shape={tuple(inputs.shape)}"
            )
        x = upcast(inputs)
        gamma = None if self.gamma is None else self.gamma.to(x.dtype)
        beta = None if self.beta is None else self.beta.to(x.dtype)
        if not (training and self.trainable):
            outputs = self._fused(x, self.moving_mean.to(x.dtype), self.moving_variance.to(x.dtype), gamma, beta,
                                  training=False)
        elif self.renorm or mask is not None or self._distributed() or self._count(x) < 2 or self.epsilon <= 0:
            # The fused kernel refuses batches of one value per feature and a zero epsilon in training.
            outputs = self._train_explicit(x, mask, gamma, beta)
        else:
            outputs = self._train_fused(x, gamma, beta)
        return outputs.to(self._compute_torch_dtype)

    def _count(self, x):
        return x.numel() // max(x.shape[self.axis], 1)

    def _fused(self, x, mean, variance, gamma, beta, training):
        """`F.batch_norm` wants the features on axis 1: a `movedim` view, no copy (channels-last inputs are
        channels_last-format tensors, which the kernels read in place)."""
        axis = self.axis % x.ndim
        if self.epsilon <= 0:
            # Some torch versions refuse a zero epsilon in the fused kernel: the same formula, spelled out.
            shape = [1] * x.ndim
            shape[axis] = -1
            outputs = (x - mean.reshape(shape)) * torch.rsqrt(variance.reshape(shape) + self.epsilon)
            if gamma is not None:
                outputs = outputs * gamma.reshape(shape)
            return outputs if beta is None else outputs + beta.reshape(shape)
        moved = x if axis == 1 else x.movedim(axis, 1)
        outputs = F.batch_norm(moved, mean, variance, gamma, beta, training=training, momentum=1.0, eps=self.epsilon)
        return outputs if axis == 1 else outputs.movedim(1, axis)

    def _train_fused(self, x, gamma, beta):
        # With momentum=1 the kernel writes the batch mean and the unbiased batch variance into these buffers;
        # Keras's moving statistics use the biased variance.
        channels = x.shape[self.axis]
        batch_mean = torch.zeros(channels, dtype=x.dtype, device=x.device)
        batch_variance = torch.zeros(channels, dtype=x.dtype, device=x.device)
        outputs = self._fused(x, batch_mean, batch_variance, gamma, beta, training=True)
        count = self._count(x)
        self._update_moving(batch_mean, batch_variance * ((count - 1) / count))
        return outputs

    def _train_explicit(self, x, mask, gamma, beta):
        mean, variance = self._moments(x, mask)
        if self.renorm:
            r, d = self._renorm_correction(mean, variance)
            # (x_hat * r + d) * gamma + beta == x_hat * (r * gamma) + (d * gamma + beta); r, d get no gradient.
            new_gamma, new_beta = (r, d) if gamma is None else (r * gamma, d * gamma)
            gamma, beta = new_gamma, (new_beta if beta is None else new_beta + beta)
            self._update_renorm_statistics(mean, variance)
        else:
            self._update_moving(mean, variance)
        return self._normalize(x, mean, variance, gamma, beta)

    def _normalize(self, x, mean, variance, gamma, beta):
        shape = [1] * x.ndim
        shape[self.axis] = x.shape[self.axis]
        factor = torch.rsqrt(variance.reshape(shape) + self.epsilon)
        if gamma is not None:
            factor = factor * gamma.reshape(shape)
        outputs = (x - mean.reshape(shape)) * factor
        return outputs if beta is None else outputs + beta.reshape(shape)

    def _distributed(self):
        if not self.synchronized or not torch.distributed.is_available():
            return False
        return torch.distributed.is_initialized() and torch.distributed.get_world_size() > 1

    def _moments(self, x, mask):
        axes = self._reduction_axes
        if mask is None:
            if not self._distributed():
                variance, mean = torch.var_mean(x, dim=axes, correction=0)
                return mean, variance
            weights = None
        else:
            weights = mask.unsqueeze(-1).expand(x.shape).to(torch.bool)
        if self._distributed():
            return self._synchronized_moments(x, weights)
        # Keras's masked moments: weighted sums over the kept positions, its epsilon in the denominators.
        total = weights.to(x.dtype).sum(dim=axes, keepdim=True) + backend.epsilon()
        mean = torch.where(weights, x, 0.0).sum(dim=axes, keepdim=True) / total
        variance = torch.where(weights, x - mean, 0.0).square().sum(dim=axes, keepdim=True) / total
        return mean.reshape(-1), variance.reshape(-1)

    def _synchronized_moments(self, x, weights):
        from torch.distributed.nn.functional import all_reduce  # noqa: PLC0415 - only with a process group

        axes = self._reduction_axes
        kept = x if weights is None else torch.where(weights, x, 0.0)
        count = torch.full_like(x, 1.0) if weights is None else weights.to(x.dtype)
        stats = torch.stack([kept.sum(dim=axes), kept.square().sum(dim=axes), count.sum(dim=axes)])
        total, squares, count = all_reduce(stats)
        mean = total / count
        return mean, squares / count - mean.square()

    @torch.no_grad()
    def _update_moving(self, mean, variance):
        if symbolic.is_fake(mean):
            return
        momentum = self.momentum
        self.moving_mean.copy_(self.moving_mean * momentum + mean.to(self.moving_mean.dtype) * (1.0 - momentum))
        self.moving_variance.copy_(
            self.moving_variance * momentum + variance.to(self.moving_variance.dtype) * (1.0 - momentum)
        )

    def _renorm_correction(self, mean, variance):
        with torch.no_grad():
            stddev = torch.sqrt(variance + self.epsilon)
            renorm_stddev = torch.clamp(self.renorm_stddev.to(mean.dtype), min=self.epsilon ** 0.5)
            r = stddev / renorm_stddev
            d = (mean - self.renorm_mean.to(mean.dtype)) / renorm_stddev
            clipping = self.renorm_clipping
            if clipping.get("rmin") is not None:
                r = torch.clamp(r, min=clipping["rmin"])
            if clipping.get("rmax") is not None:
                r = torch.clamp(r, max=clipping["rmax"])
            if clipping.get("dmax") is not None:
                d = torch.clamp(d, -clipping["dmax"], clipping["dmax"])
        return r, d

    @torch.no_grad()
    def _update_renorm_statistics(self, mean, variance):
        if symbolic.is_fake(mean):
            return
        stddev = torch.sqrt(variance + self.epsilon)
        self.renorm_mean.copy_(self.renorm_mean * self.renorm_momentum + mean * (1.0 - self.renorm_momentum))
        self.renorm_stddev.copy_(
            self.renorm_stddev * self.renorm_momentum + stddev * (1.0 - self.renorm_momentum)
        )
        self.moving_mean.copy_(self.moving_mean * self.momentum + mean * (1.0 - self.momentum))
        moving_stddev = self.moving_stddev * self.momentum + stddev * (1.0 - self.momentum)
        self.moving_stddev.copy_(moving_stddev)
        # Rounding can make stddev**2 - epsilon slightly negative: clamp at 0, as Keras does.
        self.moving_variance.copy_(torch.relu(moving_stddev * moving_stddev - self.epsilon))

    def compute_output_shape(self, input_shape):
        return check_axes_in_bounds(self, self.axis, input_shape)

    def get_config(self):
        return {
            **super().get_config(),
            "axis": self.axis,
            "momentum": self.momentum,
            "epsilon": self.epsilon,
            "center": self.center,
            "scale": self.scale,
            "beta_initializer": initializers.serialize(self.beta_initializer),
            "gamma_initializer": initializers.serialize(self.gamma_initializer),
            "moving_mean_initializer": initializers.serialize(self.moving_mean_initializer),
            "moving_variance_initializer": initializers.serialize(self.moving_variance_initializer),
            "beta_regularizer": regularizers.serialize(self.beta_regularizer),
            "gamma_regularizer": regularizers.serialize(self.gamma_regularizer),
            "beta_constraint": constraints.serialize(self.beta_constraint),
            "gamma_constraint": constraints.serialize(self.gamma_constraint),
            "synchronized": self.synchronized,
            "renorm": self.renorm,
            "renorm_clipping": self.renorm_clipping,
            "renorm_momentum": self.renorm_momentum,
        }

    def extra_repr(self):
        return f"name={self.name!r}, axis={self.axis}, momentum={self.momentum}, epsilon={self.epsilon}"

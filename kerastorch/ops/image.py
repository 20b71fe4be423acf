"""keras.ops.image: resizing, color conversion, padding and cropping of image batches.

Images are `(batch, height, width, channels)` (or without batch), channels-first when `data_format` says so.
"""

import torch
import torch.nn.functional as F

from kerastorch.backend import config
from kerastorch.ops.core import _to_tensor
from kerastorch.ops.symbolic_op import op

_t = _to_tensor
_MODES = {"bilinear": "bilinear", "nearest": "nearest-exact", "bicubic": "bicubic", "area": "area"}


def _data_format(data_format):
    data_format = data_format or config.image_data_format()
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"`data_format` must be 'channels_last' or 'channels_first'. Received: data_format={data_format}")
    return data_format


def _batched_first(images, data_format):
    """Images as a channels-first batch, and a function undoing that."""
    if images.ndim not in (3, 4):
        raise ValueError(
            "Invalid images rank: expected rank 3 (single image) or rank 4 (batch of images). "
            f"Received: images.shape={tuple(images.shape)}"
        )
    unbatched = images.ndim == 3
    x = images.unsqueeze(0) if unbatched else images
    last = data_format == "channels_last"
    x = x.permute(0, 3, 1, 2) if last else x

    def restore(y):
        y = y.permute(0, 2, 3, 1) if last else y
        return y.squeeze(0) if unbatched else y

    return x, restore


@op
def resize(images, size, interpolation="bilinear", antialias=False, crop_to_aspect_ratio=False,
           pad_to_aspect_ratio=False, fill_mode="constant", fill_value=0.0, data_format=None):
    """Images resized to `size = (height, width)`, optionally cropped or padded to its aspect ratio first."""
    if interpolation not in _MODES:
        raise ValueError(
            f"Invalid value for argument `interpolation`. Expected one of {tuple(_MODES)}. "
            f"Received: interpolation={interpolation}"
        )
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError(
            "Only one of `crop_to_aspect_ratio` & `pad_to_aspect_ratio` can be `True`. "
            f"Received: crop_to_aspect_ratio={crop_to_aspect_ratio}, pad_to_aspect_ratio={pad_to_aspect_ratio}"
        )
    if len(size) != 2:
        raise ValueError(f"Argument `size` must be a tuple of two elements (height, width). Received: size={size}")
    images = _t(images)
    x, restore = _batched_first(images, _data_format(data_format))
    dtype = x.dtype
    if not x.is_floating_point():
        x = x.float()
    target_h, target_w = size
    height, width = x.shape[-2:]
    if crop_to_aspect_ratio:
        crop_h = min(height, int(round(width * target_h / target_w)))
        crop_w = min(width, int(round(height * target_w / target_h)))
        top, left = (height - crop_h) // 2, (width - crop_w) // 2
        x = x[..., top:top + crop_h, left:left + crop_w]
    elif pad_to_aspect_ratio:
        pad_h = max(height, int(round(width * target_h / target_w)))
        pad_w = max(width, int(round(height * target_w / target_h)))
        top, left = (pad_h - height) // 2, (pad_w - width) // 2
        x = F.pad(x, (left, pad_w - width - left, top, pad_h - height - top), value=fill_value)
    antialias = antialias and interpolation in ("bilinear", "bicubic")
    align = False if interpolation in ("bilinear", "bicubic") else None
    out = F.interpolate(x, size=(target_h, target_w), mode=_MODES[interpolation], align_corners=align,
                        antialias=antialias)
    if not dtype.is_floating_point:
        out = torch.round(out).clamp(torch.iinfo(dtype).min, torch.iinfo(dtype).max).to(dtype)
    return restore(out)


@op
def rgb_to_grayscale(images, data_format=None):
    """Luma (ITU-R 601 weights) as a single channel."""
    images = _t(images)
    channel = -1 if _data_format(data_format) == "channels_last" else -3
    weights = torch.tensor([0.2989, 0.5870, 0.1140], dtype=torch.float32, device=images.device)
    x = images.float() if not images.is_floating_point() else images
    shape = [1] * x.ndim
    shape[channel] = 3
    gray = torch.sum(x * weights.to(x.dtype).reshape(shape), dim=channel, keepdim=True)
    return gray.to(images.dtype) if not images.is_floating_point() else gray


@op
def rgb_to_hsv(images, data_format=None):
    """RGB in [0, 1] to HSV in [0, 1]."""
    images = _t(images)
    channel = -1 if _data_format(data_format) == "channels_last" else -3
    r, g, b = images.unbind(channel)
    value = torch.maximum(torch.maximum(r, g), b)
    delta = value - torch.minimum(torch.minimum(r, g), b)
    safe = torch.where(delta > 0, delta, torch.ones_like(delta))
    saturation = torch.where(value > 0, delta / torch.where(value > 0, value, torch.ones_like(value)), 0.0)
    hue = torch.where(value == r, (g - b) / safe, torch.where(value == g, 2.0 + (b - r) / safe, 4.0 + (r - g) / safe))
    hue = torch.where(delta > 0, torch.remainder(hue / 6.0, 1.0), torch.zeros_like(hue))
    return torch.stack([hue, saturation, value], dim=channel)


@op
def hsv_to_rgb(images, data_format=None):
    """HSV in [0, 1] to RGB in [0, 1]."""
    images = _t(images)
    channel = -1 if _data_format(data_format) == "channels_last" else -3
    h, s, v = images.unbind(channel)
    dh = h * 6.0
    r = torch.clamp(torch.abs(dh - 3.0) - 1.0, 0.0, 1.0)
    g = torch.clamp(2.0 - torch.abs(dh - 2.0), 0.0, 1.0)
    b = torch.clamp(2.0 - torch.abs(dh - 4.0), 0.0, 1.0)
    return torch.stack([((c - 1.0) * s + 1.0) * v for c in (r, g, b)], dim=channel)


@op
def pad_images(images, top_padding=None, left_padding=None, bottom_padding=None, right_padding=None,
               target_height=None, target_width=None, data_format=None):
    """Images zero-padded on each side (or up to a target size)."""
    images = _t(images)
    x, restore = _batched_first(images, _data_format(data_format))
    height, width = x.shape[-2:]
    top, left = top_padding or 0, left_padding or 0
    bottom = bottom_padding if bottom_padding is not None else (target_height - height - top if target_height else 0)
    right = right_padding if right_padding is not None else (target_width - width - left if target_width else 0)
    if min(top, left, bottom, right) < 0:
        raise ValueError(
            "Padding must be non-negative. "
            f"Received: top={top}, left={left}, bottom={bottom}, right={right}"
        )
    return restore(F.pad(x, (left, right, top, bottom)))


@op
def crop_images(images, top_cropping=None, left_cropping=None, bottom_cropping=None, right_cropping=None,
                target_height=None, target_width=None, data_format=None):
    """Images cropped on each side (or down to a target size)."""
    images = _t(images)
    x, restore = _batched_first(images, _data_format(data_format))
    height, width = x.shape[-2:]
    top, left = top_cropping or 0, left_cropping or 0
    new_h = target_height if target_height is not None else height - top - (bottom_cropping or 0)
    new_w = target_width if target_width is not None else width - left - (right_cropping or 0)
    if new_h <= 0 or new_w <= 0 or top + new_h > height or left + new_w > width:
        raise ValueError(
            "The cropped size must be positive and fit in the image. "
            f"Received: images.shape={tuple(images.shape)}, top={top}, left={left}, height={new_h}, width={new_w}"
        )
    return restore(x[..., top:top + new_h, left:left + new_w])


@op
def extract_patches(images, size, strides=None, dilation_rate=1, padding="valid", data_format=None):
    """Non-overlapping (or `strides`-spaced) patches flattened into the channel axis."""
    from kerastorch.ops._nn_conv import _pad_spatial
    from kerastorch.ops._nn_conv import _same_pads

    images = _t(images)
    size = (size, size) if isinstance(size, int) else tuple(size)
    strides = size if strides is None else ((strides, strides) if isinstance(strides, int) else tuple(strides))
    dilation = (dilation_rate, dilation_rate) if isinstance(dilation_rate, int) else tuple(dilation_rate)
    x, restore = _batched_first(images, _data_format(data_format))
    if padding == "same":
        x = _pad_spatial(x, _same_pads(x.shape[-2:], size, strides, dilation))
    channels = x.shape[1]
    cols = F.unfold(x, size, dilation=dilation, stride=strides)
    out_h = (x.shape[-2] - (size[0] - 1) * dilation[0] - 1) // strides[0] + 1
    out_w = (x.shape[-1] - (size[1] - 1) * dilation[1] - 1) // strides[1] + 1
    # unfold orders (channel, kh, kw); Keras orders (kh, kw, channel).
    cols = cols.reshape(x.shape[0], channels, size[0] * size[1], out_h, out_w).transpose(1, 2)
    return restore(cols.reshape(x.shape[0], -1, out_h, out_w))


__all__ = ["resize", "rgb_to_grayscale", "rgb_to_hsv", "hsv_to_rgb", "pad_images", "crop_images", "extract_patches"]

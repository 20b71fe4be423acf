"""Images as files, PIL images and NumPy arrays: `load_img`, `img_to_array`, `array_to_img`, `save_img`, and
`smart_resize` (resize without distorting the aspect ratio).

PIL (the `pillow` package) is imported on first use, never by `import kerastorch`.
"""

import io
import pathlib
import warnings

import numpy as np

from kerastorch.backend import config


def _pil_image(caller):
    try:
        from PIL import Image  # noqa: PLC0415 - optional, and heavy enough to keep out of `import kerastorch`
    except ImportError as error:
        raise ImportError(
            f"`{caller}` needs PIL, which is not installed. Install the `pillow` package: pip install pillow"
        ) from error
    return Image


def _resampling(image_module):
    resampling = getattr(image_module, "Resampling", image_module)
    return {
        "nearest": resampling.NEAREST,
        "bilinear": resampling.BILINEAR,
        "bicubic": resampling.BICUBIC,
        "hamming": resampling.HAMMING,
        "box": resampling.BOX,
        "lanczos": resampling.LANCZOS,
    }


def array_to_img(x, data_format=None, scale=True, dtype=None):
    """Converts a 3D NumPy array (one image) to a PIL image.

    Args:
        x: An array of rank 3: `(height, width, channels)` or, channels first, `(channels, height, width)`,
            with 1 (grayscale), 3 (RGB) or 4 (RGBA) channels.
        data_format: "channels_last" or "channels_first"; `keras.config.image_data_format()` when None.
        scale: Whether to rescale the values to [0, 255] (the minimum to 0, the maximum to 255).
        dtype: The dtype the array is read as; `keras.config.floatx()` when None.

    Returns:
        A PIL Image (mode RGBA, RGB, L, or I for one channel whose values exceed 255).
    """
    data_format = config.standardize_data_format(data_format)
    dtype = config.floatx() if dtype is None else dtype
    image_module = _pil_image("array_to_img")
    x = np.asarray(x, dtype=dtype)
    if x.ndim != 3:
        raise ValueError(f"Expected image array to have rank 3 (single image). Got array with shape: {x.shape}")
    if data_format == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        x_max = np.max(x)
        if x_max != 0:
            x = x / x_max
        x = x * 255
    channels = x.shape[2]
    if channels == 4:
        return image_module.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image_module.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:
            return image_module.fromarray(x[:, :, 0].astype("int32"), "I")
        return image_module.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"Channel number must be 1, 3 or 4. Received: channels={channels}")


def img_to_array(img, data_format=None, dtype=None):
    """Converts a PIL image (or anything NumPy reads as rank 2 or 3) to a rank-3 NumPy array.

    Args:
        img: The image.
        data_format: "channels_last" gives `(height, width, channels)`, "channels_first"
            `(channels, height, width)`; `keras.config.image_data_format()` when None.
        dtype: The array's dtype; `keras.config.floatx()` when None.
    """
    data_format = config.standardize_data_format(data_format)
    dtype = config.floatx() if dtype is None else dtype
    x = np.asarray(img, dtype=dtype)
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if data_format == "channels_first" else x
    if x.ndim == 2:
        return x[np.newaxis] if data_format == "channels_first" else x[..., np.newaxis]
    raise ValueError(f"Unsupported image shape. Expected a rank 2 or 3 image. Received: shape={x.shape}")


def save_img(path, x, data_format=None, file_format=None, scale=True, **kwargs):
    """Saves an image held in a NumPy array to a path or a file object.

    Args:
        path: A path, or a file object (then `file_format` is required).
        x: The image array, as for `array_to_img`.
        data_format: "channels_last" or "channels_first"; `keras.config.image_data_format()` when None.
        file_format: The format ("png", "jpeg", ...); taken from the file name's extension when None.
        scale: Whether to rescale the values to [0, 255].
        **kwargs: Passed on to `PIL.Image.Image.save()`.
    """
    data_format = config.standardize_data_format(data_format)
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("The JPEG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def load_img(path, color_mode="rgb", target_size=None, interpolation="nearest", keep_aspect_ratio=False):
    """Loads an image file as a PIL image.

    Args:
        path: A path (str, bytes or pathlib.Path) or an `io.BytesIO`.
        color_mode: "grayscale", "rgb" or "rgba".
        target_size: None for the file's size, else `(height, width)`.
        interpolation: How to resample when resizing: "nearest", "bilinear", "bicubic", "lanczos", "box" or
            "hamming".
        keep_aspect_ratio: Whether to crop the largest centered box of the target's aspect ratio before
            resizing, so the image is not distorted.

    Example:

    ```python
    image = keras.utils.load_img(image_path)
    batch = np.array([keras.utils.img_to_array(image)])
    ```
    """
    image_module = _pil_image("load_img")
    if isinstance(path, io.BytesIO):
        img = image_module.open(path)
    elif isinstance(path, (pathlib.Path, bytes, str)):
        if isinstance(path, pathlib.Path):
            path = str(path.resolve())
        with open(path, "rb") as f:
            img = image_module.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"path should be path-like or io.BytesIO, not {type(path)}")
    if color_mode == "grayscale":
        # 16- and 32-bit grayscale files keep their depth.
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode in ("rgba", "rgb"):
        if img.mode != color_mode.upper():
            img = img.convert(color_mode.upper())
    else:
        raise ValueError(f'color_mode must be "grayscale", "rgb", or "rgba". Received: color_mode={color_mode!r}')
    if target_size is None:
        return img
    width_height = (target_size[1], target_size[0])
    if img.size == width_height:
        return img
    methods = _resampling(image_module)
    if interpolation not in methods:
        raise ValueError(
            f"Invalid interpolation method. Expected one of {', '.join(methods)}. "
            f"Received: interpolation={interpolation!r}"
        )
    if not keep_aspect_ratio:
        return img.resize(width_height, methods[interpolation])
    width, height = img.size
    target_width, target_height = width_height
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top, left = (height - crop_height) // 2, (width - crop_width) // 2
    return img.resize(width_height, methods[interpolation], box=[left, top, left + crop_width, top + crop_height])


def smart_resize(x, size, interpolation="bilinear", data_format="channels_last", **kwargs):
    """Resizes images to `size` without distorting them: the largest centered crop with the target's aspect
    ratio is taken, then resized.

    Args:
        x: One image `(height, width, channels)` or a batch `(batch, height, width, channels)` (channels first
            when `data_format="channels_first"`); a NumPy array or a tensor.
        size: `(height, width)`.
        interpolation: "bilinear", "nearest", "bicubic", "lanczos3" or "lanczos5".
        data_format: "channels_last" or "channels_first".

    Returns:
        A NumPy array for a NumPy input, else a tensor.
    """
    from kerastorch import ops  # noqa: PLC0415 - ops imports the utils

    kwargs.pop("backend_module", None)
    if kwargs:
        raise TypeError(f"smart_resize() got unexpected keyword arguments: {list(kwargs)}")
    if len(size) != 2:
        raise ValueError(f"Expected `size` to be a tuple of 2 integers, but got: {size}.")
    img = ops.convert_to_tensor(x)
    if img.ndim not in (3, 4):
        raise ValueError(
            "Expected an image array with shape `(height, width, channels)`, or `(batch_size, height, width, "
            f"channels)`, but got input with incorrect rank, of shape {tuple(img.shape)}."
        )
    spatial = (-3, -2) if data_format == "channels_last" else (-2, -1)
    height, width = img.shape[spatial[0]], img.shape[spatial[1]]
    target_height, target_width = size
    crop_height = max(min(height, int(float(width * target_height) / target_width)), 1)
    crop_width = max(min(width, int(float(height * target_width) / target_height)), 1)
    top, left = int(float(height - crop_height) / 2), int(float(width - crop_width) / 2)
    img = img.narrow(img.ndim + spatial[0], top, crop_height).narrow(img.ndim + spatial[1], left, crop_width)
    img = ops.image.resize(img, size=size, interpolation=interpolation, data_format=data_format)
    if isinstance(x, np.ndarray):
        return ops.convert_to_numpy(img)
    return img

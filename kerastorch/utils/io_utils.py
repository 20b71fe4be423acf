"""Where kerastorch's messages go: stdout (interactive logging, the default) or Python's `logging`.

Interactive logging suits a shell or a notebook; turned off (`keras.config.disable_interactive_logging()`),
messages go to the `"kerastorch"` logger at INFO level instead, for jobs on a server whose output is collected
by logging handlers. (Keras sends them to absl.logging; kerastorch has no absl dependency.) Code that prints
progress or callback messages calls `print_msg`.
"""

import logging
import sys

_state = {"interactive_logging": True}
logger = logging.getLogger("kerastorch")


def enable_interactive_logging():
    """Turns on interactive logging: messages and progress bars are written to stdout."""
    _state["interactive_logging"] = True


def disable_interactive_logging():
    """Turns off interactive logging: messages go to the `"kerastorch"` Python logger at INFO level."""
    _state["interactive_logging"] = False


def is_interactive_logging_enabled():
    """Whether messages are written to stdout (True, the default) or to the `"kerastorch"` logger (False)."""
    return _state["interactive_logging"]


def print_msg(message, line_break=True):
    """Writes `message` to stdout, or logs it when interactive logging is off."""
    message = str(message)
    if not is_interactive_logging_enabled():
        logger.info(message)
        return
    message = f"{message}\n" if line_break else message
    try:
        sys.stdout.write(message)
    except UnicodeEncodeError:
        # A console that cannot encode every character (ASCII, cp1252): the progress bar's `━` becomes `=`, and
        # what else it cannot take is dropped, as Keras does, rather than failing the run.
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(message.replace("━", "=").encode(encoding, errors="ignore").decode(encoding))
    sys.stdout.flush()

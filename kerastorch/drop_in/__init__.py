"""Drop-in use: run unmodified `import keras` / `from tensorflow import keras` scripts on kerastorch."""

from kerastorch.drop_in.import_hook import install_shims
from kerastorch.drop_in.import_hook import uninstall_shims
from kerastorch.drop_in.runner import run_script

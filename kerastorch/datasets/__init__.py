"""keras.datasets: the classic small datasets, downloaded once and cached under $KERAS_HOME/datasets."""

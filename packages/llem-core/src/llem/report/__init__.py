"""``llem report``: PNG plots and one self-contained HTML page from a study folder."""

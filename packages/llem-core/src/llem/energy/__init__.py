"""Energy samplers: each measures the energy of one window on some hardware boundary."""

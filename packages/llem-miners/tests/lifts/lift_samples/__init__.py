"""Small synthetic classes for the lift tests: one module per kind of class."""

"""Models: see the module docstring in services.py."""

"""Policy Watcher: watch what vendors promise about your data."""

__version__ = "0.1.0"

"""campaign — track a campaign run from an implementation plan (实施方案)."""

__version__ = "0.1.0"

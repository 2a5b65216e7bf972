"""PortControl: targeting, inspection and information exchange for customs Port Control Units."""

__version__ = "0.1.0"

"""The framework-free core of PortControl: nothing below this package imports Django."""

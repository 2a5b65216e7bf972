"""The risk engine: risk profiles, indicators, screening results, scores, lanes and selection.

Everything here works on columnar frames (Polars) built by :mod:`portcontrol.core.risk.frame`,
one row per consignment line, cargo unit or person, so that a million lines score in seconds.
"""

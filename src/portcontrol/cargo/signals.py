"""Signals of the cargo app, so that apps above it react to new data without cargo knowing them."""

from django.dispatch import Signal

# Sent after an import's records are committed; keyword argument ``import_run``.
# The targeting app assesses what the import stored or amended.
import_stored = Signal()

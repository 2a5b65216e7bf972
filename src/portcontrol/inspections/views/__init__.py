"""Inspection pages (``inspections``) and seizure pages (``seizures``)."""

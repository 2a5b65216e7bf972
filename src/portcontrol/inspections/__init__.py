"""Inspections ordered from tasks or opened directly, their findings, seizures and exports."""

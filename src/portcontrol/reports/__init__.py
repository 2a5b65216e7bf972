"""Dashboards, statistics, the monthly report and the offline map of routes and seizures."""

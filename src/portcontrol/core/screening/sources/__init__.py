"""Readers of published watch lists: each turns a file into ``WatchListEntry`` items."""

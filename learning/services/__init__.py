"""Writes for the learning app, one module per part."""

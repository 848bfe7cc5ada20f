"""The learning app's tables, one module per part."""

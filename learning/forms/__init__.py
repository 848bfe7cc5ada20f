"""The learning app's forms, one module per part."""

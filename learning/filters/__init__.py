"""The learning app's filters, one module per part."""

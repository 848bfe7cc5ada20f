"""django-tables2 tables of the learning app, one module per part."""

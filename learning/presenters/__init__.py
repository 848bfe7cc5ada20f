"""GOV.UK component parameters for the learning app, one module per part."""

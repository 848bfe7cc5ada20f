"""The base of every app's domain error (ActionError, RegistryError, AssessmentError…)."""


class ServiceError(Exception):
    """A business rule was broken. `message` is safe to show to the user; the view puts it
    next to form field `field`, or at the top of the form when `field` is None."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

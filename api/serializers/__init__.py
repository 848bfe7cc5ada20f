"""The API's serializers, one module per source app, and what they share."""

from collections.abc import Callable, Iterable


def fields_only_for(serializer, names: Iterable[str], rule: Callable[[object], bool]) -> None:
    """Leave the fields `names` out of `serializer` unless the request's user passes `rule`
    (a vanguards/permissions.py function). The schema keeps them: drf-spectacular generates it
    through a stand-in view (`swagger_fake_view`), and each such field's description says who
    gets it."""
    if getattr(serializer.context.get("view"), "swagger_fake_view", False):
        return
    request = serializer.context.get("request")
    if request is None or not rule(request.user):
        for name in names:
            serializer.fields.pop(name)

"""The OpenAPI schema, generated once a process from the code (drf-spectacular), and the
endpoints read from it for the documentation page and the API root."""

from dataclasses import dataclass
from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator


@lru_cache(maxsize=1)
def openapi_schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


@dataclass(frozen=True)
class Endpoint:
    path: str  # as in the schema: /api/v1/touchpoints/{id}/
    summary: str
    parameters: tuple[tuple[str, str], ...]  # (name, description) of the query parameters

    @property
    def has_id(self) -> bool:
        return "{" in self.path

    @property
    def name(self) -> str:
        return self.path.removeprefix("/api/v1/").strip("/").split("/")[0]


def endpoints() -> list[Endpoint]:
    """Each data endpoint (GET) in the schema, in path order."""
    found = []
    for path, operations in sorted(openapi_schema()["paths"].items()):
        operation = operations.get("get")
        if operation is None or path in ("/api/v1/", "/api/v1/schema/"):
            continue
        parameters = tuple(
            (parameter["name"], parameter.get("description", ""))
            for parameter in operation.get("parameters", [])
            if parameter["in"] == "query"
        )
        summary = operation.get("summary") or operation.get("description", "").split("\n")[0]
        found.append(Endpoint(path, summary, parameters))
    return found

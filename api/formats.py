"""JSON's companion format: CSV for every list, and content negotiation that answers an
unknown format with a 406 naming the formats (DRF's own answer is a 404)."""

import csv
import io
import json

from django.http import Http404
from rest_framework import exceptions, negotiation, renderers

from workwell.tables import safe_cell


def _item(item) -> str:
    if isinstance(item, dict):
        return ", ".join(f"{key}={'' if value is None else value}" for key, value in item.items())
    return str(item)


def _flat(record: dict) -> bool:
    return not any(isinstance(value, dict | list | tuple) for value in record.values())


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        # A nested record with records in it (a snapshot's figures, pulse results' groups)
        # as JSON text, which spreadsheets and BI tools can parse.
        return safe_cell(json.dumps(value, ensure_ascii=False))
    if isinstance(value, list | tuple):
        if any(isinstance(item, dict) and not _flat(item) for item in value):
            return safe_cell(json.dumps(value, ensure_ascii=False))  # records within records
        # A list in one cell, its items separated by "; " (a flat record as key=value pairs,
        # such as an assessment's levels).
        return safe_cell("; ".join(_item(item) for item in value))
    return safe_cell(value if isinstance(value, int | float) else str(value))


class CSVRenderer(renderers.BaseRenderer):
    """A list (or one record) as CSV: a header of the serializer's fields, one row a record.
    An error is rendered as `field,message` rows, so a CSV client still reads text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        response = renderer_context.get("response")
        view = renderer_context.get("view")
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        if response is not None and response.status_code >= 400 or view is None:
            writer.writerow(["field", "message"])
            for field, messages in (data or {}).items():
                for message in messages if isinstance(messages, list) else [messages]:
                    # The field can be a parameter name the caller typed: a cell like any other.
                    writer.writerow([_cell(str(field)), _cell(str(message))])
            return buffer.getvalue().encode()
        rows = data["results"] if isinstance(data, dict) and "results" in data else [data]
        columns = list(view.get_serializer().fields)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(column)) for column in columns])
        return buffer.getvalue().encode()


class ContentNegotiation(negotiation.DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        try:
            return super().select_renderer(request, renderers, format_suffix)
        except Http404:  # DRF's answer to an unknown ?format=
            raise exceptions.NotAcceptable(
                "Ask for format=json or format=csv (or send Accept: text/csv)."
            ) from None

"""Cursor pagination for the data API's lists (see api/urls.py for the conventions)."""

from rest_framework import exceptions, pagination

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class CursorPagination(pagination.CursorPagination):
    """Pages by id: ids never change and new records get larger ones, so following `next`
    neither repeats nor skips a record while rows are added (they appear on the last page).
    `next` is also sent as a `Link` header, for CSV."""

    ordering = "pk"
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_size_query_description = (
        f"Records a page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE})."
    )
    cursor_query_description = "Where the page starts: follow the `next` or `previous` link."
    invalid_page_size = f"Give page_size as a whole number from 1 to {MAX_PAGE_SIZE}."

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            raise exceptions.ValidationError({self.page_size_query_param: self.invalid_page_size})
        return int(text)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except exceptions.NotFound:
            raise exceptions.ValidationError(
                {"cursor": "This cursor is not one the API gave. Follow the `next` link."}
            ) from None

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        next_link = self.get_next_link()
        if next_link:
            response["Link"] = f'<{next_link}>; rel="next"'
        return response

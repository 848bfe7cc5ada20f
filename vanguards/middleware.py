"""Keeps network partners to the parts of the portal they may use (permissions.PARTNER_NAMESPACES).

One check for every page, so that no vanguard, touchpoint, action, support request or maturity
page has to remember to refuse them, and a part added later is closed to them until opened.
"""

from django.http import Http404
from django.utils.functional import empty

from . import permissions


class PartnerNamespaceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = getattr(request, "resolver_match", None)
        namespace = match.namespaces[0] if match and match.namespaces else ""
        user = request.user
        if not permissions.may_use_namespace(user, namespace):
            raise Http404  # as for another vanguard's record: the page is not there for them
        # Read above: from here on the view, the permissions and the templates get the user
        # itself rather than its lazy stand-in, through which every attribute read is a few
        # Python calls (some 40 role checks a page, about 150 calls).
        if getattr(user, "_wrapped", empty) is not empty:
            request.user = user._wrapped
        return None
